import type Stripe from 'stripe'

/** Checkout's custom fields as a completed session carries them (Stripe's Session type). */
export function filled(
  name: string | null,
  consent: 'yes' | 'no' | null,
): Stripe.Checkout.Session.CustomField[] {
  return [
    {
      key: 'wallname',
      label: { type: 'custom', custom: 'Name on our supporters wall (optional)' },
      optional: true,
      type: 'text',
      text: { default_value: null, maximum_length: 40, minimum_length: null, value: name },
    },
    {
      key: 'wallconsent',
      label: { type: 'custom', custom: 'Show this name publicly?' },
      optional: false,
      type: 'dropdown',
      dropdown: {
        default_value: 'no',
        options: [
          { label: 'No', value: 'no' },
          { label: 'Yes, show it', value: 'yes' },
        ],
        value: consent,
      },
    },
  ]
}

/** A gift's events with the Checkout Session's custom fields filled in. */
export function withFields(events: Stripe.Event[], fields: Stripe.Checkout.Session.CustomField[]) {
  return events.map((e) =>
    e.type === 'checkout.session.completed'
      ? ({ ...e, data: { object: { ...e.data.object, custom_fields: fields } } } as Stripe.Event)
      : e,
  )
}
