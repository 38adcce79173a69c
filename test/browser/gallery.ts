/** One screenshot of the gallery. */
export interface Shot {
  file: string
  title: string
  group: 'matrix' | 'variants'
}

/** A screenshot of the donor's pages or the console (donor-gallery.browser.test.ts). */
export interface DonorShot {
  file: `${'donor' | 'console'}-${string}.png`
  title: string
}

/** The donor's pages and the console, in the order the gallery shows them. */
export const DONOR_SHOTS: readonly DonorShot[] = [
  {
    file: 'donor-donate.png',
    title: 'The donate page: logo, appeal, impact lines, fee cover, links',
  },
  {
    file: 'donor-fee-cover.png',
    title: 'Fee cover ticked: under each amount, what the reader pays with the fee',
  },
  { file: 'donor-donate-ar.png', title: 'The donate page in Arabic (right to left)' },
  { file: 'donor-thanks.png', title: 'Thank-you page of a one-off gift with the fee covered' },
  {
    file: 'donor-thanks-monthly.png',
    title: 'Thank-you page of a monthly gift, with its manage link',
  },
  { file: 'donor-manage.png', title: 'Managing a monthly gift: the e-mail form' },
  { file: 'donor-manage-sent.png', title: 'Its answer, the same for every address' },
  {
    file: 'donor-manage-gifts.png',
    title: "The e-mailed link's page: the donor's gifts, each with a new amount to choose",
  },
  {
    file: 'donor-manage-changed.png',
    title: 'A new amount taken, from the next payment on',
  },
  { file: 'donor-email.png', title: 'The thank-you e-mail as received (HTML part)' },
  { file: 'console-campaign.png', title: 'Console: a campaign, an offline gift just added' },
  {
    file: 'console-checkout.png',
    title: 'Console: checkout settings, `12,50` refused in words (an English campaign)',
  },
  { file: 'console-bar.png', title: 'Console: bar settings, saved' },
  { file: 'console-page.png', title: 'Console: donate page content' },
  { file: 'console-logo.png', title: 'Console: the logo' },
  {
    file: 'console-ledger.png',
    title: 'Console: the ledger (1280 px) with a reverse button open',
  },
  {
    file: 'console-audit.png',
    title: 'Console: the audit trail (1280 px), changes as before → after',
  },
]

/** docs/gallery.md: every screenshot the browser tests took, with how to make them again. */
export function galleryMarkdown(shots: readonly Shot[]): string {
  const section = (group: Shot['group']) =>
    shots
      .filter((s) => s.group === group)
      .map((s) => `#### ${s.title}\n\n![${s.title}](gallery/${s.file})\n`)
      .join('\n')
  const donor = (prefix: 'donor' | 'console') =>
    DONOR_SHOTS.filter((s) => s.file.startsWith(prefix))
      .map((s) => `### ${s.title}\n\n![${s.title}](gallery/${s.file})\n`)
      .join('\n')
  return `# Gallery

The Support bar in every variant, the donor's pages and the console, as headless Chromium draws
them, made by the browser tests in \`test/browser/matrix.browser.test.ts\` and
\`test/browser/donor-gallery.browser.test.ts\`. Regenerate with one command:

\`\`\`sh
npm run gallery
\`\`\`

## The donor's pages

At a phone's width (390 px), against the Node server, the fake Stripe and a real SMTP server:
a one-off gift with the fee covered and a monthly gift are paid, thanked, and managed. The same
run asserts that no page is wider than the screen. The console's tables are drawn at 1280 px.

${donor('donor')}
## The console

${donor('console')}
## The bar

Each matrix screenshot shows, top to bottom, on a host page: the iframe (\`/embed/news\`),
the iframe with the longest texts the API takes (140-character name, 70-character label,
40-character button), the SVG image (\`/embed/news.svg\`), and the web component
(\`<support-bar>\`) for both campaigns. The same run asserts that nothing overflows,
no text is cut without an ellipsis, the button covers no text, roles and names are present,
and every text meets WCAG AA contrast.

### At 360, 768 and 1280 px, light and dark, left-to-right and right-to-left

${section('matrix')}
### States and options

${section('variants')}`
}
