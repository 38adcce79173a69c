import type { Config } from '../config.js'
import { bmc } from './bmc/source.js'
import { donorbox } from './donorbox/source.js'
import { github } from './github/source.js'
import { kofi } from './kofi/source.js'
import { opencollective } from './opencollective/source.js'
import { patreon } from './patreon/source.js'
import { type ReceiveContext, type ReceiveSource, sourceReceiver } from './receive.js'
import type { SourceName } from './source.js'

/** Every receive-only source, each under `POST /webhooks/<path>` (docs/sources.md). */
export const SOURCE_PATHS: Record<SourceName, string> = {
  github: '/webhooks/github',
  kofi: '/webhooks/kofi',
  buymeacoffee: '/webhooks/buymeacoffee',
  donorbox: '/webhooks/donorbox',
  patreon: '/webhooks/patreon',
  opencollective: '/webhooks/opencollective',
}

/** The receivers of every source from the configuration: each 503 without its settings. */
export function sourceReceivers(
  config: Pick<Config, 'sources'>,
  ctx: ReceiveContext,
): Record<SourceName, ReceiveSource> {
  return {
    github: sourceReceiver(github, config.sources.github, ctx),
    kofi: sourceReceiver(kofi, config.sources.kofi, ctx),
    buymeacoffee: sourceReceiver(bmc, config.sources.buymeacoffee, ctx),
    donorbox: sourceReceiver(donorbox, config.sources.donorbox, ctx),
    patreon: sourceReceiver(patreon, config.sources.patreon, ctx),
    opencollective: sourceReceiver(opencollective, config.sources.opencollective, ctx),
  }
}
