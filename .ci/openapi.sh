#!/usr/bin/env bash
# OpenAPI documents: every docs/openapi/*.json is linted by Spectral with .spectral.yaml (spectral:oas); any error
# fails, warnings are printed. Spectral comes from npm at the version .ci/openapi/package-lock.json pins (npm ci;
# no install scripts run). The documents themselves are kept equal to what the services publish by each service's
# OpenApiDocumentIT.
set -euo pipefail
cd "$(dirname "$0")/.."
if ! command -v npm >/dev/null; then
  echo "CI: npm is needed for the OpenAPI lint (Debian: apt-get install npm)" >&2
  exit 1
fi
(cd .ci/openapi && npm ci --ignore-scripts --no-audit --no-fund --loglevel=error)
.ci/openapi/node_modules/.bin/spectral lint --ruleset .spectral.yaml --fail-severity error \
  docs/openapi/*.json
echo "CI: OpenAPI documents pass Spectral with no errors"
