import { VersionGraph } from '@start9labs/start-sdk'
import { current } from './current'

/** Older versions are added to `other` (as vX.Y.Z_N.ts) only when a migration needs them. */
export const versionGraph = VersionGraph.of({ current, other: [] })
