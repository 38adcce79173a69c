// The baseline: a node:http endpoint that only verifies the Stripe signature (same crypto
// provider as the app) and answers 200. The ratio to it is the cost of everything else.
import { createServer } from 'node:http'
import Stripe from 'stripe'

const secret = process.env.STRIPE_WEBHOOK_SECRET ?? ''
const server = createServer((req, res) => {
  const chunks: Buffer[] = []
  req.on('data', (c: Buffer) => chunks.push(c))
  req.on('end', () => {
    const body = Buffer.concat(chunks).toString('utf8')
    Stripe.webhooks.constructEventAsync(body, req.headers['stripe-signature'] ?? '', secret).then(
      () => {
        res.writeHead(200, { 'Content-Type': 'application/json' })
        res.end('{"received":true}')
      },
      () => {
        res.writeHead(400)
        res.end()
      },
    )
  })
})
server.listen(0, '127.0.0.1', () => {
  const a = server.address()
  console.log(
    JSON.stringify({ url: `http://127.0.0.1:${typeof a === 'object' && a ? a.port : 0}` }),
  )
})
