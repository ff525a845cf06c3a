import type { SparkNode } from './fileModels/config.yaml'

/**
 * The paste-ready command that authorises Spark Control's public key on each Spark. The app builds the
 * same text for GET /api/ssh/public-key; src/test/resources/startos/install-command-sample.txt pins it.
 */

/** POSIX single quotes: one shell word whatever `s` holds (a `'` becomes `'\''`). */
export function shellQuote(s: string): string {
  return `'${s.replaceAll("'", `'\\''`)}'`
}

/** `s` as one shell word, bare when it holds only characters no shell treats specially. */
export function shellWord(s: string): string {
  return /^[A-Za-z0-9_@%+=:,./-]+$/.test(s) ? s : shellQuote(s)
}

/** Run on a Spark: adds the key to ~/.ssh/authorized_keys once, however often it is run. */
export function authorizeKeyScript(publicKey: string): string {
  const key = shellQuote(publicKey)
  return (
    'mkdir -p ~/.ssh && chmod 700 ~/.ssh && touch ~/.ssh/authorized_keys && chmod 600 ~/.ssh/authorized_keys' +
    ` && (grep -qxF ${key} ~/.ssh/authorized_keys || echo ${key} >> ~/.ssh/authorized_keys)`
  )
}

/** One `ssh -p <port> <user>@<host> '<script>'` line per node. */
export function installCommand(publicKey: string, nodes: SparkNode[]): string {
  const script = shellQuote(authorizeKeyScript(publicKey))
  return nodes
    .map(
      (n) =>
        `ssh -p ${n['ssh-port']} ${shellWord(`${n.user}@${n.host}`)} ${script}`,
    )
    .join('\n')
}
