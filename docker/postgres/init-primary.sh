#!/usr/bin/env bash
# Runs once, on the compose primary's first start (empty data directory), from /docker-entrypoint-initdb.d/ of the
# official postgres image, connected as POSTGRES_USER to a server that listens on its Unix socket only.
#
# - One database and one login per service, each owning its database, as in production and as the local launcher
#   does (local-stack Infrastructure.createDatabases): users, inventory, orders, payments. All four are created up
#   front, so a service that joins later (order-service, payment-service) finds its database waiting. No service
#   may connect to another's database (CONNECT revoked from PUBLIC).
# - A replication login and one physical replication slot per replica named in REPLICA_SLOTS; the replicas copy this
#   server with pg_basebackup (docker/postgres/replica-entrypoint.sh).
#
# Passwords come from the environment (docker-compose.yml passes ${SHOPSCALE_*_PASSWORD:-local default}).
# Not `set -u`: the image sources this file instead of executing it when the executable bit got lost (e.g. a
# Windows checkout), and its own entrypoint is not written for -u.
set -Eeo pipefail

sql() {
  psql -v ON_ERROR_STOP=1 --no-psqlrc --quiet --username "$POSTGRES_USER" --dbname "${POSTGRES_DB:-$POSTGRES_USER}" "$@"
}

for database in users inventory orders payments; do
  variable="$(printf '%s' "$database" | tr '[:lower:]' '[:upper:]')_DB_PASSWORD"
  password="${!variable:-$database}"
  # psql variables: :"x" is quoted as an identifier, :'x' as a literal, so no value can break out of the statement.
  sql -v db="$database" -v password="$password" <<'SQL'
CREATE ROLE :"db" LOGIN PASSWORD :'password';
CREATE DATABASE :"db" OWNER :"db";
REVOKE ALL ON DATABASE :"db" FROM PUBLIC;
SQL
  echo "shopscale: database $database owned by login $database"
done

replication_user="${REPLICATION_USER:-replicator}"
sql -v user="$replication_user" -v password="${REPLICATION_PASSWORD:?REPLICATION_PASSWORD is not set}" <<'SQL'
CREATE ROLE :"user" WITH LOGIN REPLICATION PASSWORD :'password';
SQL

# A slot keeps the WAL a replica has not received yet, so a replica that was down catches up instead of needing a new
# copy (bounded by max_slot_wal_keep_size in postgresql.conf).
for slot in ${REPLICA_SLOTS//,/ }; do
  if [[ ! "$slot" =~ ^[a-z0-9_]{1,63}$ ]]; then
    echo "shopscale: replication slot name '$slot' must match [a-z0-9_]{1,63}" >&2
    exit 1
  fi
  sql -v slot="$slot" >/dev/null <<'SQL'
SELECT pg_create_physical_replication_slot(:'slot');
SQL
  echo "shopscale: replication slot $slot"
done

# "all" in pg_hba's database column does not cover replication connections: allow them for the replication login,
# with a password, from the compose network (the image's own `host all all all scram-sha-256` line is above).
echo "host replication ${replication_user} all scram-sha-256" >> "$PGDATA/pg_hba.conf"
echo "shopscale: replication login ${replication_user} may stream from any address (password required)"
