import { randomBytes } from 'node:crypto'
import { configYaml, writeOwnKeys } from '../fileModels/config.yaml'
import { sdk } from '../sdk'

const { InputSpec, Value } = sdk

/** 256 random bits in the `sk-` form OpenAI clients expect (and the redaction gateway recognises as a key). */
export function newApiKey(): string {
  return `sk-spark-${randomBytes(32).toString('base64url')}`
}

/** Adds a key to the ones in effect (however config.yaml spelled them), written as one `api-keys` list. */
export async function addApiKey(file: { path: string }, key: string) {
  const keys =
    (await configYaml
      .withPath(file.path)
      .read((c) => c['api-keys'])
      .once()) ?? []
  await writeOwnKeys(file, { 'api-keys': [...keys, key] })
}

export async function removeApiKeys(file: { path: string }) {
  await writeOwnKeys(file, { 'api-keys': [] })
}

// The count only: the keys themselves are never shown again.
const keysSet = (count: number) =>
  count === 0
    ? 'No API key is set: the API is open to everyone on your network.'
    : `${count} API ${count === 1 ? 'key is' : 'keys are'} set.`

const keyCount = configYaml.read((c) => c['api-keys'].length)

export const manageApiKeys = sdk.Action.withInput(
  'manage-api-keys',
  async ({ effects }) => ({
    name: 'Manage API Keys',
    description:
      'The keys your apps (Open WebUI, scripts) send as "Authorization: Bearer <key>" to the OpenAI-compatible API ' +
      '(/v1, /redact/v1, /api/audio). With none set, that API is open to everyone on your network. ' +
      keysSet((await keyCount.const(effects)) ?? 0),
    warning: null,
    allowedStatuses: 'any',
    group: 'Setup',
    visibility: 'enabled',
  }),
  async () =>
    InputSpec.of({
      change: Value.select({
        name: 'What to do',
        description: keysSet((await keyCount.once()) ?? 0),
        default: 'add',
        values: {
          add: 'Generate a new key and add it',
          removeAll: 'Remove all keys',
        },
        warning:
          'Removing all keys opens the API to everyone on your network until you add a new one.',
      }),
    }),
  async () => null,
  async ({ input }) => {
    if (input.change === 'removeAll') {
      await removeApiKeys(configYaml)
      return {
        version: '1',
        title: 'API keys removed',
        message:
          'The OpenAI-compatible API needs no key now. A running service restarts to use this.',
        result: null,
      }
    }
    const key = newApiKey()
    await addApiKey(configYaml, key)
    return {
      version: '1',
      title: 'New API key',
      message:
        'Copy it into your app now: it is not shown again. Apps send it as "Authorization: Bearer <key>"; ' +
        'in Open WebUI it is the API key of the OpenAI connection. Keys you added before keep working. ' +
        'A running service restarts to use it.',
      result: {
        type: 'single',
        value: key,
        copyable: true,
        qr: false,
        masked: true,
      },
    }
  },
)
