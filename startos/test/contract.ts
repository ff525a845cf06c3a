/**
 * The StartOS side of the config contract, run by `npm run contract` (and so by `./mvnw verify`).
 *
 * Fills the Configure Sparks and Set Admin Password forms with a sample, writes config.yaml through the
 * same file model and code path the actions use, and compares the result with
 * src/test/resources/startos/config-sample.yaml. The Java test StartosConfigContractTest checks that
 * fixture against the keys the app knows, so together they prove the app can read what the actions write.
 * install-command-sample.txt pins the Show Public Key command the same way.
 *
 * `npm run contract -- --update` rewrites both fixtures after an intended change.
 */
import { execFileSync } from 'node:child_process'
import { mkdtemp, readFile, rm, writeFile } from 'node:fs/promises'
import { tmpdir } from 'node:os'
import { join, resolve } from 'node:path'
import { T, YAML, utils } from '@start9labs/start-sdk'
import bcrypt from 'bcryptjs'
import {
  configToForm,
  configureSparksSpec,
  formToConfig,
  type ConfigureSparksInput,
} from '../startos/actions/configureSparks'
import { addApiKey, removeApiKeys } from '../startos/actions/manageApiKeys'
import { hashAdminPassword } from '../startos/actions/setAdminPassword'
import { installCommand } from '../startos/authorizedKeys'
import {
  configShape,
  configuredNodes,
  configYaml,
  writeOwnKeys,
} from '../startos/fileModels/config.yaml'
import { springEntries } from '../startos/fileModels/springKeys'

const fixtures = resolve(__dirname, '../../src/test/resources/startos')
const configFixture = join(fixtures, 'config-sample.yaml')
const commandFixture = join(fixtures, 'install-command-sample.txt')
const keptFixture = join(fixtures, 'config-kept-sample.yaml')

export const sampleForm: ConfigureSparksInput = {
  spark1: { host: '192.168.1.10', user: 'nvidia', sshPort: 22 },
  // No user: Spark 2 takes Spark 1's, as launch-cluster.sh expects.
  spark2: { host: '192.168.1.11', user: null, sshPort: 22 },
  services: {
    parakeetUrl: null,
    kokoroUrl: null,
    embeddingsUrl: 'http://192.168.1.20:8081',
    openWebuiUrl: 'http://192.168.1.5:3000',
  },
  secrets: {
    ngcApiKey: 'nvapi-EXAMPLE-not-a-real-key-0123456789',
    hfToken: null,
  },
}
const samplePassword = 'sample admin password'
const sampleApiKey = 'sk-spark-EXAMPLE-not-a-real-key-0123456789abcdefghijklm'
const samplePublicKey =
  'ssh-ed25519 AAAAC3NzaC1lZDI1NTE5AAAAIExampleExampleExampleExampleExampleExample spark-control'

// FileHelper.merge needs effects only to guard reactive reads, which a script has none of.
const noEffects = {} as T.Effects

const failures: string[] = []
function check(ok: boolean, what: string) {
  if (!ok) failures.push(what)
}

/** Every string scalar double-quoted, so YAML 1.1 readers cannot take one for a boolean or a number. */
function unquotedStrings(text: string): string[] {
  const found: string[] = []
  YAML.visit(YAML.parseDocument(text), {
    Scalar(key, node) {
      if (
        key !== 'key' &&
        typeof node.value === 'string' &&
        node.type !== 'QUOTE_DOUBLE'
      ) {
        found.push(node.value)
      }
    },
  })
  return found
}

const adminHash = (text: string) => {
  const config = configYaml.validate(YAML.parse(text))
  return config['admin-password'].replace(/^\{bcrypt\}/, '')
}

/**
 * Runs each install line through a real shell, with `sh -c` standing in for ssh (which hands the quoted
 * script to the remote user's shell), twice, in a scratch HOME: the key must land exactly once.
 */
async function installRunsIdempotently(dir: string): Promise<boolean> {
  const home = join(dir, 'home')
  const key =
    "ssh-ed25519 AAAAC3NzaC1lZDI1NTE5AAAAIQuoteTest o'brien@spark-control"
  const lines = installCommand(key, [
    { host: '192.168.1.10', user: 'nvidia', 'ssh-port': 22 },
  ]).split('\n')
  try {
    for (let run = 0; run < 2; run++) {
      for (const line of lines) {
        const local = line.replace(
          /^ssh -p \d+ \S+ /,
          'mkdir -p "$HOME" && sh -c ',
        )
        execFileSync('sh', ['-c', local], {
          env: { ...process.env, HOME: home },
          stdio: 'pipe',
        })
      }
    }
    return (
      (await readFile(join(home, '.ssh/authorized_keys'), 'utf8')) ===
      key + '\n'
    )
  } catch (e) {
    console.error(String(e))
    return false
  }
}

