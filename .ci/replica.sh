#!/usr/bin/env bash
# Makes (or reuses) a real streaming replica of the machine's PostgreSQL on another port, for the
# read/write-routing tests. Idempotent: a running, streaming replica is reused; a broken one is recreated.
# Touches nothing else but one pg_hba line that allows replication connections from loopback.
set -euo pipefail

PRIMARY_PORT="${SHOPSCALE_CI_PRIMARY_PORT:-5432}"
REPLICA_PORT="${SHOPSCALE_CI_REPLICA_PORT:-5433}"
REPLICA_DIR="${SHOPSCALE_CI_REPLICA_DIR:-/var/lib/postgresql/shopscale-replica}"
PG_BIN="$(ls -d /usr/lib/postgresql/*/bin | sort -V | tail -n 1)"
as_postgres() { runuser -u postgres -- "$@"; }
psql_primary() { psql -h 127.0.0.1 -p "$PRIMARY_PORT" -U postgres -Atqc "$1"; }

streaming() {
  [ "$(psql -h 127.0.0.1 -p "$REPLICA_PORT" -U postgres -Atqc 'select pg_is_in_recovery()' 2>/dev/null)" = "t" ] &&
    [ "$(psql_primary "select count(*) from pg_stat_replication where application_name = 'shopscale-replica' and state = 'streaming'")" != "0" ]
}

if streaming; then
  echo "replica: reusing the streaming replica on port $REPLICA_PORT"
  exit 0
fi

hba="$(psql_primary 'show hba_file')"
if ! grep -q '^host replication all 127.0.0.1/32 trust' "$hba"; then
  echo 'host replication all 127.0.0.1/32 trust' >> "$hba"
  psql_primary 'select pg_reload_conf()' >/dev/null
fi

if [ -f "$REPLICA_DIR/postmaster.pid" ]; then
  as_postgres "$PG_BIN/pg_ctl" -D "$REPLICA_DIR" stop -m immediate >/dev/null 2>&1 || true
fi
rm -rf "$REPLICA_DIR"
psql_primary "select pg_drop_replication_slot('shopscale_replica') from pg_replication_slots where slot_name = 'shopscale_replica'" >/dev/null
# --checkpoint=fast: the default spread checkpoint makes a fresh CI machine wait up to 4.5 min for nothing.
as_postgres "$PG_BIN/pg_basebackup" -h 127.0.0.1 -p "$PRIMARY_PORT" -U postgres -D "$REPLICA_DIR" -R -X stream \
  --checkpoint=fast -C -S shopscale_replica -d "application_name=shopscale-replica"
# A Debian cluster keeps its configuration in /etc, outside the copied data directory: give the replica its own.
ident="$(psql_primary 'show ident_file')"
as_postgres tee "$REPLICA_DIR/postgresql.conf" >/dev/null <<CONF
port = $REPLICA_PORT
listen_addresses = '127.0.0.1'
unix_socket_directories = '/var/run/postgresql'
hba_file = '$hba'
ident_file = '$ident'
hot_standby = on
CONF
as_postgres "$PG_BIN/pg_ctl" -D "$REPLICA_DIR" -l "$REPLICA_DIR/replica.log" -w start >/dev/null

for _ in $(seq 1 30); do
  if streaming; then echo "replica: streaming on port $REPLICA_PORT"; exit 0; fi
  sleep 1
done
echo "replica: did not start streaming; log follows" >&2
tail -n 30 "$REPLICA_DIR/replica.log" >&2
exit 1
