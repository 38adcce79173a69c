import type { EmbedOptions } from '../bar/options.js'
import { afterGiftText } from '../domain/messages/after-gift.js'
import { donateText } from '../domain/messages/donate.js'
import { Document } from '../donate/page.js'

/** What a manage page shows: the campaign, a message, the form (when it can be used). */
export interface ManageView {
  slug: string
  name: string
  /** The display locale (option, else the campaign's). */
  locale: string
  options: Pick<EmbedOptions, 'theme' | 'accent'>
  /** Query string of the display options, kept on the form's action. */
  query: string
  /** A sentence already in the reader's words: an error, or the form's one answer. */
  message?: { kind: 'error' | 'done'; text: string }
  /** A sentence for the site's operator (which setting is missing), in English. */
  note?: string
  /** The e-mail form, with its anti-forgery token; absent where managing is not possible. */
  form?: { csrf: string; email?: string }
  /** The campaign's contact link, for a donor who cannot manage the gift here. */
  contactUrl?: string | undefined
}

/**
 * The page where a donor asks for a link to manage a monthly or yearly gift: one e-mail field,
 * no JavaScript, in the page's language and direction. Its answer is the same whatever the
 * address (the `done` message); the link itself arrives by e-mail.
 */
export function renderManagePage(v: ManageView, dir: 'ltr' | 'rtl'): string {
  const a = (key: Parameters<typeof afterGiftText>[1], vars?: Record<string, string>) =>
    afterGiftText(v.locale, key, vars)
  const title = a('manageTitle', { name: v.name })
  const page = (
    <Document
      lang={v.locale}
      dir={dir}
      title={title}
      theme={v.options.theme}
      accent={v.options.accent}
      image={null}
    >
      <h1 dir="auto">{title}</h1>
      {v.message?.kind === 'error' && (
        <p class="db-error" role="alert">
          {v.message.text}
        </p>
      )}
      {v.message?.kind === 'done' && (
        <>
          <p class="db-done" role="status">
            {v.message.text}
          </p>
          <p class="db-note">{a('sentHint')}</p>
        </>
      )}
      {v.note && (
        <p class="db-note" lang="en">
          {v.note}
        </p>
      )}
      {v.form && (
        <form method="post" action={`/manage/${encodeURIComponent(v.slug)}${v.query}`}>
          <p>{a('manageIntro', { name: v.name })}</p>
          <input type="hidden" name="_csrf" value={v.form.csrf} />
          <label class="db-field">
            <span>{a('email')}</span>
            <input
              type="email"
              name="email"
              autocomplete="email"
              required
              maxlength={254}
              dir="ltr"
              value={v.form.email ?? ''}
            />
          </label>
          <button class="db-give" type="submit">
            {a('send')}
          </button>
        </form>
      )}
      {!v.form && v.contactUrl && (
        <p>
          <a href={v.contactUrl}>{donateText(v.locale, 'contact')}</a>
        </p>
      )}
      <p>
        <a href={`/donate/${encodeURIComponent(v.slug)}${v.query}`}>
          {donateText(v.locale, 'back')}
        </a>
      </p>
    </Document>
  )
  return `<!doctype html>${page.toString()}`
}
