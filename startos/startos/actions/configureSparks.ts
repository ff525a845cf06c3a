import { T } from '@start9labs/start-sdk'
import {
  configYaml,
  writeOwnKeys,
  type SparkConfig,
} from '../fileModels/config.yaml'
import { sdk } from '../sdk'

const { InputSpec, Value } = sdk

// At least as strict as the app's own checks of spark-control.spark1.host and .user when it imports the file.
const hostPattern = {
  regex: '^[A-Za-z0-9][A-Za-z0-9.:\\-]{0,252}$',
  description:
    'An IPv4 address such as 192.168.1.10, or a host name, with nothing else (no user@, no spaces)',
}
// One colon and digits is a port, not an IPv6 address.
const noPortPattern = {
  regex: '^(?![^:]*:[0-9]*$)',
  description: 'No :port here; the SSH port has its own field',
}
const userPattern = {
  regex: '^[a-z_][a-z0-9_.-]{0,31}$',
  description: 'A Linux user name: lower-case letters, digits, _ . -',
}
const urlPattern = {
  regex: '^https?://\\S+$',
  description: 'An http:// or https:// URL',
}
const noSpaces = { regex: '^\\S+$', description: 'No spaces' }

const preferIpv4 =
  'Prefer the IPv4 address (e.g. 192.168.1.10) to a .local name: vLLM listens on IPv4 only, and a .local ' +
  'name can resolve to an IPv6 address first, so swaps and health checks fail although the Spark is up. ' +
  'Give the Spark a fixed address (a DHCP reservation on your router).'

const sparkSpec = <Required extends boolean>(
  which: 'Spark 1' | 'Spark 2',
  required: Required,
) =>
  InputSpec.of({
    host: Value.text({
      name: `${which} address`,
      description: preferIpv4,
      required,
      default: null,
      placeholder: which === 'Spark 1' ? '192.168.1.10' : '192.168.1.11',
      patterns: [hostPattern, noPortPattern],
    }),
    user: Value.text({
      name: 'SSH user',
      description:
        which === 'Spark 1'
          ? 'The Linux user Spark Control logs in as. It must be in the docker group and have ~/spark-vllm-docker.'
          : 'Leave blank to use the Spark 1 user. launch-cluster.sh reaches Spark 2 from Spark 1 as the same user, ' +
            'so it should be the same name on both.',
      required,
      default: null,
      placeholder: 'nvidia',
      patterns: [userPattern],
    }),
    sshPort: Value.number({
      name: 'SSH port',
      required: true,
      default: 22,
      integer: true,
      min: 1,
      max: 65535,
    }),
  })

const optionalUrl = (name: string, description: string) =>
  Value.text({
    name,
    description,
    required: false,
    default: null,
    inputmode: 'url',
    patterns: [urlPattern],
  })

const onSpark2 =
  'Leave blank when it runs on Spark 2 (the normal case); set it only when the service runs elsewhere.'

const secret = (name: string, description: string) =>
  Value.text({
    name,
    description,
    required: false,
    default: null,
    masked: true,
    patterns: [noSpaces],
  })

export const configureSparksSpec = InputSpec.of({
  spark1: Value.object(
    {
      name: 'Spark 1 (head node)',
      description: 'Runs vLLM through ~/spark-vllm-docker/launch-cluster.sh.',
    },
    sparkSpec('Spark 1', true),
  ),
  spark2: Value.object(
    {
      name: 'Spark 2 (worker node)',
      description:
        'Second half of cluster-mode models; runs Parakeet, Kokoro, diarization and embeddings.',
    },
    sparkSpec('Spark 2', false),
  ),
  services: Value.object(
    { name: 'Services elsewhere (optional)', description: null },
    InputSpec.of({
      parakeetUrl: optionalUrl('Parakeet (speech-to-text) URL', onSpark2),
      kokoroUrl: optionalUrl('Kokoro (text-to-speech) URL', onSpark2),
      embeddingsUrl: optionalUrl('Embeddings URL', onSpark2),
      openWebuiUrl: optionalUrl(
        'Open WebUI URL',
        'Your Open WebUI address on the LAN; the dashboard links to it next to the loaded model.',
      ),
    }),
  ),
  secrets: Value.object(
    {
      name: 'Keys and tokens (optional)',
      description: 'Stored on the service volume; never shown or logged.',
    },
    InputSpec.of({
      ngcApiKey: secret(
        'NVIDIA NGC API key',
        'Needed to install Parakeet from nvcr.io (starts with nvapi-). Free at ngc.nvidia.com → Setup → Personal key. Kokoro needs none.',
      ),
      hfToken: secret(
        'Hugging Face token',
        'Needed only to download gated models (starts with hf_).',
      ),
    }),
  ),
})

