import { createRoute, OpenAPIHono, z } from '@hono/zod-openapi'
import { bodyLimit } from 'hono/body-limit'
import type { AppEnv, Services } from '../deps.js'
import {
  checkLogo,
  LOGO_EXTENSIONS,
  LOGO_MAX_BYTES,
  LOGO_PROBLEMS,
  type LogoType,
  logoVersion,
} from '../domain/logo.js'
import { ApiError } from '../errors.js'
import { OPEN } from '../http/header-sets.js'
import { deleteLogo, getLogoImage, putLogo } from '../store/logos.js'
import { CampaignSchema } from './admin/campaign.schema.js'
import { campaignView } from './admin/campaign-view.js'
import { requireCampaign } from './admin/require-campaign.js'
import {
  adminErrors,
  adminOperation,
  errorResponse,
  jsonContent as json,
  Slug,
  serverErrorResponses,
} from './schemas.js'
import { validationHook } from './validation.js'

/** The upload's path; the app's 64 KiB API body limit leaves it to the logo's own. */
export const LOGO_UPLOAD_PATH = /^\/api\/admin\/campaigns\/[^/]+\/logo$/

/** Content types an upload may declare; the bytes decide what it is. */
const UPLOAD_TYPES = ['image/png', 'image/jpeg', 'image/webp', 'application/octet-stream']

const Binary = z.string().openapi({ type: 'string', format: 'binary' })
const slugParam = z.object({ slug: Slug })
const KB = LOGO_MAX_BYTES / 1024

const routes = {
  put: createRoute({
    operationId: 'setCampaignLogo',
    ...adminOperation,
    method: 'put',
    path: '/api/admin/campaigns/{slug}/logo',
    summary: "Set the campaign's logo (PNG, JPEG or WebP, at most 256 KiB)",
    description:
      `The body is the image itself, at most ${KB} KiB. Only PNG, JPEG and WebP are taken, ` +
      'recognised by their first bytes (the declared Content-Type is not trusted; SVG is never ' +
      'taken). The logo appears on the donate and thank-you pages and is served at `logo.url`, ' +
      'a versioned URL cached for a year: a new image gets a new URL.',
    request: {
      params: slugParam,
      body: {
        required: true,
        content: Object.fromEntries(UPLOAD_TYPES.map((t) => [t, { schema: Binary }])),
      },
    },
    responses: {
      200: json(CampaignSchema, 'The campaign with its new logo'),
      ...adminErrors({ notFound: 'Unknown campaign' }),
      400: errorResponse(
        '`invalid_logo`: empty, or not a PNG, JPEG or WebP image by its bytes; or a bad parameter',
      ),
      413: errorResponse(`\`payload_too_large\`: the image is over ${KB} KiB`),
      415: errorResponse('`unsupported_media_type`: a Content-Type other than the four listed'),
    },
  }),
  delete: createRoute({
    operationId: 'deleteCampaignLogo',
    ...adminOperation,
    method: 'delete',
    path: '/api/admin/campaigns/{slug}/logo',
    summary: "Remove the campaign's logo",
    request: { params: slugParam },
    responses: {
      200: json(CampaignSchema, 'The campaign without a logo'),
      ...adminErrors({ notFound: 'Unknown campaign' }),
    },
  }),
  get: createRoute({
    operationId: 'getCampaignLogo',
    security: [],
    tags: ['public'],
    method: 'get',
    path: '/logo/{slug}/{file}',
    summary: "A campaign's logo image",
    description:
      'The URL a campaign gives as `logo.url`: `<version>.<png|jpg|webp>`. It never changes ' +
      'under its URL, so it is cached for a year (`immutable`); an old version is a 404.',
    request: {
      params: z.object({
        slug: Slug,
        file: z
          .string()
          .regex(/^[0-9a-f]{16}\.(png|jpg|webp)$/, 'must be <version>.<png|jpg|webp>')
          .openapi({ example: '3f2a9c0d1b4e5f60.png' }),
      }),
    },
    responses: {
      200: {
        description: 'The image',
        content: Object.fromEntries(
          Object.keys(LOGO_EXTENSIONS).map((t) => [t, { schema: Binary }]),
        ),
      },
      304: { description: 'Not modified (If-None-Match)' },
      400: errorResponse('Bad slug or file name'),
      404: errorResponse('No such campaign, logo or version'),
      ...serverErrorResponses,
    },
  }),
}

