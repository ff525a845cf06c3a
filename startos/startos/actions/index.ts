import { sdk } from '../sdk'
import { configureSparks } from './configureSparks'
import { manageApiKeys } from './manageApiKeys'
import { setAdminPassword } from './setAdminPassword'
import { showPublicKey } from './showPublicKey'

export const actions = sdk.Actions.of()
  .addAction(configureSparks)
  .addAction(showPublicKey)
  .addAction(setAdminPassword)
  .addAction(manageApiKeys)
