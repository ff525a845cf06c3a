import { configureSparks } from '../actions/configureSparks'
import { configYaml, configuredNodes } from '../fileModels/config.yaml'
import { sdk } from '../sdk'

/**
 * On install, writes config.yaml with every key the actions own (empty = unset). Until a Spark is configured,
 * StartOS shows a task pointing at Configure Sparks. It does not block starting: the first start is what
 * creates the SSH key that Show Public Key reveals.
 */
export const seedConfig = sdk.setupOnInit(async (effects, kind) => {
  if (kind === 'install') await configYaml.merge(effects, {})
  if (configuredNodes(await configYaml.read().once()).length > 0) return
  await sdk.action.createOwnTask(effects, configureSparks, 'important', {
    reason: 'Enter the address and SSH user of each Spark.',
    replayId: 'configure-sparks',
  })
})