/** A year: the versioned URL's bytes never change. */
const IMMUTABLE = 'public, max-age=31536000, immutable'

/** The logo: uploaded and removed through the admin API, served to every page. */
export function logoRoutes(ctx: Pick<Services, 'store' | 'now' | 'changed' | 'audit'>) {
  const app = new OpenAPIHono<AppEnv>({ defaultHook: validationHook })

  app.use(
    '/api/admin/campaigns/:slug/logo',
    bodyLimit({
      maxSize: LOGO_MAX_BYTES,
      onError: () => {
        throw new ApiError(413, 'payload_too_large', LOGO_PROBLEMS.too_large)
      },
    }),
  )

  app.openapi(routes.put, async (c) => {
    const { slug } = c.req.valid('param')
    const declared = (c.req.header('content-type') ?? '').split(';')[0]?.trim().toLowerCase()
    if (!declared || !UPLOAD_TYPES.includes(declared)) {
      throw new ApiError(
        415,
        'unsupported_media_type',
        `Send the image as the body with Content-Type ${UPLOAD_TYPES.join(', ')}`,
      )
    }
    const before = await requireCampaign(ctx.store, slug)
    const bytes = new Uint8Array(await c.req.arrayBuffer())
    const checked = checkLogo(bytes)
    if (!checked.ok) {
      const status = checked.problem === 'too_large' ? 413 : 400
      const code = checked.problem === 'too_large' ? 'payload_too_large' : 'invalid_logo'
      throw new ApiError(status, code, LOGO_PROBLEMS[checked.problem])
    }
    const meta = {
      version: await logoVersion(bytes),
      contentType: checked.contentType as LogoType,
      bytes: bytes.length,
    }
    const now = ctx.now().toISOString()
    const audit = ctx.audit(c, {
      action: 'campaign.logo',
      campaign: slug,
      target: slug,
      before: before.logo && { logo: before.logo },
      after: { logo: meta },
    })
    if (!(await putLogo(ctx.store, slug, { ...meta, data: bytes }, now, [audit]))) {
      throw new ApiError(404, 'not_found', `No campaign with slug "${slug}"`)
    }
    ctx.changed(slug)
    return c.json(await campaignView(ctx.store, await requireCampaign(ctx.store, slug)), 200)
  })

  app.openapi(routes.delete, async (c) => {
    const { slug } = c.req.valid('param')
    const before = await requireCampaign(ctx.store, slug)
    if (before.logo) {
      const now = ctx.now().toISOString()
      const audit = ctx.audit(c, {
        action: 'campaign.logo',
        campaign: slug,
        target: slug,
        before: { logo: before.logo },
        after: { logo: null },
      })
      await deleteLogo(ctx.store, slug, now, [audit])
      ctx.changed(slug)
    }
    return c.json(await campaignView(ctx.store, await requireCampaign(ctx.store, slug)), 200)
  })

  app.openapi(routes.get, async (c) => {
    const { slug, file } = c.req.valid('param')
    const image = await getLogoImage(ctx.store, slug)
    const [version, ext] = file.split('.')
    const type = image?.contentType as LogoType | undefined
    if (!image || !type || image.version !== version || LOGO_EXTENSIONS[type] !== ext) {
      throw new ApiError(404, 'not_found', `No logo ${file} for campaign "${slug}"`)
    }
    const etag = `"${image.version}"`
    const headers = {
      ...OPEN,
      'Cache-Control': IMMUTABLE,
      ETag: etag,
      // Raster images only; should one ever be opened as a document, it may do nothing.
      'Content-Security-Policy': "default-src 'none'; sandbox",
    }
    const inm = c.req.header('if-none-match')
    if (inm?.split(',').some((t) => t.trim().replace(/^W\//, '') === etag)) {
      return c.body(null, 304, headers)
    }
    return c.body(image.data as Uint8Array<ArrayBuffer>, 200, { ...headers, 'Content-Type': type })
  })

  return app
}
