import { sdk } from './sdk'

/**
 * The whole `main` volume: config.yaml, the SSH key pair and pinned host keys, model and service
 * overrides, connectivity history. StartOS stops the service while it copies.
 */
export const { createBackup, restoreInit } = sdk.setupBackups(async () =>
  sdk.Backups.ofVolumes('main'),
)
