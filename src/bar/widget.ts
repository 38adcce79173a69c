import { CATALOGS } from '../domain/messages/index.js'
import { BAR_CSS } from './css.js'
import { DARK, LIGHT } from './theme.js'

/**
 * The web component `<support-bar campaign="slug" src="https://host">`, served at /widget.js.
 * Dependency-free browser JavaScript: it draws the same markup and stylesheet as the iframe
 * page from the progress JSON, follows `/api/campaigns/:slug/stream` (server-sent events;
 * the browser reconnects, the server sends a heartbeat), and falls back to polling the JSON
 * with its ETag where a stream cannot be held. User text only ever goes in through
 * textContent and attribute setters, never as HTML.
 *
 * Kept as text (not compiled from TypeScript) so that no bundler can rewrite it; the browser
 * tests in test/browser exercise every branch that matters.
 */
const SOURCE = String.raw`(() => {
  'use strict'
  if (!window.customElements || customElements.get('support-bar')) return
  const CSS = __CSS__
  const PALETTES = __PALETTES__
  const CATALOGS = __CATALOGS__
  const POLL_MS = 15000
  // First wait before trying the stream again after falling back to polling.
  const STREAM_RETRY_MS = 30000
  const script = document.currentScript
  const origin = script && script.src ? new URL(script.src).origin : location.origin

  const lum = (hex) => {
    const c = [1, 3, 5].map((i) => {
      const v = parseInt(hex.slice(i, i + 2), 16) / 255
      return v <= 0.04045 ? v / 12.92 : ((v + 0.055) / 1.055) ** 2.4
    })
    return 0.2126 * c[0] + 0.7152 * c[1] + 0.0722 * c[2]
  }
  const ratio = (a, b) => {
    const [x, y] = [lum(a), lum(b)].sort((p, q) => q - p)
    return (x + 0.05) / (y + 0.05)
  }
  const hex = (v) => {
    if (!v || !/^#?([0-9a-f]{3}|[0-9a-f]{6})$/i.test(v)) return null
    let h = v.replace('#', '').toLowerCase()
    if (h.length === 3) h = h.split('').map((c) => c + c).join('')
    return '#' + h
  }
  const vars = (p, accent) => {
    const q = accent
      ? { ...p, accent, onAccent: ratio(accent, '#ffffff') >= ratio(accent, '#000000') ? '#ffffff' : '#000000' }
      : p
    return '--sb-bg:' + q.background + ';--sb-text:' + q.text + ';--sb-muted:' + q.muted +
      ';--sb-track:' + q.track + ';--sb-accent:' + q.accent + ';--sb-on-accent:' + q.onAccent
  }
  const themeCss = (theme, accent) => {
    const light = ':host{' + vars(PALETTES.light, accent) + '}'
    const dark = ':host{' + vars(PALETTES.dark, accent) + '}'
    if (theme === 'light') return light
    if (theme === 'dark') return dark
    return light + '@media (prefers-color-scheme:dark){' + dark + '}'
  }
  const el = (tag, cls, text) => {
    const e = document.createElement(tag)
    if (cls) e.className = cls
    if (text != null) e.textContent = text
    return e
  }
  // lang on an element whose words are in another language than the bar around it (WCAG 3.1.2).
  const base = (tag) => String(tag || '').split('-')[0].toLowerCase()
  const langIf = (e, lang, page) => { if (lang && base(lang) !== base(page)) e.lang = lang; return e }
  // The words come with the progress (texts, from the server's catalogs); only what is said
  // before or without one is here: loading and an unknown campaign.
  const local = (locale) => {
    const own = base(locale)
    const lang = Object.prototype.hasOwnProperty.call(CATALOGS, own) ? own : 'en'
    return { lang, ...CATALOGS[lang] }
  }
  // Text typed by users, safe to show: no controls, lone surrogates, noncharacters or bidi overrides.
  const clean = (text) => Array.from(String(text || '')).filter((ch) => {
    const c = ch.codePointAt(0)
    return !((c < 32 && c !== 9 && c !== 10 && c !== 13) || (c >= 0x7f && c <= 0x9f) || (c >= 0xd800 && c <= 0xdfff) ||
      (c >= 0xfdd0 && c <= 0xfdef) || (c & 0xfffe) === 0xfffe || (c >= 0x202a && c <= 0x202e) || (c >= 0x2066 && c <= 0x2069))
  }).join('')

  class SupportBar extends HTMLElement {
    static get observedAttributes() {
      return ['campaign', 'src', 'month', 'locale', 'theme', 'accent', 'compact', 'currency-display', 'interval', 'show', 'button']
    }
    constructor() {
      super()
      this._run = 0
      this._root = this.attachShadow({ mode: 'open' })
      this._style = el('style')
      const m = local(this.getAttribute('locale') || document.documentElement.lang || 'en')
      this._box = el('div', 'sb', m.loading)
      this._box.lang = m.lang
      this._box.setAttribute('aria-busy', 'true')
      this._root.append(this._style, this._box)
    }
    connectedCallback() { this._live = true; this._start() }
    disconnectedCallback() { this._live = false; this._stop() }
    attributeChangedCallback(name, before, after) {
      // Attributes present at upgrade arrive before connectedCallback: start once, there.
      if (!this._live || before === after || this._restarting) return
      this._restarting = true
      queueMicrotask(() => { this._restarting = false; if (this._live) { this._stop(); this._start() } })
    }

    _url(kind) {
      const base = (this.getAttribute('src') || origin).replace(/\/+$/, '')
      const q = new URLSearchParams()
      for (const [attr, param] of [['month', 'month'], ['locale', 'locale'], ['currency-display', 'currencyDisplay']]) {
        const v = this.getAttribute(attr)
        if (v) q.set(param, v)
      }
      const qs = q.toString()
      return base + '/api/campaigns/' + encodeURIComponent(this.getAttribute('campaign') || '') + '/' + kind + (qs ? '?' + qs : '')
    }
    _start() {
      this._style.textContent = themeCss(this.getAttribute('theme') || 'auto', hex(this.getAttribute('accent'))) + CSS +
        ':host{display:block;min-width:240px}'
      if (!this.getAttribute('campaign')) return this._message('Missing campaign attribute', 'en')
      if (!window.EventSource) return this._poll()
      this._stream()
    }
    _stream() {
      const run = this._run
      this._opened = false
      const es = new EventSource(this._url('stream'))
      this._es = es
      es.addEventListener('open', () => { this._opened = true; this._streamWait = 0 })
      es.addEventListener('progress', (e) => { this._opened = true; this._render(JSON.parse(e.data)) })
      es.addEventListener('error', () => {
        // CLOSED: the server refused the stream (404, 503...): ask the JSON why, or poll it.
        // Never opened: a proxy or runtime that cannot hold a stream: poll instead.
        if (es.readyState === EventSource.CLOSED || !this._opened) {
          es.close(); this._es = null; this._poll()
          // Try the stream again later (a restart or a deploy may bring it back): 30 s, doubling to an hour.
          this._streamWait = Math.min((this._streamWait || STREAM_RETRY_MS / 2) * 2, 3600000)
          clearTimeout(this._streamTimer)
          this._streamTimer = setTimeout(() => {
            if (run === this._run && this.isConnected && !this._es) this._stream()
          }, this._streamWait)
        }
      })
    }
    _stop() {
      // Each start is a new run: a poll still awaiting the network from an older run ends there.
      this._run = (this._run || 0) + 1
      if (this._es) this._es.close()
      this._es = null
      if (this._abort) this._abort.abort()
      this._abort = null
      clearTimeout(this._timer)
      this._timer = null
      clearTimeout(this._streamTimer)
      this._streamWait = 0
      this._etag = null
      this._failures = 0
    }
    async _poll() {
      const run = this._run
      if (!this.isConnected || this._es) return
      const every = Number(this.getAttribute('interval'))
      // Between 1 s and an hour: beyond ~24 days setTimeout would fire at once.
      let delay = every >= 1 ? Math.min(every, 3600) * 1000 : POLL_MS
      try {
        if (document.visibilityState !== 'hidden' || !this._etag) {
          this._abort = new AbortController()
          const res = await fetch(this._url('progress'), {
            headers: this._etag ? { 'If-None-Match': this._etag } : {},
            signal: this._abort.signal,
          })
          if (run !== this._run) return
          if (res.status === 200) {
            const p = await res.json()
            if (run !== this._run) return
            this._etag = res.headers.get('ETag')
            this._render(p)
          } else if (res.status !== 304) {
            const body = await res.json().catch(() => null)
            if (run !== this._run) return
            // Forget the ETag: the next good answer must redraw the bar over this message.
            this._etag = null
            const m = local(this.getAttribute('locale') || 'en')
            // An unknown campaign reads as the iframe says it, in the reader's language.
            if (res.status === 404) this._message(m.notFound.replace('{slug}', this.getAttribute('campaign')), m.lang)
            else this._message(body && body.error ? body.error.message : 'Progress unavailable (' + res.status + ')', 'en')
            if (res.status === 404 || res.status === 400) return
          }
          this._failures = 0
        }
      } catch {
        if (run !== this._run) return
        // Network trouble: back off, doubling up to an hour.
        this._failures = (this._failures || 0) + 1
        delay = Math.min(delay * 2 ** this._failures, 3600000)
      }
      if (run === this._run && this.isConnected && !this._es) this._timer = setTimeout(() => this._poll(), delay)
    }
    _message(text, lang) {
      const box = el('div', 'sb')
      box.lang = lang || 'en'
      box.setAttribute('role', 'status')
      box.append(el('p', 'sb-note', text))
      this._box.replaceWith(box)
      this._box = box
    }
    _render(p) {
      const m = p.texts
      const name = clean(p.name)
      // An ended campaign reads as the iframe's ended page, not as a bar.
      if (p.archived) {
        this._message(name + ': ' + m.ended, m.lang)
        this.dispatchEvent(new CustomEvent('support-bar:update', { detail: p }))
        return
      }
      const hasGoal = p.goal > 0
      const text = m.valuetext
      const box = el('div', this.hasAttribute('compact') && this.getAttribute('compact') !== '0' && this.getAttribute('compact') !== 'false' ? 'sb sb-compact' : 'sb')
      // The root of the component says the bar's language: the host page may be in another.
      box.lang = p.locale
      box.dir = m.dir
      box.dataset.state = hasGoal && p.pledged > p.goal ? 'over' : hasGoal ? 'goal' : 'no-goal'
      const nameEl = langIf(el('p', 'sb-name', name), p.campaignLocale, p.locale)
      nameEl.title = name
      nameEl.dir = 'auto'
      const tagline = p.tagline ? clean(p.tagline) : ''
      const taglineEl = tagline ? langIf(el('p', 'sb-tagline', tagline), p.campaignLocale, p.locale) : null
      if (taglineEl) taglineEl.dir = 'auto'
      const bar = el('div', 'sb-bar')
      const ticks = el('div', 'sb-ticks')
      ticks.setAttribute('aria-hidden', 'true')
      for (const t of p.ticks) {
        const s = el('span', 'sb-tick', t.formatted)
        s.style.setProperty('--at', t.position + '%')
        ticks.append(s)
      }
      const track = el('div', 'sb-track')
      track.setAttribute('role', 'progressbar')
      langIf(track, m.lang, p.locale)
      track.setAttribute('aria-label', name + ', ' + clean(p.label))
      track.setAttribute('aria-valuemin', '0')
      track.setAttribute('aria-valuemax', '100')
      track.setAttribute('aria-valuenow', String(p.fill))
      track.setAttribute('aria-valuetext', text)
      const fill = el('div', 'sb-fill')
      fill.style.setProperty('--at', p.fill + '%')
      track.append(fill)
      track.append(el('span', 'sb-mark'))
      for (const mk of p.markers) {
        const s = el('span', 'sb-marker')
        s.style.setProperty('--at', mk.position + '%')
        track.append(s)
      }
      bar.append(ticks, track)
      const amount = el('div', 'sb-amount')
      amount.setAttribute('aria-hidden', 'true')
      const pinned = el('span')
      pinned.append(el('bdi', null, p.formatted.pledged))
      pinned.style.setProperty('--at', p.fill + '%')
      if (p.formatted.percent !== null) pinned.append(el('span', 'sb-pct', p.formatted.percent))
      amount.append(pinned)
      // No goal, no "how far": the amount raised in words instead of an empty track.
      const middle = hasGoal ? [bar, amount] : [langIf(el('p', 'sb-raised', m.sentence), m.lang, p.locale)]
      if (hasGoal && p.markers.length) {
        const marks = el('p', 'sb-marks')
        for (const mk of p.markers) {
          const goal = mk.kind === 'goal'
          const item = el('span')
          item.append(el('bdi', null, (!goal && mk.reached ? '✓ ' : '') + mk.formatted + (goal ? '' : ':')), ' ',
            langIf(el('bdi', null, goal ? m.reached : clean(mk.label)), goal ? m.lang : p.campaignLocale, p.locale))
          marks.append(item)
        }
        middle.push(marks)
      }
      if (p.donorGoal && m.supporters) {
        const d = langIf(el('div', 'sb-donors'), m.lang, p.locale)
        const words = el('span', 'sb-donors-text', m.supporters)
        words.setAttribute('aria-hidden', 'true')
        const thin = el('div', 'sb-track sb-thin')
        for (const [k, v] of [['role', 'progressbar'], ['aria-label', m.supporters], ['aria-valuemin', '0'], ['aria-valuemax', '100'], ['aria-valuenow', String(p.donorGoal.fill)], ['aria-valuetext', m.supporters]]) thin.setAttribute(k, v)
        const f = el('div', 'sb-fill')
        f.style.setProperty('--at', p.donorGoal.fill + '%')
        thin.append(f)
        d.append(words, thin)
        middle.push(d)
      }
      const attr = this.getAttribute('show')
      const show = attr === null ? p.show : attr.split(',').filter(Boolean)
      const facts = show.flatMap((item) =>
        item === 'sentence' ? (hasGoal ? [m.sentence] : []) : item === 'donors' ? [m.donors] : item === 'days' && m.daysLeft ? [m.daysLeft] : item === 'monthly' && m.monthly ? [m.monthly] : item === 'supporters' && m.wall ? [clean(m.wall)] : [])
      if (facts.length) {
        const line = langIf(el('p', 'sb-facts'), m.lang, p.locale)
        for (const f of facts) line.append(el('span', null, f))
        middle.push(line)
      }
      const foot = el('div', 'sb-foot')
      const label = langIf(el('span', 'sb-label', clean(p.label)), p.labelLocale, p.locale)
      label.dir = 'auto'
      foot.append(label)
      // button="none": no Support button (the thank-you page, where the reader just gave).
      if (p.donateUrl && /^https?:/i.test(p.donateUrl) && this.getAttribute('button') !== 'none') {
        const a = langIf(el('a', 'sb-button', clean(m.button)), m.buttonLang, p.locale)
        a.href = p.donateUrl
        a.target = '_blank'
        a.rel = 'noopener noreferrer'
        foot.append(a)
      }
      box.append(nameEl, ...(taglineEl ? [taglineEl] : []), ...middle, foot)
      this._box.replaceWith(box)
      this._box = box
      this.dispatchEvent(new CustomEvent('support-bar:update', { detail: p }))
    }
  }
  customElements.define('support-bar', SupportBar)
})()
`

/** Of each catalog, the words the widget says before (or without) a progress object. */
function beforeProgress() {
  return Object.fromEntries(
    Object.entries(CATALOGS).map(([lang, c]) => [
      lang,
      { loading: c.loading, notFound: c.notFound },
    ]),
  )
}

/** The widget's JavaScript, with the shared stylesheet and palettes filled in. */
export function widgetSource(): string {
  // Indentation and whole-line comments go (line breaks stay, so ASI reads it the same).
  const lean = SOURCE.split('\n')
    .map((line) => line.trim())
    .filter((line) => line !== '' && !line.startsWith('//'))
    .join('\n')
  return lean
    .replace('__CSS__', () => JSON.stringify(BAR_CSS))
    .replace('__PALETTES__', () => JSON.stringify({ light: LIGHT, dark: DARK }))
    .replace('__CATALOGS__', () => JSON.stringify(beforeProgress()))
}
