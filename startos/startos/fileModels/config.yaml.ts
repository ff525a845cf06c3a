import { randomBytes } from 'node:crypto'
import {
  chown,
  mkdir,
  readFile,
  rename,
  stat,
  writeFile,
} from 'node:fs/promises'
import { dirname } from 'node:path'
import { FileHelper, T, YAML, utils, z } from '@start9labs/start-sdk'
import { sdk } from '../sdk'
import {
  entriesInTheWay,
  isPlainMap,
  springEntries,
  spellingsOf,
  valueInEffect,
  type Entry,
  type PlainMap,
} from './springKeys'

/**
 * /data/config.yaml, which Spark Control imports at start-up. Keys are the app's `spark-control.*`
 * properties (API.md) without the prefix; an empty string means "unset". The actions own the keys
 * below; everything else (keys the operator adds by hand: vllm, gateway, …) belongs to someone else.
 * The app itself writes `admin-password` when the password is set from the dashboard.
 *
 * Read through `configYaml` (the values the app uses, whichever way the file spells them); write only
 * through `writeOwnKeys`, never `configYaml.merge`/`write`: those re-serialise the whole file, which
 * drops comments and re-reads the operator's values as YAML 1.2 (a bare `1_000` becomes the string
 * "1_000", a quoted port "2222" becomes the default 22).
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
  // Inference keys for /v1 (Manage API Keys). Plain: the app digests them at start-up and accepts no hashes.
  'api-keys': z.array(z.string()).catch([]),
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

// Read the operator's values as the app's SnakeYAML does.
const yamlVersion = { version: '1.1' } as const

/** Every key the actions own, with its unset value (a string, a port, a list). */
const ownedKeys: Entry[] = springEntries(configShape.parse({})).filter(
  (e) => e.value !== undefined,
)

/** A value of the file as the type of the key's unset value; Spring converts the same way (`"2222"` is port 2222). */
function asOwnedType(value: unknown, unset: unknown): unknown {
  if (Array.isArray(unset)) {
    // A YAML list, or Spring's comma-separated form of a list.
    const items = Array.isArray(value) ? value : String(value).split(',')
    return items.map((item) => String(item ?? '').trim()).filter(Boolean)
  }
  if (typeof unset === 'number') return Number(value)
  return String(value)
}

/** The parsed file with each owned key at its canonical place, holding the value the app uses. */
function inEffect(parsed: unknown): PlainMap {
  const file: PlainMap = isPlainMap(parsed) ? structuredClone(parsed) : {}
  const entries = springEntries(file)
  for (const { path, value: unset } of ownedKeys) {
    const value = valueInEffect(entries, path)
    if (value === undefined) continue
    let at = file
    for (const key of path.slice(0, -1)) {
      if (!isPlainMap(at[key])) at[key] = {}
      at = at[key] as PlainMap
    }
    at[path[path.length - 1]] = asOwnedType(value, unset)
  }
  return file
}

export const configYaml = FileHelper.yaml(
  { base: sdk.volumes.main, subpath: 'config.yaml' },
  configShape,
  { ...yamlStyle, ...yamlVersion },
  { onRead: inEffect, onWrite: (config) => config },
)

/**
 * Sets the given keys in config.yaml and changes nothing else: every other key, comment and quoting stays as it
 * was (a number in a rare notation, `1_000` or `0x1F`, comes back in plain digits: the same value). Other spellings of a given key (`spark-control.hf-token`, a nested `spark-control:` block)
 * are removed, so the value written is the one the app uses. With `missingOnly`, keys the file already has in any
 * spelling are left alone (the install seed). Refuses a file that is not a YAML map, rather than replace it.
 */
export async function writeOwnKeys(
  file: { path: string },
  values: T.DeepPartial<SparkConfig>,
  { missingOnly = false } = {},
): Promise<void> {
  const before = await readFile(file.path, 'utf8').catch((e) => {
    if (e.code === 'ENOENT') return ''
    throw e
  })
  const doc = YAML.parseDocument(before, yamlVersion)
  if (
    doc.errors.length > 0 ||
    !(doc.contents === null || YAML.isMap(doc.contents))
  ) {
    throw new Error(
      `${file.path} is not a YAML map (${doc.errors[0]?.message ?? 'not key: value lines'}). ` +
        'Nothing was changed: correct or remove the file, then run this action again.',
    )
  }
  const entries = springEntries(doc.toJS())
  for (const { path, value } of springEntries(values)) {
    if (value === undefined) continue
    const spellings = spellingsOf(entries, path)
    if (missingOnly && spellings.length > 0) continue
    for (const other of [...spellings, ...entriesInTheWay(entries, path)]) {
      if (!utils.deepEqual(other.path, path))
        deleteWithEmptyParents(doc, other.path)
    }
    const current = spellings.find((e) => utils.deepEqual(e.path, path))
    if (current === undefined || !sameSetting(current.value, value)) {
      setWithPlainMaps(doc, path, value)
    }
  }
  const after = doc.toString(yamlStyle)
  if (after !== before) await replaceFile(file.path, after)
}

/** Whether the file's value already means `value` to Spring (a quoted "2222" is port 2222): then its text stays. */
function sameSetting(inFile: unknown, value: unknown): boolean {
  const scalar = (v: unknown) => !Array.isArray(v) && !isPlainMap(v)
  if (scalar(inFile) && scalar(value)) return String(inFile) === String(value)
  return utils.deepEqual(inFile, value)
}

/** Like `doc.setIn`, whose missing parents would be YAML 1.1 `!!omap`s: plain maps instead. */
function setWithPlainMaps(doc: YAML.Document, path: string[], value: unknown) {
  if (doc.contents === null) doc.contents = doc.createNode({})
  let depth = 1
  while (
    depth < path.length &&
    YAML.isMap(doc.getIn(path.slice(0, depth), true))
  )
    depth++
  const node = path
    .slice(depth)
    .reduceRight<unknown>((inner, key) => ({ [key]: inner }), value)
  doc.setIn(path.slice(0, depth), doc.createNode(node))
}

function deleteWithEmptyParents(doc: YAML.Document, path: string[]) {
  if (!doc.hasIn(path)) return
  doc.deleteIn(path)
  for (let depth = path.length - 1; depth > 0; depth--) {
    const parent = doc.getIn(path.slice(0, depth), true)
    if (!YAML.isMap(parent) || parent.items.length > 0) return
    doc.deleteIn(path.slice(0, depth))
  }
}

/** Write-then-rename: a crash mid-write never leaves half a file (and no admin password). Mode 0600, owner kept. */
async function replaceFile(path: string, text: string) {
  await mkdir(dirname(path), { recursive: true })
  const temp = `${path}.${randomBytes(6).toString('hex')}.tmp`
  await writeFile(temp, text, { mode: 0o600 })
  const owner = await stat(path).catch(() => null)
  if (owner) await chown(temp, owner.uid, owner.gid)
  await rename(temp, path)
}

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
