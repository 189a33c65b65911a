#!/usr/bin/env bash
# Checks the docker-compose deployment offline; no Docker engine needed and none is started:
#   1. docker-compose config -q        the Compose file parses, interpolates and validates (Debian's docker-compose
#                                      package, installed when missing), also with compose-e2e's build overlay
#   2. bash -n                          syntax of every shell script under docker/ (and shellcheck when installed)
#   3. files                            every ./path the Compose file mounts exists
#   4. services vs. Prometheus jobs     every service built from docker/Dockerfile is a Maven module and has a scrape
#                                      job of the same name that the alert rules' job regex matches
#   5. promtool / amtool / JSON         Prometheus config with the rules of observability/ (when promtool is there:
#                                      .ci/observability.sh installs it), Alertmanager config (when amtool is there),
#                                      Grafana dashboards parse as JSON
#   6. Kafka logins                     every listener but the controller's wants a SCRAM-SHA-512 login, the one the
#                                      services dial is SASL_SSL, the host one is published on loopback only, and
#                                      every service given a Kafka address also gets a SCRAM user's login, the CA
#                                      bundle and the volume holding the CA; the infrastructure is labelled for
#                                      Spring Boot's docker-compose support to ignore (README "Running one service
#                                      alone")
# Images are not built here (no engine): docs/deploy.md says what that leaves unverified.
# Exits non-zero on any failure. Usage: .ci/compose.sh (from anywhere).
set -euo pipefail
cd "$(dirname "$0")/.."

compose_file=docker-compose.yml
prometheus_config=docker/prometheus/prometheus.yml
rules_dir=observability/prometheus
problems=0
fail() { echo "compose: FAIL: $*" >&2; problems=$((problems + 1)); }
mark=0
begin() { mark=$problems; }
# prints "ok" only when the section found no problem
ok() { if [ "$problems" -eq "$mark" ]; then echo "compose: ok: $*"; fi; }

# --- 1. docker-compose config ----------------------------------------------------------------------------------------
begin
if ! command -v docker-compose >/dev/null 2>&1; then
  echo "compose: docker-compose missing; installing Debian's docker-compose package"
  sudo=; [ "$(id -u)" -eq 0 ] || sudo=sudo
  $sudo apt-get update -qq
  $sudo env DEBIAN_FRONTEND=noninteractive apt-get install -y -qq --no-install-recommends docker-compose >/dev/null
fi
docker-compose -f "$compose_file" config -q || fail "docker-compose -f $compose_file config -q"
# the overlay deploy-tests/compose-e2e.sh adds (build on the host network) must still merge into a valid file
docker-compose -f "$compose_file" -f deploy-tests/compose-e2e.build.yml config -q \
  || fail "docker-compose config -q with deploy-tests/compose-e2e.build.yml"
ok "docker-compose config -q ($(docker-compose version --short 2>/dev/null || echo '?'))"

# --- 2. shell scripts ------------------------------------------------------------------------------------------------
begin
scripts=0
while IFS= read -r -d '' script; do
  scripts=$((scripts + 1))
  bash -n "$script" || fail "bash -n $script"
  # a #!/bin/sh script must also parse with the POSIX shell it runs under
  if head -n 1 "$script" | grep -q '^#!/bin/sh' && command -v dash >/dev/null 2>&1; then
    dash -n "$script" || fail "dash -n $script"
  fi
done < <(find docker deploy-tests -type f -name '*.sh' -print0)
[ "$scripts" -gt 0 ] || fail "no shell scripts found under docker/"
ok "shell syntax of $scripts scripts under docker/ and deploy-tests/"
if command -v shellcheck >/dev/null 2>&1; then
  begin
  find docker -type f -name '*.sh' -exec shellcheck -S warning {} + || fail "shellcheck (warnings) on docker/"
  ok "shellcheck"
fi

# --- 3. mounted files ------------------------------------------------------------------------------------------------
begin
mounts=0
while IFS= read -r path; do
  mounts=$((mounts + 1))
  [ -e "$path" ] || fail "$compose_file mounts $path, which does not exist"
