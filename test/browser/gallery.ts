/** One screenshot of the gallery. */
export interface Shot {
  file: string
  title: string
  group: 'matrix' | 'variants'
}

/** docs/gallery.md: every screenshot the browser tests took, with how to make them again. */
export function galleryMarkdown(shots: readonly Shot[]): string {
  const section = (group: Shot['group']) =>
    shots
      .filter((s) => s.group === group)
      .map((s) => `### ${s.title}\n\n![${s.title}](gallery/${s.file})\n`)
      .join('\n')
  return `# Gallery of the Support bar

Every variant as headless Chromium draws it, made by the browser tests in
\`test/browser/matrix.browser.test.ts\`. Regenerate with one command:

\`\`\`sh
npm run gallery
\`\`\`

Each matrix screenshot shows, top to bottom, on a host page: the iframe (\`/embed/news\`),
the iframe with the longest texts the API takes (140-character name, 70-character label,
40-character button), the SVG image (\`/embed/news.svg\`), and the web component
(\`<support-bar>\`) for both campaigns. The same run asserts that nothing overflows,
no text is cut without an ellipsis, the button covers no text, roles and names are present,
and every text meets WCAG AA contrast.

## At 360, 768 and 1280 px, light and dark, left-to-right and right-to-left

${section('matrix')}
## States and options

${section('variants')}`
}
