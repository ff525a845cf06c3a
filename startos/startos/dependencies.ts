import { sdk } from './sdk'

/** Spark Control talks to the Sparks over the LAN, not to other StartOS services. */
export const setDependencies = sdk.setupDependencies(async () => ({}))