export type ConfigureSparksInput = typeof configureSparksSpec._TYPE

/** The form as the file model's keys; blank optional fields become "" (unset). */
export function formToConfig(
  input: ConfigureSparksInput,
): T.DeepPartial<SparkConfig> {
  const spark2User = input.spark2.host
    ? input.spark2.user || input.spark1.user
    : input.spark2.user
  return {
    spark1: {
      host: input.spark1.host,
      user: input.spark1.user,
      'ssh-port': input.spark1.sshPort,
    },
    spark2: {
      host: input.spark2.host ?? '',
      user: spark2User ?? '',
      'ssh-port': input.spark2.sshPort,
    },
    parakeet: { url: input.services.parakeetUrl ?? '' },
    kokoro: { url: input.services.kokoroUrl ?? '' },
    embeddings: { url: input.services.embeddingsUrl ?? '' },
    'open-webui': { url: input.services.openWebuiUrl ?? '' },
    'ngc-api-key': input.secrets.ngcApiKey ?? '',
    'hf-token': input.secrets.hfToken ?? '',
  }
}

/** The current file as the form's prefill; "" shows as an empty field (null, or no value for required ones). */
export function configToForm(
  config: SparkConfig,
): T.DeepPartial<ConfigureSparksInput> {
  const orNull = (s: string) => s || null
  const orUnset = (s: string) => s || undefined
  return {
    spark1: {
      host: orUnset(config.spark1.host),
      user: orUnset(config.spark1.user),
      sshPort: config.spark1['ssh-port'],
    },
    spark2: {
      host: orNull(config.spark2.host),
      user: orNull(config.spark2.user),
      sshPort: config.spark2['ssh-port'],
    },
    services: {
      parakeetUrl: orNull(config.parakeet.url),
      kokoroUrl: orNull(config.kokoro.url),
      embeddingsUrl: orNull(config.embeddings.url),
      openWebuiUrl: orNull(config['open-webui'].url),
    },
    secrets: {
      ngcApiKey: orNull(config['ngc-api-key']),
      hfToken: orNull(config['hf-token']),
    },
  }
}

export const configureSparks = sdk.Action.withInput(
  'configure-sparks',
  {
    name: 'Configure Sparks',
    description:
      'Where the Sparks are and how to log in to them, optional service addresses, and the NGC and Hugging Face ' +
      'keys. Writes /data/config.yaml; a running service restarts to read it.',
    warning: null,
    allowedStatuses: 'any',
    group: 'Setup',
    visibility: 'enabled',
  },
  configureSparksSpec,
  async () => {
    const config = await configYaml.read().once()
    return config ? configToForm(config) : null
  },
  async ({ input }) => {
    await writeOwnKeys(configYaml, formToConfig(input))
    const mdns = [input.spark1.host, input.spark2.host].filter((h) =>
      h?.endsWith('.local'),
    )
    if (mdns.length === 0) return
    return {
      version: '1',
      title: 'Sparks configured',
      message:
        `${mdns.join(' and ')} ${mdns.length > 1 ? 'are .local names' : 'is a .local name'}. ` +
        'If the dashboard shows a Spark as unreachable or a swap never becomes ready, enter its IPv4 address instead.',
      result: null,
    }
  },
)
