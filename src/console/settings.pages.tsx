import type { Hono } from 'hono'
import type { Child } from 'hono/jsx'
import { amountText } from '../domain/amount-input.js'
import { format } from '../domain/messages/index.js'
import type { CampaignView as Campaign } from '../routes/admin/campaigns.routes.js'
import { barForm } from './bar.form.js'
import { checkoutForm } from './checkout.form.js'
import { contentForm } from './content.form.js'
import { type Draft, type Problems, problemSummary } from './form-kit.js'
import { Csrf } from './layout.js'
import type { ConsoleContext, ConsoleEnv, ConsoleTools, DONE } from './tools.js'

/**
 * One settings form of a campaign: what it shows, how it reads what was typed (by the one amount
 * rule and the admin API's own zod schemas, problems in words by field) and the PATCH it sends.
 */
export interface SettingsForm {
  /** The page's path under /admin/campaigns/:slug/. */
  path: string
  words: { title: string; intro: string; save: string }
  done: keyof typeof DONE
  draftOf(camp: Campaign): Draft
  Fields(props: { camp: Campaign; d: Draft; problems: Problems }): Child
  /** The PATCH body, or undefined when `problems` got a problem. */
  read(f: Draft, camp: Campaign, problems: Problems): Record<string, unknown> | undefined
}

export const SETTINGS_FORMS: readonly SettingsForm[] = [checkoutForm, barForm, contentForm]

/** The pages of the checkout, bar and donate page settings; each change goes through the API. */
export function settingsPages(app: Hono<ConsoleEnv>, t: ConsoleTools) {
  for (const form of SETTINGS_FORMS) {
    const page = (
      c: ConsoleContext,
      camp: Campaign,
      d: Draft,
      problems: Problems = {},
      error?: string,
      status: 200 | 400 | 409 | 422 = 200,
    ) => {
      const base = `/admin/campaigns/${camp.slug}`
      const vars = { name: camp.name, currency: camp.currency, locale: camp.locale }
      return t.page(
        c,
        format(form.words.title, vars),
        <>
          <p>
            <a href={base}>Back to the campaign</a>
          </p>
          <p class="hint">{format(form.words.intro, { ...vars, example: exampleOf(camp) })}</p>
          <form method="post" action={`${base}/${form.path}`} class="stack" novalidate>
            <Csrf token={c.var.session.csrf} />
            <form.Fields camp={camp} d={d} problems={problems} />
            <button type="submit">{form.words.save}</button>
          </form>
        </>,
        { flash: { ...t.flash(c), error: error ?? problemSummary(problems) }, status },
      )
    }
    const load = (c: ConsoleContext) =>
      t.api<Campaign>(
        c,
        'GET',
        `/api/admin/campaigns/${encodeURIComponent(c.req.param('slug') ?? '')}`,
      )

    app.get(`/admin/campaigns/:slug/${form.path}`, async (c) => {
      const got = await load(c)
      if (!got.ok)
        return t.page(c, 'Campaign', <p />, { flash: { error: got.message }, status: 404 })
      return page(c, got.data, form.draftOf(got.data))
    })

    app.post(`/admin/campaigns/:slug/${form.path}`, async (c) => {
      const got = await load(c)
      if (!got.ok)
        return t.page(c, 'Campaign', <p />, { flash: { error: got.message }, status: 404 })
      const camp = got.data
      const f = await t.form(c)
      const problems: Problems = {}
      const body = form.read(f, camp, problems)
      if (!body || Object.keys(problems).length) return page(c, camp, f, problems, undefined, 400)
      const res = await t.api(
        c,
        'PATCH',
        `/api/admin/campaigns/${encodeURIComponent(camp.slug)}`,
        body,
      )
      if (!res.ok) return page(c, camp, f, {}, res.message, res.status === 409 ? 409 : 422)
      return t.done(c, `/admin/campaigns/${camp.slug}/${form.path}`, form.done)
    })
  }
}

const exampleOf = (camp: Campaign) => amountText(125050, camp.currency, camp.locale)
