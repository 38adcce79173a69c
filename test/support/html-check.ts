import { HtmlValidate } from 'html-validate'

/**
 * html-validate with the presets of test/validators/html-validate.test.ts (standard, a11y,
 * document; the bar's progressbar div allowed), for pages that need a request the crawl there
 * cannot make (a paid Checkout Session, a posted form, an e-mailed link).
 */
const validator = new HtmlValidate({
  extends: ['html-validate:standard', 'html-validate:a11y', 'html-validate:document'],
  rules: {
    'prefer-native-element': ['error', { exclude: ['progressbar'] }],
    'require-sri': ['error', { target: 'crossorigin' }],
  },
})

/** Every problem html-validate finds in a page, as `name:line:column rule message`. */
export async function htmlProblems(html: string, name: string): Promise<string[]> {
  const result = await validator.validateString(html, name)
  return result.results.flatMap((r) =>
    r.messages.map((m) => `${name}:${m.line}:${m.column} ${m.ruleId} ${m.message}`),
  )
}
