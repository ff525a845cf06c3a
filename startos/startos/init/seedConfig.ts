import { configureSparks } from '../actions/configureSparks'
import {
  configShape,
  configYaml,
  configuredNodes,
  writeOwnKeys,
} from '../fileModels/config.yaml'
import { sdk } from '../sdk'

/**
 * On install, adds to config.yaml every key the actions own that it lacks (empty = unset); a file that is already
 * there (a reinstall over a kept volume) keeps every value it has. Until a Spark is configured,
 * StartOS shows a task pointing at Configure Sparks. It does not block starting: the first start is what
 * creates the SSH key that Show Public Key reveals.
 */
export const seedConfig = sdk.setupOnInit(async (effects, kind) => {
  if (kind === 'install') {
    await writeOwnKeys(configYaml, configShape.parse({}), { missingOnly: true })
  }
  if (configuredNodes(await configYaml.read().once()).length > 0) return
  await sdk.action.createOwnTask(effects, configureSparks, 'important', {
    reason: 'Enter the address and SSH user of each Spark.',
    replayId: 'configure-sparks',
  })
})
