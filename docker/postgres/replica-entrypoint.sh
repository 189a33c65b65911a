#!/usr/bin/env bash
# Entrypoint of a compose streaming replica (official postgres image, started as root by Docker):
#   1. owns the data directory, then re-runs itself as the postgres user (gosu ships in the image);
#   2. when the data directory holds no finished copy: waits for the primary, copies it with
#      pg_basebackup -R -X stream -S <slot> (-R writes primary_conninfo and primary_slot_name into
#      postgresql.auto.conf and creates standby.signal; the slot is created when the primary has none of that name);
#   3. runs postgres with the shared postgresql.conf: a hot standby streaming from the slot.
# A copy interrupted half-way (container stopped during pg_basebackup) has no completion marker and is redone.
# The same steps by hand: docs/patterns.md "Adding a replica"; .ci/replica.sh does them for CI.
#
# Environment: PRIMARY_HOST (postgres), PRIMARY_PORT (5432), REPLICATION_USER (replicator), REPLICATION_PASSWORD,
# REPLICA_SLOT (replica1; one slot per replica), REPLICA_NAME (= slot; application_name in pg_stat_replication),
# PRIMARY_WAIT_SECONDS (120), POSTGRES_CONFIG_FILE (/etc/postgresql/postgresql.conf), PGDATA (from the image).
set -Eeuo pipefail

PGDATA="${PGDATA:-/var/lib/postgresql/data}"
primary_host="${PRIMARY_HOST:-postgres}"
primary_port="${PRIMARY_PORT:-5432}"
replication_user="${REPLICATION_USER:-replicator}"
slot="${REPLICA_SLOT:-replica1}"
name="${REPLICA_NAME:-$slot}"
config_file="${POSTGRES_CONFIG_FILE:-/etc/postgresql/postgresql.conf}"
marker="$PGDATA/.shopscale-basebackup-complete"

log() { echo "replica[$name]: $*" >&2; }

if [ "$(id -u)" = 0 ]; then
  mkdir -p "$PGDATA"
  chown postgres:postgres "$PGDATA"
  chmod 0700 "$PGDATA"
  exec gosu postgres bash "${BASH_SOURCE[0]}" "$@"
fi

if [[ ! "$slot" =~ ^[a-z0-9_]{1,63}$ ]]; then
  log "REPLICA_SLOT '$slot' must match [a-z0-9_]{1,63}"
  exit 1
fi

if [ ! -e "$marker" ]; then
  export PGPASSWORD="${REPLICATION_PASSWORD:?REPLICATION_PASSWORD is not set}"
  deadline=$(( $(date +%s) + ${PRIMARY_WAIT_SECONDS:-120} ))
  until pg_isready -q -h "$primary_host" -p "$primary_port" -U "$replication_user" -d postgres; do
    if [ "$(date +%s)" -ge "$deadline" ]; then
      log "primary ${primary_host}:${primary_port} not ready within ${PRIMARY_WAIT_SECONDS:-120} s"
      exit 1
    fi
    sleep 1
  done

  # Left over from an interrupted copy: pg_basebackup wants an empty directory (0700, owned by postgres).
  mkdir -p "$PGDATA"
  chmod 0700 "$PGDATA"
  find "$PGDATA" -mindepth 1 -delete

  # Reuse the slot the primary's init script made (replica1), or create this replica's own.
  existing="$(psql -h "$primary_host" -p "$primary_port" -U "$replication_user" -d postgres -Atq -v slot="$slot" \
    <<<"SELECT count(*) FROM pg_replication_slots WHERE slot_name = :'slot'")"
  create=()
  if [ "$existing" = "0" ]; then
    create=(--create-slot)
  fi
  log "copying ${primary_host}:${primary_port} with pg_basebackup (slot ${slot}${create:+, created now})"
  pg_basebackup -h "$primary_host" -p "$primary_port" -U "$replication_user" -D "$PGDATA" \
    -d "application_name=${name}" -R -X stream -S "$slot" "${create[@]}" --checkpoint=fast --no-password
  unset PGPASSWORD
  touch "$marker"
  log "copy complete; starting as a hot standby"
fi

exec postgres -c config_file="$config_file" "$@"
