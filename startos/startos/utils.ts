/** Where things are inside the image and on the `main` volume; the Dockerfile uses the same paths. */

/** The one port: dashboard, /api and the OpenAI-compatible /v1. */
export const uiPort = 8080

/** The `main` volume, mounted here; the app's data directory (SPARK_CONTROL_DATA_DIR). */
export const dataDir = '/data'

/** Built by Maven as target/spark-control.jar and copied here by the Dockerfile. */
export const jarPath = '/app/spark-control.jar'

/** The non-root user the image runs as (Dockerfile `USER`). */
export const appUser = 'spark'

/** Spring Boot Actuator; `{"status":"UP"}` once every part of the app is up. */
export const healthUrl = `http://127.0.0.1:${uiPort}/actuator/health`

/** Written by the app at first start; read by the Show Public Key action. */
export const publicKeySubpath = 'ssh/id_ed25519.pub'
