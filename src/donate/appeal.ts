import MarkdownIt from 'markdown-it'
import { boundedMemo } from '../domain/memo.js'

/**
 * The appeal's Markdown subset: markdown-it's 'zero' preset (paragraphs and text only, raw HTML
 * escaped) with just emphasis, strong, lists, line breaks, escapes, entities and links enabled.
 * Links must be http(s) (anything else stays text) and open with rel="nofollow noopener".
 */
const md = new MarkdownIt('zero', { html: false, linkify: false, breaks: false }).enable([
  'list',
  'emphasis',
  'link',
  'newline',
  'escape',
  'entity',
])
md.validateLink = (url) => /^https?:\/\//i.test(url.trim())
md.renderer.rules.link_open = (tokens, i, options, _env, self) => {
  tokens[i]?.attrSet('rel', 'nofollow noopener')
  return self.renderToken(tokens, i, options)
}

const rendered = boundedMemo<string>()

/** The appeal as safe HTML (memoised: the same text renders once). */
export function appealHtml(text: string): string {
  return rendered(text, () => md.render(text))
}
