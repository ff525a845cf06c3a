/**
 * config.yaml as the app sees it. The app (config/ConfigYamlImport) loads the file with Spring's YAML loader, which
 * flattens nested maps into dotted names, and prefixes every name with `spark-control.` unless it already has it. So
 * `spark1: {host: x}`, `spark1.host: x`, `spark-control.spark1.host: x` and `spark-control: {spark1: {host: x}}` are
 * the same setting, and Spring's relaxed binding also takes `sshPort` or `ssh_port` for `ssh-port`. Blank values
 * are skipped, so a blank spelling never hides another one.
 */

export type PlainMap = Record<string, unknown>

/** A key of the file down to a value that is not a non-empty map (a list is one entry), with its Spring name. */
export type Entry = { path: string[]; name: string; value: unknown }

export const isPlainMap = (value: unknown): value is PlainMap =>
  typeof value === 'object' && value !== null && !Array.isArray(value)

/** Every entry of a parsed YAML map, in file order. */
export function springEntries(node: unknown, path: string[] = []): Entry[] {
  if (!isPlainMap(node)) return []
  return Object.entries(node).flatMap(([key, value]) => {
    const at = [...path, key]
    return isPlainMap(value) && Object.keys(value).length > 0
      ? springEntries(value, at)
      : [{ path: at, name: at.join('.'), value }]
  })
}

/** The setting a name stands for, in Spring's uniform form (no prefix, lower-case letters and digits per element). */
export function settingOf(name: string): string {
  return name
    .replace(/^spark-control\./, '')
    .split('.')
    .map((element) => element.toLowerCase().replace(/[^a-z0-9]/g, ''))
    .join('.')
}

export function isBlank(value: unknown): boolean {
  if (value === null || value === undefined) return true
  if (Array.isArray(value)) return value.every(isBlank)
  if (isPlainMap(value)) return Object.keys(value).length === 0
  return String(value).trim() === ''
}

/** The entries that spell the setting at `path`, in file order. */
export function spellingsOf(entries: Entry[], path: string[]): Entry[] {
  const setting = settingOf(path.join('.'))
  return entries.filter((e) => settingOf(e.name) === setting)
}

/**
 * Entries holding a value where `path` needs a map (`spark1: ""` when writing spark1.host); Spring cannot use
 * them as that setting either.
 */
export function entriesInTheWay(entries: Entry[], path: string[]): Entry[] {
  const setting = settingOf(path.join('.'))
  return entries.filter(
    (e) => !isPlainMap(e.value) && setting.startsWith(settingOf(e.name) + '.'),
  )
}

/** The value the app uses for the setting at `path`: the last non-blank spelling in the file. */
export function valueInEffect(entries: Entry[], path: string[]): unknown {
  return spellingsOf(entries, path)
    .filter((e) => !isBlank(e.value))
    .at(-1)?.value
}