type TextFieldSpec = { patterns: { regex: string }[] }

/** Whether the form's patterns (as StartOS shows the form) let `value` through for that field. */
async function formAccepts(
  section: 'spark1' | 'spark2',
  field: 'host' | 'user',
  value: string,
) {
  const { spec } = await configureSparksSpec.build({
    effects: noEffects,
    prefill: null,
  })
  const { patterns } = (
    spec[section] as { spec: Record<string, TextFieldSpec> }
  ).spec[field]
  return patterns.every((p) => new RegExp(p.regex, 'u').test(value))
}

/**
 * A config.yaml as the dashboard and an operator leave it: Jackson's `---`, the admin password the dashboard set,
 * comments, keys no form has (vllm, gateway, nodes), a port quoted by hand, the HF token in a nested
 * `spark-control:` block and the API keys as Spring's comma-separated string (both spellings the app reads).
 */
const handEdited = `---
# Spark Control settings, edited by hand as well as by the StartOS actions.
spark1:
  host: "192.168.1.10"
  user: "nvidia"
  ssh-port: "2222" # quoted: Spring reads it as port 2222 all the same
vllm:
  port: 8001 # not in any form
  repo-dir: "~/vllm"
gateway:
  during-swap: hold
nodes:
  - host: "192.168.1.12"
    user: "nvidia"
    ssh-port: 22
spark-control:
  hf-token: "hf_FAKE-set-by-hand"
api-keys: "sk-FAKE-first,sk-FAKE-second"
admin-password: "{bcrypt}$2a$10$DashboardSetThisHashDashboardSetThisHashDashboardSe"
`

/** Each of `lines` is in `text`, in the same order. */
function inOrder(lines: string[], text: string): boolean {
  let from = 0
  for (const line of lines) {
    const at = text.indexOf(line + '\n', from)
    if (at < 0) return false
    from = at + line.length
  }
  return true
}

/** What the app reads from a YAML text, as Spring's flat names (YAML 1.1, as SnakeYAML reads it). */
const appView = (text: string) =>
  new Map(
    springEntries(YAML.parse(text, { version: '1.1' })).map((e) => [
      e.name,
      e.value,
    ]),
  )

/**
 * The install seed, Configure Sparks (opened, Spark 2 added, saved) and Manage API Keys on `handEdited`: each
 * changes only its own keys; every other key, comment and the dashboard's password stay as they were.
 */
async function keepsWhatItDoesNotOwn(dir: string): Promise<string> {
  const file = configYaml.withPath(join(dir, 'hand-edited.yaml'))
  const notOwned = handEdited
    .split('\n')
    .filter((line) => !/hf-token|api-keys|spark-control:/.test(line))
  await writeFile(file.path, handEdited)

  await writeOwnKeys(file, configShape.parse({}), { missingOnly: true })
  const seeded = await readFile(file.path, 'utf8')
  check(
    seeded.startsWith(handEdited),
    `the seed only appends the keys the file lacks:\n${seeded}`,
  )
  const before = appView(handEdited)
  const afterSeed = appView(seeded)
  check(
    [...before].every(([name, v]) => utils.deepEqual(afterSeed.get(name), v)),
    'the seed keeps every value the app reads',
  )

  const prefill = (await file.read().once())!
  check(
    prefill.spark1['ssh-port'] === 2222 &&
      prefill['hf-token'] === 'hf_FAKE-set-by-hand' &&
      utils.deepEqual(prefill['api-keys'], ['sk-FAKE-first', 'sk-FAKE-second']),
    'the forms show the values the app uses, however the file spells them',
  )
  const form = configToForm(prefill) as ConfigureSparksInput
  form.spark2 = { host: '192.168.1.11', user: null, sshPort: 22 }
  await writeOwnKeys(file, formToConfig(form))
  await addApiKey(file, sampleApiKey)
  const text = await readFile(file.path, 'utf8')
  const app = appView(text)

  check(
    inOrder(notOwned, text),
    `Configure Sparks and Manage API Keys keep every line they do not own:\n${text}`,
  )
  for (const name of [
    'vllm.port',
    'vllm.repo-dir',
    'gateway.during-swap',
    'nodes',
    'admin-password',
  ]) {
    check(
      utils.deepEqual(app.get(name), before.get(name)),
      `${name} is what it was before the actions`,
    )
  }
  check(
    app.get('hf-token') === 'hf_FAKE-set-by-hand' &&
      !app.has('spark-control.hf-token'),
    'saving the form keeps the hand-set HF token, now in one place',
  )
  check(
    utils.deepEqual(app.get('api-keys'), [
      'sk-FAKE-first',
      'sk-FAKE-second',
      sampleApiKey,
    ]),
    'a new API key is added to the hand-set ones',
  )
  check(
    app.get('spark2.host') === '192.168.1.11' &&
      app.get('spark2.user') === 'nvidia',
    'Configure Sparks writes what it owns',
  )

  await removeApiKeys(file)
  const removed = await readFile(file.path, 'utf8')
  check(
    utils.deepEqual(appView(removed).get('api-keys'), []) &&
      removed.replace('api-keys: []\n', '') ===
        text.replace(/api-keys:\n(  - .*\n)+/, ''),
    `removing all API keys changes nothing else:\n${removed}`,
  )
  return text
}

