import { VersionInfo } from '@start9labs/start-sdk'

export const current = VersionInfo.of({
  version: '0.1.0:0',
  releaseNotes: {
    en_US:
      'First release of the Java Spark Control: dashboard, model swaps and downloads, audio services, ' +
      'and one OpenAI-compatible gateway for LAN apps.',
  },
  migrations: {},
})
