import { Ajv2020, type ValidateFunction } from 'ajv/dist/2020.js'
import addFormatsModule from 'ajv-formats'

/** ajv-formats is CommonJS with a default export; under NodeNext its type is the module. */
const addFormats = addFormatsModule as unknown as (ajv: Ajv2020) => Ajv2020

type Json = null | boolean | number | string | Json[] | { [key: string]: Json }

interface MediaType {
  schema?: Json
}
interface ResponseObject {
  description: string
  content?: Record<string, MediaType>
}
export interface Operation {
  operationId?: string
  security?: Record<string, string[]>[]
  responses: Record<string, ResponseObject>
}
export interface OpenApiDocument {
  openapi: string
  paths: Record<string, Record<string, Operation>>
  components?: Record<string, Json>
}

/** One request to a documented operation, named by its operationId. */
export interface Call {
  params?: Record<string, string>
  query?: Record<string, string>
  headers?: Record<string, string>
  /** An object is sent as JSON; a string or bytes as they are. */
  body?: unknown
}

export interface Answer {
  res: Response
  text: string
  json: unknown
}

/** A request function: `app.request` of a Hono app. */
export type Requester = (path: string, init: RequestInit) => Response | Promise<Response>

const METHODS = ['get', 'put', 'post', 'delete', 'patch', 'head', 'options']

/** JSON pointer escaping (RFC 6901). */
const pointer = (s: string) => s.replaceAll('~', '~0').replaceAll('/', '~1')

/**
 * Every object schema that lists its properties gets `additionalProperties: false` unless it
 * says otherwise, so that a field the document does not hold fails the check.
 */
function closeObjects(node: Json): Json {
  if (Array.isArray(node)) return node.map(closeObjects)
  if (node === null || typeof node !== 'object') return node
  const out: { [key: string]: Json } = {}
  for (const [k, v] of Object.entries(node)) out[k] = closeObjects(v)
  if (
    typeof out.properties === 'object' &&
    out.properties !== null &&
    !Array.isArray(out.properties) &&
    !('additionalProperties' in out)
  ) {
    out.additionalProperties = false
  }
  return out
}

/**
 * Holds an OpenAPI document and checks live answers against it: the status must be listed,
 * the media type must be one the status lists (or none when it lists none), and a JSON body
 * must pass its schema (JSON Schema 2020-12, closed objects). Remembers which operations and
 * statuses were exercised.
 */
export class LiveContract {
  readonly #ajv = new Ajv2020({ strict: false, allErrors: true })
  readonly #validators = new Map<string, ValidateFunction>()
  readonly #byId = new Map<string, { method: string; path: string; op: Operation }>()
  readonly seen = new Map<string, Set<string>>()
  answers = 0

  constructor(readonly doc: OpenApiDocument) {
    addFormats(this.#ajv)
    this.#ajv.addSchema(closeObjects(doc as unknown as Json) as object, 'openapi.json')
    for (const [path, item] of Object.entries(doc.paths)) {
      for (const [method, op] of Object.entries(item)) {
        if (!METHODS.includes(method)) continue
        if (!op.operationId) throw new Error(`${method.toUpperCase()} ${path} has no operationId`)
        if (this.#byId.has(op.operationId)) throw new Error(`duplicate ${op.operationId}`)
        this.#byId.set(op.operationId, { method, path, op })
      }
    }
  }

  /** operationId -> the operation, its method and path template. */
  get operations(): ReadonlyMap<string, { method: string; path: string; op: Operation }> {
    return this.#byId
  }

  /** The statuses (as strings) an operation documents. */
  statuses(operationId: string): string[] {
    return Object.keys(this.#get(operationId).op.responses)
  }

  #get(operationId: string) {
    const found = this.#byId.get(operationId)
    if (!found) throw new Error(`no operation ${operationId} in the document`)
    return found
  }

  #validator(path: string, method: string, status: string, mediaType: string) {
    const ref = `openapi.json#/paths/${pointer(path)}/${method}/responses/${status}/content/${pointer(mediaType)}/schema`
    let v = this.#validators.get(ref)
    if (!v) {
      v = this.#ajv.compile({ $ref: ref })
      this.#validators.set(ref, v)
    }
    return v
  }

  /** The concrete URL of an operation with its parameters filled in. */
  url(operationId: string, call: Call = {}): string {
    const { path } = this.#get(operationId)
    const filled = path.replace(/\{([^}]+)\}/g, (_, name: string) => {
      const value = call.params?.[name]
      if (value === undefined) throw new Error(`${operationId}: no value for {${name}}`)
      return encodeURIComponent(value)
    })
    const qs = new URLSearchParams(call.query ?? {}).toString()
    return qs ? `${filled}?${qs}` : filled
  }

