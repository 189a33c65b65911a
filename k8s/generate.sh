#!/usr/bin/env bash
# Regenerates what k8s/ and the chart carry as copies, from their single sources:
#   helm/shopscale/files/prometheus/*.yml  <- observability/prometheus/{recording,alert}-rules.yml (byte copies)
#   helm/shopscale/files/grafana/*.json    <- docker/grafana/dashboards/*.json (byte copies)
#   k8s/base/, k8s/components/monitoring/  <- helm template of helm/shopscale (default values; the monitoring
#                                             component with --api-versions monitoring.coreos.com/v1)
# The render runs the same code deploy-tests checks these files with (helm-java: Helm's library, no helm binary),
# so the committed files equal what the check expects. Commit the result with the change that caused it.
# Usage: k8s/generate.sh [extra Maven arguments, e.g. -o]
set -euo pipefail
cd "$(dirname "$0")/.."

cp observability/prometheus/recording-rules.yml observability/prometheus/alert-rules.yml helm/shopscale/files/prometheus/
cp docker/grafana/dashboards/*.json helm/shopscale/files/grafana/
./mvnw -B -q -pl deploy-tests test -Dshopscale.deploy.write=true -Djacoco.skip=true \
  -Dtest='KustomizeTest#generatedFilesAreAFreshRenderOfTheChart' -Dsurefire.failIfNoSpecifiedTests=false "$@"
git status --short -- k8s helm/shopscale/files 2>/dev/null || true
