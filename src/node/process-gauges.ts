import { memoryUsage } from 'node:process'
import type { GaugeSample } from '../metrics.js'

/** The process's memory, read at scrape time (Node's gauges of `GET /metrics`). */
export function processGauges(): GaugeSample[] {
  const m = memoryUsage()
  return [
    {
      name: 'process_resident_memory_bytes',
      help: 'Resident set size of the process',
      labels: {},
      value: m.rss,
    },
    {
      name: 'supportbar_heap_used_bytes',
      help: 'JavaScript heap in use',
      labels: {},
      value: m.heapUsed,
    },
    {
      name: 'supportbar_heap_total_bytes',
      help: 'JavaScript heap reserved',
      labels: {},
      value: m.heapTotal,
    },
    {
      name: 'supportbar_external_memory_bytes',
      help: 'Memory of buffers and native objects held by JavaScript',
      labels: {},
      value: m.external,
    },
  ]
}
