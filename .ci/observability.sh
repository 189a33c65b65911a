#!/usr/bin/env bash
# Checks the Prometheus rules in observability/ offline, with promtool:
#   1. promtool check rules  - syntax, PromQL, duplicate rules
#   2. promtool test rules   - unit tests: every alert silent before its `for`, firing at it
#   3. every alert has severity, summary, description, a runbook_url whose docs/runbooks/<alert>.md exists, and at
#      least one alert_rule_test (a promtool test only proves what it names; an untested alert would pass unnoticed)
# Installs Debian's `prometheus` package (which ships promtool) when promtool is missing; never starts Prometheus.
# Exits non-zero on any failure. Usage: .ci/observability.sh (from anywhere; called by .ci/run).
set -euo pipefail
cd "$(dirname "$0")/.."

rules_dir=observability/prometheus
recording="$rules_dir/recording-rules.yml"
alerting="$rules_dir/alert-rules.yml"
runbook_base='https://github.com/shopscale/shopscale/blob/main/'
started=$(date +%s)
problems=0
fail() { echo "observability: FAIL: $*" >&2; problems=$((problems + 1)); }

# --- promtool ------------------------------------------------------------------------------------------------------
if ! command -v promtool >/dev/null 2>&1; then
  echo "observability: promtool missing; installing Debian's prometheus package (the daemon is not started)"
  sudo=; [ "$(id -u)" -eq 0 ] || sudo=sudo
  # policy-rc.d (exit 101) keeps the package's maintainer scripts from starting the daemon where init scripts run;
  # an existing one (Docker images ship one) is left alone
  own_policy=
  if [ ! -e /usr/sbin/policy-rc.d ]; then
    printf '#!/bin/sh\nexit 101\n' | $sudo tee /usr/sbin/policy-rc.d >/dev/null
    $sudo chmod +x /usr/sbin/policy-rc.d
    own_policy=yes
  fi
  install_ok=yes
  $sudo apt-get update -qq || install_ok=
  [ -z "$install_ok" ] || DEBIAN_FRONTEND=noninteractive $sudo apt-get install -y -qq --no-install-recommends \
    prometheus >/dev/null || install_ok=
  [ -z "$own_policy" ] || $sudo rm -f /usr/sbin/policy-rc.d
  if [ -z "$install_ok" ] || ! command -v promtool >/dev/null 2>&1; then
    echo "observability: FAIL: could not install promtool (apt-get install prometheus)" >&2
    exit 1
  fi
fi
echo "observability: $(promtool --version 2>&1 | head -n 1)"

for file in "$recording" "$alerting"; do
  [ -f "$file" ] || { echo "observability: FAIL: $file is missing" >&2; exit 1; }
done
shopt -s nullglob
tests=("$rules_dir"/tests/*.yml)

# --- 1. check rules ----------------------------------------------------------------------------------------------
if out=$(promtool check rules "$recording" "$alerting" 2>&1); then
  echo "observability: check rules: OK ($(grep -c '^[[:space:]]*- record:' "$recording") recording," \
    "$(grep -c '^[[:space:]]*- alert:' "$alerting") alerting rules)"
else
  printf '%s\n' "$out" >&2
  fail "promtool check rules"
fi

# --- 2. unit tests -------------------------------------------------------------------------------------------------
if [ ${#tests[@]} -eq 0 ]; then
  fail "no unit tests in $rules_dir/tests"
elif out=$(promtool test rules "${tests[@]}" 2>&1); then
  echo "observability: test rules: OK (${#tests[@]} files: $(printf '%s ' "${tests[@]##*/}" | sed 's/ $//'))"
else
  printf '%s\n' "$out" >&2
  fail "promtool test rules"
fi

# --- 3. runbooks and coverage ------------------------------------------------------------------------------------
alerts=$(sed -n 's/^[[:space:]]*-[[:space:]]*alert:[[:space:]]*\([A-Za-z0-9_]*\).*/\1/p' "$alerting" | sort -u)
[ -n "$alerts" ] || fail "no alerts in $alerting"
alert_count=0
for alert in $alerts; do
  alert_count=$((alert_count + 1))
  # every rule of this alert (one alert name may have several rules): from its "- alert:" line to the next rule
  blocks=$(awk -v name="$alert" '
    /^[[:space:]]*-[[:space:]]*(alert|record):/ { on = ($0 ~ ("alert:[[:space:]]*" name "[[:space:]]*$")); if (on) print "@@rule" }
    on' "$alerting")
  for key in severity summary description runbook_url; do
    missing=$(printf '%s\n' "$blocks" | awk -v key="$key" '
      /^@@rule/ { if (n++ && !seen) bad++; seen = 0; next }
      $0 ~ ("^[[:space:]]*" key ":") { seen = 1 }
      END { if (n && !seen) bad++; print bad + 0 }')
    [ "$missing" -eq 0 ] || fail "$alert: $missing rule(s) without $key"
  done
  expected="${runbook_base}docs/runbooks/$alert.md"
  while read -r url; do
    [ "$url" = "$expected" ] || fail "$alert: runbook_url $url should be $expected"
  done < <(printf '%s\n' "$blocks" | sed -n 's/^[[:space:]]*runbook_url:[[:space:]]*["'\'']\{0,1\}\([^"'\'' ]*\).*/\1/p')
  [ -f "docs/runbooks/$alert.md" ] || fail "$alert: docs/runbooks/$alert.md does not exist"
  if [ ${#tests[@]} -eq 0 ] || ! grep -Eq "^[[:space:]]*alertname:[[:space:]]*$alert[[:space:]]*$" "${tests[@]}"; then
    fail "$alert: no alert_rule_test in $rules_dir/tests names it"
  fi
done
# every runbook_url in either file, whatever rule it is in, points at an existing page
while read -r url; do
  case "$url" in
    "$runbook_base"*) [ -f "${url#"$runbook_base"}" ] || fail "runbook ${url#"$runbook_base"} does not exist" ;;
    *) fail "runbook_url $url does not start with $runbook_base" ;;
  esac
done < <(sed -n 's/^[[:space:]]*runbook_url:[[:space:]]*["'\'']\{0,1\}\([^"'\'' ]*\).*/\1/p' "$recording" "$alerting" | sort -u)
# pages without an alert are not an error (one may be written first), but worth knowing
for page in docs/runbooks/*.md; do
  name=$(basename "$page" .md)
  [ "$name" = README ] || printf '%s\n' "$alerts" | grep -qx "$name" || echo "observability: note: $page has no alert"
done

if [ "$problems" -ne 0 ]; then
  echo "observability: $problems problem(s), see above" >&2
  exit 1
fi
echo "observability: runbooks and tests: OK ($alert_count alerts, each with docs/runbooks/<alert>.md and a unit test)"
echo "observability: all checks passed in $(( $(date +%s) - started )) s"
