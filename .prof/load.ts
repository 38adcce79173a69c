import autocannon from 'autocannon'
import Stripe from 'stripe'

const url = process.argv[2]
const secret = 'whsec_bench_0123456789'
let n = 0
function signedEvent() {
  n++
  const pi = `pi_p${n.toString(36)}${Math.random().toString(36).slice(2, 10)}`
  const now = Math.floor(Date.now() / 1000)
  const body = JSON.stringify({
    id: `evt_p${n}${Math.random().toString(36).slice(2, 10)}`,
    object: 'event',
    api_version: Stripe.API_VERSION,
    created: now,
    livemode: false,
    pending_webhooks: 1,
    request: { id: null, idempotency_key: null },
    type: 'payment_intent.succeeded',
    data: {
      object: {
        id: pi,
        object: 'payment_intent',
        amount: 2500,
        amount_received: 2500,
        currency: 'usd',
        created: now,
        customer: `cus_${n % 5000}`,
        receipt_email: null,
        latest_charge: `ch_${pi}`,
        metadata: { campaign: 'news' },
        status: 'succeeded',
        livemode: false,
      },
    },
  })
  const signature = Stripe.webhooks.generateTestHeaderString({ payload: body, secret })
  return { body, headers: { 'content-type': 'application/json', 'stripe-signature': signature } }
}
async function main() {
  await fetch(`${url}/api/admin/campaigns`, {
    method: 'POST',
    headers: {
      Authorization: 'Bearer bench-admin-token-0123456789',
      'Content-Type': 'application/json',
    },
    body: JSON.stringify({
      slug: 'news',
      name: 'News',
      currency: 'USD',
      defaultGoal: 500000,
      timezone: 'America/New_York',
      locale: 'en-US',
    }),
  })
  const r = await autocannon({
    url: `${url}/webhooks/stripe`,
    method: 'POST',
    connections: Number(process.env.CONN ?? 16),
    duration: 5,
    requests: [{ method: 'POST', setupRequest: (req) => ({ ...req, ...signedEvent() }) }],
  })
  console.log(Math.round(r.requests.average), r.non2xx)
}
main()
