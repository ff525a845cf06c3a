import { healthFns } from '@start9labs/start-sdk'
import { configYaml } from './fileModels/config.yaml'
import { sdk } from './sdk'
import { appUser, dataDir, healthUrl, jarPath, uiPort } from './utils'

// Spring Boot and Camel take 10–60 s to start on a small ARM box; failures before then show as "starting".
const startupGracePeriod = 180_000

export const main = sdk.setupMain(async ({ effects }) => {
  // The app reads config.yaml only at start-up: restart it when an action rewrites the file.
  await configYaml.read().const(effects)

  const app = sdk.SubContainer.of(
    effects,
    { imageId: 'main' },
    sdk.Mounts.of().mountVolume({
      volumeId: 'main',
      subpath: null,
      mountpoint: dataDir,
      readonly: false,
    }),
    'spark-control',
  )

  return sdk.Daemons.of(effects)
    .addOneshot('data-owner', {
      subcontainer: app,
      exec: {
        // Actions write config.yaml as root; the app runs as `spark` and keeps its secrets to itself.
        command: [
          'sh',
          '-c',
          `chown -R ${appUser}:${appUser} ${dataDir} && if [ -f ${dataDir}/config.yaml ]; then chmod 600 ${dataDir}/config.yaml; fi`,
        ],
        user: 'root',
      },
      requires: [],
    })
    .addDaemon('app', {
      subcontainer: app,
      exec: {
        command: ['java', '-jar', jarPath],
        env: {
          SPARK_CONTROL_DATA_DIR: dataDir,
          SERVER_PORT: String(uiPort),
          // Behind StartOS's TLS proxy: build https:// links and redirects from X-Forwarded-* headers.
          SERVER_FORWARD_HEADERS_STRATEGY: 'framework',
        },
        sigtermTimeout: 30_000,
      },
      ready: {
        display: 'Web Interface',
        gracePeriod: startupGracePeriod,
        fn: actuatorHealth,
      },
      requires: ['data-owner'],
    })
})

/** Ready only on `{"status":"UP"}`: an open port (or any HTTP answer) is not enough. */
async function actuatorHealth(): Promise<healthFns.HealthCheckResult> {
  try {
    const response = await fetch(healthUrl, {
      signal: AbortSignal.timeout(5_000),
    })
    const { status } = (await response.json()) as { status?: unknown }
    if (status === 'UP') {
      return {
        result: 'success',
        message: 'The dashboard and the API are ready',
      }
    }
    return {
      result: 'failure',
      message: `Spark Control reports ${String(status)} at /actuator/health`,
    }
  } catch {
    return {
      result: 'failure',
      message: `Spark Control does not answer on port ${uiPort} yet`,
    }
  }
}