  /** Sends a call and checks the answer; throws (naming the operation) on any mismatch. */
  async send(request: Requester, operationId: string, call: Call = {}): Promise<Answer> {
    const { method } = this.#get(operationId)
    const headers: Record<string, string> = { ...call.headers }
    let body: string | Uint8Array<ArrayBuffer> | undefined
    if (call.body instanceof Uint8Array) {
      body = call.body as Uint8Array<ArrayBuffer>
      headers['Content-Type'] ??= 'application/octet-stream'
    } else if (call.body !== undefined) {
      body = typeof call.body === 'string' ? call.body : JSON.stringify(call.body)
      headers['Content-Type'] ??= 'application/json'
    }
    const res = await request(this.url(operationId, call), {
      method: method.toUpperCase(),
      headers,
      ...(body === undefined ? {} : { body }),
    })
    return this.check(operationId, res)
  }

  /** Checks one live answer of an operation against the document. */
  async check(operationId: string, res: Response): Promise<Answer> {
    const { method, path, op } = this.#get(operationId)
    const status = String(res.status)
    const where = `${operationId} (${method.toUpperCase()} ${path}) answered ${status}`
    const documented = op.responses[status] ?? op.responses.default
    const mediaType = (res.headers.get('content-type') ?? '').split(';')[0]?.trim().toLowerCase()
    let text = ''
    if (mediaType === 'text/event-stream') {
      // A live stream never ends: the first event is enough to check.
      const reader = res.body?.getReader()
      const first = reader ? await reader.read() : undefined
      text = first?.value ? new TextDecoder().decode(first.value) : ''
      await reader?.cancel()
    } else {
      text = await res.text()
    }
    if (!documented) throw new Error(`${where}, a status the document does not list`)
    let json: unknown
    const content = documented.content
    if (!content) {
      if (text !== '') throw new Error(`${where} with a body, but documents none`)
    } else {
      if (!mediaType || !(mediaType in content)) {
        throw new Error(
          `${where} with Content-Type ${mediaType || '(none)'}; documented: ${Object.keys(content).join(', ')}`,
        )
      }
      if (mediaType === 'application/json') {
        try {
          json = JSON.parse(text)
        } catch {
          throw new Error(`${where} with a body that is not JSON: ${text.slice(0, 200)}`)
        }
        const validate = this.#validator(path, method, status, mediaType)
        if (!validate(json)) {
          throw new Error(
            `${where} with a body the document does not hold: ${this.#ajv.errorsText(validate.errors)}\n${text.slice(0, 500)}`,
          )
        }
      } else if (content[mediaType]?.schema !== undefined) {
        const validate = this.#validator(path, method, status, mediaType)
        if (!validate(text)) {
          throw new Error(`${where}: ${this.#ajv.errorsText(validate.errors)}`)
        }
      }
    }
    let statuses = this.seen.get(operationId)
    if (!statuses) {
      statuses = new Set()
      this.seen.set(operationId, statuses)
    }
    statuses.add(status)
    this.answers++
    return { res, text, json }
  }

  /** Documented (operation, status) pairs that no call has produced yet. */
  unexercised(except: readonly string[] = []): string[] {
    const missing: string[] = []
    for (const [id, { op }] of this.#byId) {
      for (const status of Object.keys(op.responses)) {
        if (except.includes(status)) continue
        if (!this.seen.get(id)?.has(status)) missing.push(`${id} ${status}`)
      }
    }
    return missing
  }
}
