/**
 * The bar's stylesheet, shared by the iframe page (`/embed/:slug`) and the web component's
 * Shadow DOM (`/widget.js`), so both draw the same bar. Colours come from custom properties
 * set by `themeCss`; widths follow the container from 240 px up.
 */
export const BAR_CSS = [
  '.sb{box-sizing:border-box;min-width:0;padding:12px 16px;color:var(--sb-text);background:var(--sb-bg);',
  'font:14px/1.35 system-ui,-apple-system,"Segoe UI",Roboto,"Helvetica Neue",Arial,sans-serif}',
  '.sb *{box-sizing:border-box}',
  '.sb-name{margin:0 0 6px;font-size:15px;font-weight:600;letter-spacing:-.005em;white-space:nowrap;overflow:hidden;text-overflow:ellipsis}',
  '.sb-ticks{position:relative;height:1.35em;margin-bottom:3px;color:var(--sb-muted);font-size:12px}',
  '.sb-tick,.sb-amount>span{position:absolute;top:0;left:var(--at);transform:translateX(calc(var(--at) * -1));white-space:nowrap}',
  // Right to left: positions count from the right edge, the fill grows from the right.
  '.sb[dir=rtl] .sb-tick,.sb[dir=rtl] .sb-amount>span{left:auto;right:var(--at);transform:translateX(var(--at))}',
  '.sb-tagline{margin:-2px 0 6px;color:var(--sb-muted);font-size:13px;white-space:nowrap;overflow:hidden;text-overflow:ellipsis}',
  '.sb-track{position:relative;height:14px;border-radius:7px;background:var(--sb-track);overflow:hidden}',
  '.sb-fill{height:100%;width:var(--at);background:var(--sb-accent);border-radius:7px;transition:width .6s ease}',
  '.sb-mark{position:absolute;top:0;bottom:0;left:50%;width:2px;margin-left:-1px;background:var(--sb-bg);opacity:.6}',
  '.sb-amount{position:relative;height:1.3em;margin-top:4px;font-size:17px;font-weight:700;font-variant-numeric:tabular-nums}',
  '.sb-pct{margin-inline-start:.4em;font-size:13px;font-weight:500;color:var(--sb-muted)}',
  '.sb-foot{display:flex;align-items:center;justify-content:space-between;gap:8px;margin-top:6px;min-width:0}',
  '.sb-label{font-size:12px;font-weight:600;letter-spacing:.06em;color:var(--sb-muted);white-space:nowrap;overflow:hidden;text-overflow:ellipsis}',
  '.sb-button{flex:none;display:inline-block;max-width:50%;overflow:hidden;text-overflow:ellipsis;white-space:nowrap;padding:7px 18px;border-radius:8px;background:var(--sb-accent);',
  'color:var(--sb-on-accent);font-weight:600;text-decoration:none}',
  '.sb-button:hover{filter:brightness(1.08)}',
  '.sb-button:focus-visible{outline:2px solid var(--sb-text);outline-offset:2px}',
  // Compact is one line, as the SVG draws it: track, amount, button (no name, ticks or label).
  '.sb-compact{display:flex;flex-wrap:nowrap;align-items:center;gap:10px;padding:8px 12px}',
  '.sb-compact .sb-name,.sb-compact .sb-tagline,.sb-compact .sb-ticks,.sb-compact .sb-label{display:none}',
  '.sb-compact .sb-bar{flex:1;min-width:40px}',
  '.sb-compact .sb-amount{height:auto;margin:0;white-space:nowrap;overflow:hidden;text-overflow:ellipsis;max-width:33%}',
  '.sb-compact .sb-amount>span{position:static;transform:none}',
  // The foot shrinks to at most half the line and the button fills it: a button's own
  // max-width:50% of a shrink-to-fit foot resolved against itself and cut "Support" to "S…".
  '.sb-compact .sb-foot{margin:0;flex:0 1 auto;min-width:0;max-width:50%}',
  '.sb-compact .sb-button{max-width:100%}',
  '.sb-compact .sb-pct{display:none}',
  '.sb-note{margin:0;color:var(--sb-muted)}',
  '.sb-raised{margin:2px 0 0;font-size:16px;font-weight:700;white-space:nowrap;overflow:hidden;text-overflow:ellipsis}',
  '.sb-facts{margin:2px 0 0;color:var(--sb-muted);font-size:12px;white-space:nowrap;overflow:hidden;text-overflow:ellipsis}',
  '.sb-facts>span+span::before{content:" · "}',
  '.sb-compact .sb-raised{flex:1;margin:0;min-width:0}',
  '.sb-marker{position:absolute;top:0;bottom:0;left:var(--at);width:2px;margin-left:-1px;background:var(--sb-text);opacity:.55}',
  '.sb[dir=rtl] .sb-marker,.sb[dir=rtl] .sb-mark{left:auto;right:var(--at,50%);margin:0 -1px 0 0}',
  '.sb-marks,.sb-donors-text{display:block;margin:2px 0 0;color:var(--sb-muted);font-size:12px;white-space:nowrap;overflow:hidden;text-overflow:ellipsis}',
  '.sb-marks>span+span::before{content:" · "}',
  // Right to left: each text keeps its own direction (dir=auto, bdi) but aligns to the right,
  // and every item of a list is isolated, so a Latin amount or label cannot reorder its line.
  '.sb[dir=rtl] .sb-name,.sb[dir=rtl] .sb-tagline,.sb[dir=rtl] .sb-raised{text-align:right}',
  '.sb-facts>span,.sb-marks>span,.sb-pct{unicode-bidi:isolate}',
  '.sb-donors{margin-top:6px}',
  '.sb-thin{height:6px;margin-top:2px}',
  '.sb-compact .sb-facts,.sb-compact .sb-marks,.sb-compact .sb-donors{display:none}',
  '@media (prefers-reduced-motion:reduce){.sb-fill{transition:none}}',
].join('')

/** Page-level rules of the iframe document. */
export const PAGE_CSS = 'html,body{margin:0;background:var(--sb-bg)}'
