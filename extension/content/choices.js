// The offer's question "which integration is this level for?" (a fresh copy
// of the API-only level): one button per profile the engine lists
// (`report.offer.choices`), each sending the message the engine gave it.
// Draws and forwards only: which profiles fit, and what a choice means, are
// the engine's (src/pages/mod.rs, `choices`).

export const CHOICES_CSS = `
    .choices { list-style: none; margin: 8px 0 0; padding: 0; max-height: 50vh; overflow: auto; }
    .choices li { margin: 4px 0; }
    .choices button { display: block; width: 100%; min-height: 28px; text-align: left; padding: 6px 8px;
      background: #f6f8fa; color: inherit; border: 1px solid #d0d7de; border-radius: 6px; }
    .choices button:hover, .choices button:focus-visible { border-color: #0969da; outline: none; }
    .choices .name { font-weight: 600; }
    .choices .about { display: block; margin-top: 2px; font-size: 12px; color: #59636e; }
    @media (prefers-color-scheme: dark) {
      .choices button { background: #21262d; border-color: #30363d; }
      .choices .about { color: #9198a1; }
    }
`;

/**
 * The list of choices, or null when the offer asks nothing.
 * @param {(tag: string, props?: object, ...children: any[]) => HTMLElement} el the overlay's builder (trusted clicks only)
 * @param {{id: string, name: string, description: string, message: object}[] | undefined} choices
 * @param {((message: object) => void) | null} onChoose
 * @param {string} label the list's accessible name (the offer's question)
 */
export function choiceList(el, choices, onChoose, label) {
  if (!onChoose || !Array.isArray(choices) || !choices.length) return null;
  return el('ul', { class: 'choices', testid: 'asg-choices', 'aria-label': label },
    choices.map((c) => el('li', {},
      el('button', { type: 'button', testid: `asg-choice-${c.id}`, 'data-profile': c.id, onclick: () => onChoose(c.message) },
        el('span', { class: 'name' }, c.name),
        c.description ? el('span', { class: 'about' }, c.description) : null))));
}
