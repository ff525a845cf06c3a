import bcrypt from 'bcryptjs'
import { configYaml, writeOwnKeys } from '../fileModels/config.yaml'
import { sdk } from '../sdk'

const { InputSpec, Value } = sdk

// Spring's BCryptPasswordEncoder refuses passwords longer than 72 bytes; ASCII keeps bytes = characters.
const maxLength = 72

/** Spring Security's DelegatingPasswordEncoder form of a bcrypt hash: `{bcrypt}$2b$10$…`. */
export async function hashAdminPassword(password: string): Promise<string> {
  if (Buffer.byteLength(password, 'utf8') > maxLength) {
    throw new Error(`The password is longer than ${maxLength} bytes.`)
  }
  return `{bcrypt}${await bcrypt.hash(password, 10)}`
}

const passwordSpec = InputSpec.of({
  password: Value.text({
    name: 'Admin password',
    description:
      'Protects the dashboard and every /api call that changes something (swaps, downloads, services). ' +
      'Stored only as a bcrypt hash. The /v1 gateway is protected separately, by API keys.',
    required: true,
    default: null,
    masked: true,
    minLength: 12,
    maxLength,
    generate: { charset: 'a-z,A-Z,0-9', len: 24 },
    patterns: [
      {
        regex: '^[\\x20-\\x7E]+$',
        description: 'Printable ASCII characters only',
      },
    ],
  }),
})

export const setAdminPassword = sdk.Action.withInput(
  'set-admin-password',
  {
    name: 'Set Admin Password',
    description:
      'Sets the password the dashboard asks for. A running service restarts to use it.',
    warning: null,
    allowedStatuses: 'any',
    group: 'Setup',
    visibility: 'enabled',
  },
  passwordSpec,
  async () => null,
  async ({ input }) => {
    await writeOwnKeys(configYaml, {
      'admin-password': await hashAdminPassword(input.password),
    })
    return {
      version: '1',
      title: 'Admin password set',
      message:
        'Keep the password in your password manager: only its hash is stored, so it cannot be shown again. ' +
        'Run this action again to change it.',
      result: null,
    }
  },
)
