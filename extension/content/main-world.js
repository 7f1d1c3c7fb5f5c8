// Runs in the page's own world (the only file that does). Chrome will not
// run a `javascript:` link clicked from an extension's isolated world, so
// when the save guard replays an action ("Save anyway", or a save it held
// while a check finished) it asks here for the click. It clicks only the
// element the event was dispatched on: nothing the page could not do itself.
document.addEventListener('asg-replay-click', (event) => {
  if (!(event.target instanceof HTMLElement)) return;
  event.preventDefault(); // tells the guard the click was made here
  event.target.click();
}, true);
