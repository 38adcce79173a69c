import { timingSafeEqual } from 'hono/utils/buffer'
import { hmacSha256, type Mac } from '../hash.js'

/**
 * The manage pages' keys, each derived from MAIL_KEY for one purpose only (HMAC-SHA-256 of the
 * purpose's name under MAIL_KEY): a key that signs portal links signs nothing else, so a form
 * token or an outbox id can never pass for a link. Managing needs e-mail, so MAIL_KEY is there.
 */
export interface ManageKeys {
  /** Signs the links that open the customer portal. */
  link: Mac
  /** Signs the form's anti-forgery token from its cookie. */
  form: Mac
  /** Names an address in outbox ids, without keeping it. */
  recipient: Mac
}

async function derived(mailKey: string, purpose: string): Promise<Mac> {
  const root = await hmacSha256(mailKey, 'hex')
  return hmacSha256(await root(`supportbar/${purpose}/v1`), 'base64url')
}

/** The three keys under MAIL_KEY. */
export async function manageKeys(mailKey: string): Promise<ManageKeys> {
  const [link, form, recipient] = await Promise.all([
    derived(mailKey, 'manage-portal-link'),
    derived(mailKey, 'manage-form'),
    derived(mailKey, 'manage-recipient'),
  ])
  return { link, form, recipient }
}

/** How long a link opens the portal. */
export const LINK_TTL_S = 3600

const CUSTOMER = /^cus_[A-Za-z0-9]{1,100}$/

/** What a link's token carries: the customer, until when, for which campaign (in the MAC). */
const signed = (slug: string, customer: string, exp: number) =>
  `manage-portal\n${slug}\n${customer}\n${exp}`

/** A token that opens campaign `slug`'s portal for `customer` until `nowS + LINK_TTL_S`. */
export async function linkToken(
  keys: Pick<ManageKeys, 'link'>,
  slug: string,
  customer: string,
  nowS: number,
): Promise<string> {
  const exp = nowS + LINK_TTL_S
  return `${customer}.${exp}.${await keys.link(signed(slug, customer, exp))}`
}

export type TokenCheck =
  | { ok: true; customer: string }
  | { ok: false; reason: 'forged' | 'expired' }

/**
 * Checks a link's token for campaign `slug` at `nowS`: its MAC first (compared in constant
 * time), so only a genuine token is ever called expired.
 */
export async function checkLinkToken(
  keys: Pick<ManageKeys, 'link'>,
  slug: string,
  token: string,
  nowS: number,
): Promise<TokenCheck> {
  const [customer, exp, mac, ...rest] = token.split('.')
  if (rest.length > 0 || !customer || !CUSTOMER.test(customer) || !exp || !/^\d{1,12}$/.test(exp))
    return { ok: false, reason: 'forged' }
  const expected = await keys.link(signed(slug, customer, Number(exp)))
  if (!mac || !(await timingSafeEqual(mac, expected))) return { ok: false, reason: 'forged' }
  if (Number(exp) <= nowS) return { ok: false, reason: 'expired' }
  return { ok: true, customer }
}

/** The form's hidden token for a cookie value (bound to the campaign too). */
export const formToken = (keys: Pick<ManageKeys, 'form'>, cookie: string, slug: string) =>
  keys.form(`manage-form\n${slug}\n${cookie}`)

/** Whether a posted form token matches the cookie the same browser holds. */
export async function checkFormToken(
  keys: Pick<ManageKeys, 'form'>,
  cookie: string | undefined,
  sent: string,
  slug: string,
): Promise<boolean> {
  if (!cookie || !/^[A-Za-z0-9_-]{43}$/.test(cookie)) return false
  return timingSafeEqual(sent, await formToken(keys, cookie, slug))
}
