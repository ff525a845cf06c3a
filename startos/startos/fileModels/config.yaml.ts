import { FileHelper, z } from '@start9labs/start-sdk'
import { sdk } from '../sdk'

/**
 * /data/config.yaml, which Spark Control imports at start-up. Keys are the app's `spark-control.*`
 * properties (API.md) without the prefix; an empty string means "unset". The actions own the keys
 * below; keys the operator adds by hand (vllm, api-keys, gateway, …) are kept on every write.
 */

const sparkShape = z.object({
  host: z.string().catch(''),
  user: z.string().catch(''),
  'ssh-port': z.number().int().min(1).max(65535).catch(22),
})

const urlShape = z.object({ url: z.string().catch('') })

export const configShape = z.object({
  spark1: sparkShape.catch(() => sparkShape.parse({})),
  spark2: sparkShape.catch(() => sparkShape.parse({})),
  // Further nodes of a 3-, 4- or 8-Spark cluster. Only read (for the key install command); absent unless
  // the operator adds them.
  nodes: z.array(sparkShape).optional().catch(undefined),
  parakeet: urlShape.catch(() => urlShape.parse({})),
  kokoro: urlShape.catch(() => urlShape.parse({})),
  embeddings: urlShape.catch(() => urlShape.parse({})),
  'open-webui': urlShape.catch(() => urlShape.parse({})),
  'ngc-api-key': z.string().catch(''),
  'hf-token': z.string().catch(''),
  // `{bcrypt}$2b$…`: Spring Security's DelegatingPasswordEncoder format. Never the password itself.
  'admin-password': z.string().catch(''),
})

export type SparkConfig = z.infer<typeof configShape>
export type SparkNode = z.infer<typeof sparkShape>

/**
 * The app reads YAML 1.1 (SnakeYAML, behind Jackson and Spring), where a bare `yes`, `on`, `0x1F` or
 * `1_000` is a boolean or a number; the `yaml` library writes 1.2, where they are strings. Quoting
 * every string keeps a user named `on` a user named `on`. No folding: keys and hashes stay on one line.
 */
export const yamlStyle = {
  defaultStringType: 'QUOTE_DOUBLE',
  defaultKeyType: 'PLAIN',
  lineWidth: 0,
} as const

export const configYaml = FileHelper.yaml(
  { base: sdk.volumes.main, subpath: 'config.yaml' },
  configShape,
  yamlStyle,
)

/** The Sparks (and further nodes) Spark Control can log in to: host and user both set, each once. */
export function configuredNodes(config: SparkConfig | null): SparkNode[] {
  if (!config) return []
  const all = [config.spark1, config.spark2, ...(config.nodes ?? [])]
  const seen = new Set<string>()
  return all.filter((n) => {
    const id = `${n.user}@${n.host}:${n['ssh-port']}`
    if (!n.host || !n.user || seen.has(id)) return false
    seen.add(id)
    return true
  })
}
