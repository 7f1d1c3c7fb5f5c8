// A finding's detail in the panel: the guide's own words for its rule and the
// guide's title, and "inferred (advice)" for a rule the guide does not state
// exactly. Draws only what the engine's report carries (`result.quote`,
// `result.inferred`, `report.sources`), always as text: a profile may be
// imported, so its words are as untrusted as the page's.

export const DETAIL_CSS = `
    .detail { margin: 0 0 4px 1.9em; font-size: 12px; color: #59636e; }
    .detail summary { cursor: pointer; color: #0550ae; }
    .detail summary:focus-visible { outline: 2px solid #0969da; outline-offset: 2px; }
    .detail blockquote { margin: 4px 0; padding-left: 8px; border-left: 3px solid #d0d7de; font-style: italic; }
    .detail p { margin: 2px 0; }
    .detail .inferred { font-weight: 600; }
    @media (prefers-color-scheme: dark) {
      .detail { color: #9198a1; }
      .detail summary { color: #79c0ff; }
      .detail blockquote { border-left-color: #30363d; }
    }
`;

/**
 * The detail of one finding, or null when its rule has neither a quote nor
 * an inference to show (a baseline control, Autotask's own rules).
 * @param {(tag: string, props?: object, ...children: any[]) => HTMLElement} el the overlay's builder
 * @param {(key: string, ...subs: string[]) => string} t the overlay's message lookup
 * @param {{quote?: string, inferred?: boolean, source?: string | null}} result
 * @param {{id: string, title: string}[]} sources the report's cited sources
 */
export function findingDetail(el, t, result, sources) {
  const quote = typeof result.quote === 'string' && result.quote.trim() ? result.quote : null;
  const inferred = result.inferred === true;
  if (!quote && !inferred) return null;
  const source = result.source ? (sources || []).find((s) => s.id === result.source) : null;
  const title = source && typeof source.title === 'string' ? source.title : null;
  return el('details', { class: 'detail', testid: 'asg-finding-detail' },
    el('summary', {}, inferred ? t('panelGuideInferred') : t('panelGuideWords')),
    inferred ? el('p', { class: 'inferred', testid: 'asg-finding-inferred' }, t('panelInferred')) : null,
    quote ? el('blockquote', { testid: 'asg-finding-quote' }, `“${quote}”`) : null,
    title ? el('p', { testid: 'asg-finding-source' }, t('panelGuideSource', title)) : null);
}