async function main() {
  const update = process.argv.includes('--update')
  const dir = await mkdtemp(join(tmpdir(), 'spark-control-contract-'))
  try {
    // The form takes the sample and turns away what would break the SSH command line.
    check(
      configureSparksSpec.validator.safeParse(sampleForm).success,
      'the sample is a valid Configure Sparks form',
    )
    for (const host of [
      '192.168.1.10',
      'spark-1.lan',
      'spark1.local',
      'fe80::1',
    ]) {
      check(
        await formAccepts('spark1', 'host', host),
        `the form accepts the address ${host}`,
      )
    }
    for (const host of [
      'nvidia@192.168.1.10',
      '192.168.1.10:22',
      '192.168.1.10 ',
      '-oProxyCommand=x',
    ]) {
      check(
        !(await formAccepts('spark1', 'host', host)),
        `the form refuses the address ${host}`,
      )
    }
    check(
      !(await formAccepts('spark2', 'user', 'Nvidia')),
      'the form refuses the user Nvidia',
    )

    const file = configYaml.withPath(join(dir, 'config.yaml'))
    // What init writes on install, then the actions.
    await writeOwnKeys(file, configShape.parse({}), { missingOnly: true })
    await writeOwnKeys(file, formToConfig(sampleForm))
    await writeOwnKeys(file, {
      'admin-password': await hashAdminPassword(samplePassword),
    })
    await addApiKey(file, sampleApiKey)
    const written = await readFile(file.path, 'utf8')
    const config = configYaml.validate(YAML.parse(written))

    check(
      unquotedStrings(written).length === 0,
      `strings written without quotes: ${unquotedStrings(written)}`,
    )
    check(
      config['admin-password'].startsWith('{bcrypt}$2'),
      'admin-password is a {bcrypt} hash',
    )
    check(
      await bcrypt.compare(samplePassword, adminHash(written)),
      'admin-password hash matches the password',
    )

    // Opening Configure Sparks and saving without a change leaves the file as it was.
    await writeOwnKeys(
      file,
      formToConfig(configToForm(config) as ConfigureSparksInput),
    )
    check(
      (await readFile(file.path, 'utf8')) === written,
      'the prefilled form saves back the same file',
    )

    check(
      utils.deepEqual(config['api-keys'], [sampleApiKey]),
      'Manage API Keys adds the key as the api-keys list',
    )

    const kept = await keepsWhatItDoesNotOwn(dir)

    const command =
      installCommand(samplePublicKey, configuredNodes(config)) + '\n'
    check(
      await installRunsIdempotently(dir),
      'the install command, run twice, adds the key exactly once',
    )

    if (update) {
      await writeFile(configFixture, written)
      await writeFile(commandFixture, command)
      await writeFile(keptFixture, kept)
      console.log(
        `Contract fixtures rewritten:\n  ${configFixture}\n  ${commandFixture}`,
      )
    } else {
      const fixture = await readFile(configFixture, 'utf8')
      const fixtureHash = adminHash(fixture)
      check(
        await bcrypt.compare(samplePassword, fixtureHash),
        'the fixture hash matches the sample password',
      )
      // bcrypt salts every hash: compare everything else byte for byte.
      check(
        written.replace(adminHash(written), fixtureHash) === fixture,
        `config.yaml as written differs from ${configFixture}:\n${written}`,
      )
      check(
        kept === (await readFile(keptFixture, 'utf8')),
        `config.yaml after the actions on a hand-edited file differs from ${keptFixture}:\n${kept}`,
      )
      check(
        command === (await readFile(commandFixture, 'utf8')),
        `install command differs from ${commandFixture}:\n${command}`,
      )
    }
  } finally {
    await rm(dir, { recursive: true, force: true })
  }

  if (failures.length > 0) {
    console.error('StartOS config contract FAILED:\n- ' + failures.join('\n- '))
    console.error(
      'After an intended change: cd startos && npm run contract -- --update',
    )
    process.exit(1)
  }
  if (!process.argv.includes('--update')) {
    console.log(
      'StartOS config contract holds: config.yaml and the install command match the fixtures',
    )
  }
}

main().catch((e) => {
  console.error(e)
  process.exit(1)
})