done < <(grep -oE '^\s*- \./[^:]+:' "$compose_file" | sed -E 's/^\s*- //; s/:$//')
[ -f docker/Dockerfile ] || fail "docker/Dockerfile missing"
ok "$mounts mounted paths exist"

# --- 4. services, modules, scrape jobs -------------------------------------------------------------------------------
begin
# The regex every rule selects ShopScale jobs with, from the rules themselves (one source).
job_regex="$(grep -oE 'job=~"[^"]+"' "$rules_dir/recording-rules.yml" | head -n 1 | sed -E 's/^job=~"//; s/"$//')"
[ -n "$job_regex" ] || fail "no job=~\"...\" selector found in $rules_dir/recording-rules.yml"
modules="$(grep -oE '^\s*MODULE:\s*[a-z0-9-]+' "$compose_file" | sed -E 's/.*MODULE:\s*//' | sort -u)"
[ -n "$modules" ] || fail "no service built with a MODULE build arg in $compose_file"
for module in $modules; do
  [ -f "$module/pom.xml" ] || fail "$compose_file builds MODULE=$module, which is not a Maven module"
  grep -qE "^\s*-\s*job_name:\s*$module\s*$" "$prometheus_config" || fail "$prometheus_config has no job_name: $module"
  # Prometheus regexes are fully anchored
  printf '%s\n' "$module" | grep -qxE "$job_regex" || fail "job $module does not match the rules' job regex $job_regex"
done
ok "services $(paste -sd, <<<"$modules"): modules, scrape jobs, rule regex $job_regex"

# --- 5. Prometheus, Alertmanager, Grafana ----------------------------------------------------------------------------
begin
if command -v promtool >/dev/null 2>&1; then
  tmp="$(mktemp -d)"
  trap 'rm -rf "$tmp"' EXIT
  # the rules are mounted at /etc/prometheus/rules in the container: point the copy at the repository's files
  sed "s|/etc/prometheus/rules/|$PWD/$rules_dir/|" "$prometheus_config" > "$tmp/prometheus.yml"
  if ! out="$(promtool check config "$tmp/prometheus.yml" 2>&1)"; then
    echo "$out" >&2
    fail "promtool check config $prometheus_config"
  fi
  grep -q 'rules found' <<<"$out" || fail "$prometheus_config loads no rule file from $rules_dir"
  ok "promtool check config (rule files: $(grep -c 'SUCCESS: .* rules found' <<<"$out"))"
else
  echo "compose: skip: promtool not installed (.ci/observability.sh installs it)"
fi
begin
if command -v amtool >/dev/null 2>&1; then
  amtool check-config docker/alertmanager/alertmanager.yml >/dev/null || fail "amtool check-config"
  ok "amtool check-config"
else
  echo "compose: skip: amtool not installed (Debian's prometheus-alertmanager package)"
fi
begin
dashboards=0
for dashboard in docker/grafana/dashboards/*.json; do
  dashboards=$((dashboards + 1))
  python3 -m json.tool "$dashboard" >/dev/null 2>&1 || fail "$dashboard is not valid JSON"
done
ok "$dashboards Grafana dashboards parse"

# --- 6. Kafka: SASL_SSL for every client -----------------------------------------------------------------------------
begin
kafka_problems="$(docker-compose -f "$compose_file" config | python3 -c '
import sys, yaml
config = yaml.safe_load(sys.stdin)
services = config["services"]
problems = []
env = services["kafka"]["environment"]
protocols = dict(pair.split(":") for pair in env["KAFKA_LISTENER_SECURITY_PROTOCOL_MAP"].split(","))
controller = env["KAFKA_CONTROLLER_LISTENER_NAMES"]
advertised = dict(l.split("://") for l in env["KAFKA_ADVERTISED_LISTENERS"].split(","))
for listener in env["KAFKA_LISTENERS"].split(","):
    name, address = listener.split("://")
    if name == controller:
        continue
    if protocols.get(name) not in ("SASL_SSL", "SASL_PLAINTEXT"):
        problems.append(f"kafka listener {name} is {protocols.get(name)}: no login")
    elif protocols.get(name) == "SASL_PLAINTEXT":
        port = address.rsplit(":", 1)[1]
        # Compose v1 writes a port as "host_ip:published:target/tcp"
        published = [str(p) for p in services["kafka"].get("ports", []) if str(p).split("/")[0].endswith(":" + port)]
        if any(not p.startswith("127.0.0.1:") for p in published) or advertised.get(name, "").split(":")[0] != "localhost":
            problems.append(f"kafka listener {name} has no TLS but is not for localhost only")
    jaas = "KAFKA_LISTENER_NAME_" + name.replace("_", "__") + "_SCRAM___SHA___512_SASL_JAAS_CONFIG"
    if name != controller and jaas not in env:
        problems.append(f"kafka listener {name} has no SCRAM-SHA-512 JAAS entry")
if env.get("KAFKA_SASL_ENABLED_MECHANISMS") != "SCRAM-SHA-512":
    problems.append("kafka: KAFKA_SASL_ENABLED_MECHANISMS is not SCRAM-SHA-512 alone")
users = dict(u.split("=", 1) for u in env.get("SCRAM_USERS", "").split())
services_listener = [n for n, a in advertised.items() if a == "kafka:9092"]
if not services_listener or protocols.get(services_listener[0]) != "SASL_SSL":
    problems.append("kafka: the listener the services dial, kafka:9092, is not SASL_SSL")
for name, service in services.items():
    senv = service.get("environment") or {}
    if "SPRING_KAFKA_BOOTSTRAP_SERVERS" not in senv:
        continue
    if senv["SPRING_KAFKA_BOOTSTRAP_SERVERS"] != "kafka:9092":
        problems.append(f"{name}: SPRING_KAFKA_BOOTSTRAP_SERVERS is not the SASL_SSL listener kafka:9092")
    user = senv.get("KAFKA_SASL_USERNAME")
    if user not in users:
        problems.append(f"{name}: KAFKA_SASL_USERNAME {user} is not a SCRAM user of kafka (SCRAM_USERS)")
    elif senv.get("KAFKA_SASL_PASSWORD") != users[user]:
        problems.append(f"{name}: KAFKA_SASL_PASSWORD differs from the password kafka formats user {user} with")
    ca = senv.get("SPRING_SSL_BUNDLE_PEM_KAFKA_TRUSTSTORE_CERTIFICATE", "")
    if senv.get("SPRING_KAFKA_SSL_BUNDLE") != "kafka" or not ca.startswith("file:"):
        problems.append(f"{name}: no kafka SSL bundle with a CA file")
    elif not any(str(v).startswith("kafka-ca:") and ca[5:].startswith(str(v).split(":")[1] + "/")
                 for v in service.get("volumes", [])):
        problems.append(f"{name}: the CA {ca[5:]} is not on the kafka-ca volume")
# a service run from the IDE (profile compose-infra) takes its addresses from its own profile, never from these
for name in ("postgres", "postgres-replica", "redis", "kafka"):
    if str((services[name].get("labels") or {}).get("org.springframework.boot.ignore")).lower() != "true":
        problems.append(f"{name}: no label org.springframework.boot.ignore: true (Spring Boot would map it)")
print("\n".join(problems))
')" || fail "reading the Kafka settings of $compose_file"
while IFS= read -r problem; do
  [ -n "$problem" ] && fail "$problem"
done <<<"$kafka_problems"
ok "Kafka: SCRAM-SHA-512 on every client listener, SASL_SSL for the services, their logins and CA; Boot ignore labels"

if [ "$problems" -gt 0 ]; then
  echo "compose: $problems problem(s)" >&2
  exit 1
fi
echo "compose: all checks passed"
