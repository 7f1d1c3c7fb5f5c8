// Runs in the page's own world (the only file that does). Chrome will not
// run a `javascript:` link clicked from an extension's isolated world, so
// when the save guard replays an action ("Save anyway", or a save it held
// while a check finished) it asks here for the click. It clicks only the
// element the event was dispatched on: nothing the page could not do itself.
// An add-on reloaded in Firefox runs this file again in the open tab, beside
// the copy already there (a page's own world outlives the add-on): the first
// listener clicks, the others see the event already answered, so one replay
// is one click, never two saves.
document.addEventListener('asg-replay-click', (event) => {
  if (!(event.target instanceof HTMLElement) || event.defaultPrevented) return;
  event.preventDefault(); // tells the guard the click was made here
  event.target.click();
}, true);
