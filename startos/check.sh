#!/bin/sh
# Checks the StartOS wrapper: npm ci, tsc --noEmit, the SDK's lint and the config contract (test/contract.ts).
# `./mvnw verify` runs it (exec-maven-plugin, phase verify); `-Dexec.skip=true` leaves it out.
# Without npm it says so and passes; with npm, any failure fails the build.
set -eu
cd "$(dirname "$0")"

if ! command -v npm >/dev/null 2>&1; then
  echo "npm not found: skipping StartOS type-check (startos/ is not checked; install Node.js 20+ and npm to check it)"
  exit 0
fi

# npm ci wipes node_modules and installs it again from the registry (about 10 s). Like the Makefile's
# node_modules rule, do it only when package.json or package-lock.json changed since the last install.
stamp=node_modules/.spark-control-installed
if ! cat package.json package-lock.json | cmp -s - "$stamp" 2>/dev/null; then
  echo "StartOS: npm ci"
  npm ci --no-audit --no-fund --loglevel=error
  cat package.json package-lock.json > "$stamp"
fi

echo "StartOS: tsc --noEmit"
npm run --silent check
echo "StartOS: SDK lint"
npm run --silent lint
echo "StartOS: config contract"
npm run --silent contract
