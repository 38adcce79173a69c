import type Stripe from 'stripe'
import { cleanDisplayName, DISPLAY_NAME_MAX } from '../domain/display-name.js'

/**
 * The opt-in donor wall on Stripe Checkout. Checkout's custom fields have no checkbox
 * (`type: 'dropdown' | 'numeric' | 'text'`), so consent is a required dropdown whose default is
 * "no", beside an optional text field for the name. Stripe does not translate custom-field
 * labels: they are sent in the page's language.
 */

const NAME_KEY = 'wallname'
const CONSENT_KEY = 'wallconsent'

interface WallWords {
  name: string
  consent: string
  yes: string
  no: string
}

const WORDS: Record<string, WallWords> = {
  en: {
    name: 'Name on our supporters wall (optional)',
    consent: 'Show this name publicly?',
    yes: 'Yes, show it',
    no: 'No',
  },
  de: {
    name: 'Name auf unserer Unterstützerwand (optional)',
    consent: 'Diesen Namen öffentlich zeigen?',
    yes: 'Ja, zeigen',
    no: 'Nein',
  },
  fr: {
    name: 'Nom sur notre mur des soutiens (facultatif)',
    consent: 'Afficher ce nom publiquement ?',
    yes: 'Oui, l’afficher',
    no: 'Non',
  },
  es: {
    name: 'Nombre en nuestro muro de apoyos (opcional)',
    consent: '¿Mostrar este nombre públicamente?',
    yes: 'Sí, mostrarlo',
    no: 'No',
  },
  it: {
    name: 'Nome sul nostro muro dei sostenitori (facoltativo)',
    consent: 'Mostrare questo nome pubblicamente?',
    yes: 'Sì, mostralo',
    no: 'No',
  },
  pt: {
    name: 'Nome no nosso mural de apoiadores (opcional)',
    consent: 'Mostrar este nome publicamente?',
    yes: 'Sim, mostrar',
    no: 'Não',
  },
  nl: {
    name: 'Naam op onze supportersmuur (optioneel)',
    consent: 'Deze naam openbaar tonen?',
    yes: 'Ja, tonen',
    no: 'Nee',
  },
  pl: {
    name: 'Imię na naszej ścianie wspierających (opcjonalnie)',
    consent: 'Pokazać to imię publicznie?',
    yes: 'Tak, pokaż',
    no: 'Nie',
  },
  sv: {
    name: 'Namn på vår supportervägg (valfritt)',
    consent: 'Visa namnet offentligt?',
    yes: 'Ja, visa det',
    no: 'Nej',
  },
  ja: {
    name: '支援者ウォールに載せる名前（任意）',
    consent: 'この名前を公開しますか？',
    yes: 'はい、公開する',
    no: 'いいえ',
  },
  zh: {
    name: '支持者墙上的名字（可选）',
    consent: '公开显示这个名字吗？',
    yes: '是，显示',
    no: '否',
  },
  ar: {
    name: 'الاسم على جدار الداعمين (اختياري)',
    consent: 'هل نعرض هذا الاسم علنًا؟',
    yes: 'نعم، اعرضه',
    no: 'لا',
  },
}

/** The two custom fields for a Checkout page in `locale` (a Stripe Checkout locale or `auto`). */
export function wallFields(
  locale: string | undefined,
): Stripe.Checkout.SessionCreateParams.CustomField[] {
  const w = WORDS[(locale ?? 'en').split('-')[0] ?? 'en'] ?? (WORDS.en as WallWords)
  return [
    {
      key: NAME_KEY,
      type: 'text',
      optional: true,
      label: { type: 'custom', custom: w.name },
      text: { maximum_length: DISPLAY_NAME_MAX },
    },
    {
      key: CONSENT_KEY,
      type: 'dropdown',
      optional: false,
      label: { type: 'custom', custom: w.consent },
      dropdown: {
        default_value: 'no',
        options: [
          { label: w.no, value: 'no' },
          { label: w.yes, value: 'yes' },
        ],
      },
    },
  ]
}

/**
 * The name a completed session's donor agreed to show, cleaned; null without an explicit "yes"
 * or without a name. Pure.
 */
export function consentedName(
  fields: Stripe.Checkout.Session.CustomField[] | null | undefined,
): string | null {
  const field = (key: string) => fields?.find((f) => f.key === key)
  if (field(CONSENT_KEY)?.dropdown?.value !== 'yes') return null
  return cleanDisplayName(field(NAME_KEY)?.text?.value)
}
