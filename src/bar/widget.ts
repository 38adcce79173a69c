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
  const monthFormats = new Map()
  const monthName = (month, locale) => {
    let f = monthFormats.get(locale)
    if (!f) {
      f = new Intl.DateTimeFormat(locale, { month: 'long', year: 'numeric', timeZone: 'UTC', calendar: 'gregory' })
      monthFormats.set(locale, f)
    }
    return f.format(new Date(month + '-01T00:00:00Z'))
  }

  class SupportBar extends HTMLElement {
    static get observedAttributes() {
      return ['campaign', 'src', 'month', 'locale', 'theme', 'accent', 'compact', 'currency-display', 'interval']
    }
    constructor() {
      super()
      this._run = 0
      this._root = this.attachShadow({ mode: 'open' })
      this._style = el('style')
      this._box = el('div', 'sb', 'Loading…')
      this._box.lang = 'en'
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
      if (!this.getAttribute('campaign')) return this._message('Missing campaign attribute')
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
            this._message(body && body.error ? body.error.message : 'Progress unavailable (' + res.status + ')')
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
    _message(text) {
      const box = el('div', 'sb')
      box.lang = 'en'
      box.setAttribute('role', 'status')
      box.append(el('p', 'sb-note', text))
      this._box.replaceWith(box)
      this._box = box
    }
    _render(p) {
      const hasGoal = p.goal > 0
      const when = monthName(p.month, p.locale)
      const text = (hasGoal ? p.formatted.pledged + ' of ' + p.formatted.goal : p.formatted.pledged) + ' raised in ' + when
      const box = el('div', this.hasAttribute('compact') && this.getAttribute('compact') !== '0' && this.getAttribute('compact') !== 'false' ? 'sb sb-compact' : 'sb')
      // The root of the component says the bar's language: the host page may be in another.
      box.lang = p.locale
      box.dataset.state = hasGoal && p.pledged > p.goal ? 'over' : hasGoal ? 'goal' : 'no-goal'
      const name = langIf(el('p', 'sb-name', p.name), p.campaignLocale, p.locale)
      name.title = p.name
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
      langIf(track, 'en', p.locale)
      track.setAttribute('aria-label', p.name + ', ' + p.label)
      track.setAttribute('aria-valuemin', '0')
      track.setAttribute('aria-valuemax', '100')
      // Without a goal there is no "how far": an indeterminate bar, the valuetext says the sum.
      if (hasGoal) track.setAttribute('aria-valuenow', String(p.fill))
      track.setAttribute('aria-valuetext', text)
      const fill = el('div', 'sb-fill')
      fill.style.setProperty('--at', p.fill + '%')
      track.append(fill)
      if (hasGoal) track.append(el('span', 'sb-mark'))
      bar.append(ticks, track)
      const amount = el('div', 'sb-amount')
      amount.setAttribute('aria-hidden', 'true')
      const pinned = el('span', null, p.formatted.pledged)
      pinned.style.setProperty('--at', p.fill + '%')
      if (p.formatted.percent !== null) pinned.append(el('span', 'sb-pct', p.formatted.percent))
      amount.append(pinned)
      const foot = el('div', 'sb-foot')
      foot.append(langIf(el('span', 'sb-label', p.label), p.labelLocale, p.locale))
      if (p.donateUrl && /^https?:/i.test(p.donateUrl)) {
        const a = langIf(el('a', 'sb-button', 'Support'), 'en', p.locale)
        a.href = p.donateUrl
        a.target = '_blank'
        a.rel = 'noopener noreferrer'
        foot.append(a)
      }
      box.append(name, bar, amount, foot)
      this._box.replaceWith(box)
      this._box = box
      this.dispatchEvent(new CustomEvent('support-bar:update', { detail: p }))
    }
  }
  customElements.define('support-bar', SupportBar)
})()
`

/** The widget's JavaScript, with the shared stylesheet and palettes filled in. */
export function widgetSource(): string {
  return SOURCE.replace('__CSS__', () => JSON.stringify(BAR_CSS)).replace('__PALETTES__', () =>
    JSON.stringify({ light: LIGHT, dark: DARK }),
  )
}
