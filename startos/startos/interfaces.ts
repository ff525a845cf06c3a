import { sdk } from './sdk'
import { uiPort } from './utils'

/** One port serves both: the dashboard at / and the OpenAI-compatible gateway at /v1. */
export const setInterfaces = sdk.setupInterfaces(async ({ effects }) => {
  const host = sdk.MultiHost.of(effects, 'main')
  // StartOS terminates TLS and forwards plain HTTP to the app.
  const origin = await host.bindPort(uiPort, { protocol: 'http' })
  const ui = sdk.createInterface(effects, {
    name: 'Web UI',
    id: 'ui',
    description:
      'The dashboard: loaded model and swaps, downloads, audio services, hardware and health.',
    type: 'ui',
    masked: false,
    schemeOverride: null,
    username: null,
    path: '',
    query: {},
  })
  const api = sdk.createInterface(effects, {
    name: 'OpenAI-compatible API',
    id: 'api',
    description:
      'Base URL for LAN apps: chat and completions, embeddings, transcription and speech. ' +
      'Apps can discover every service at /api/endpoints on the same host.',
    type: 'api',
    masked: false,
    schemeOverride: null,
    username: null,
    path: '/v1',
    query: {},
  })
  return [await origin.export([ui, api])]
})
