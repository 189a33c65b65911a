#!/bin/sh
# One-shot init container of docker-compose.yml: the Kafka broker's TLS material, made on the first start into named
# volumes and never committed (`docker compose down -v` discards it; the next start makes new ones).
#   SECRETS_DIR  the broker's /etc/kafka/secrets (volume kafka-secrets), as the apache/kafka image reads it:
#                kafka.keystore.p12 (key + certificate + CA, PKCS#12), keystore-password (its random password, named by
#                KAFKA_SSL_KEYSTORE_CREDENTIALS and KAFKA_SSL_KEY_CREDENTIALS), ca.crt (the broker's own truststore,
#                for its inter-broker client) and admin.properties (a client login for the healthcheck and operators:
#                `docker compose exec kafka /opt/kafka/bin/kafka-topics.sh --bootstrap-server localhost:9092
#                --command-config /etc/kafka/secrets/admin.properties --list`)
#   CA_DIR       the services' copy of the CA certificate only (volume kafka-ca, mounted read-only)
#   HOSTS        the names the certificate is valid for (the services dial kafka:9092, tools on the host localhost)
#   OWNER        uid:gid of the broker (the apache/kafka image runs as appuser, 1000:1000)
#   BROKER_USER, BROKER_PASSWORD   the broker's SCRAM login, written into admin.properties on every start
# The CA's private key signs the one broker certificate and is then thrown away: nothing else can be issued from it.
# POSIX sh and openssl only: it runs in the Temurin base image, as docker/user-keys/generate.sh.
set -eu

secrets="${SECRETS_DIR:-/etc/kafka/secrets}"
ca_dir="${CA_DIR:-/ca}"
hosts="${HOSTS:-kafka localhost}"
owner="${OWNER:-1000:1000}"
: "${BROKER_USER:?BROKER_USER must be set}" "${BROKER_PASSWORD:?BROKER_PASSWORD must be set}"

umask 077
mkdir -p "$secrets" "$ca_dir"
if [ -s "$secrets/kafka.keystore.p12" ] && [ -s "$secrets/ca.crt" ]; then
  echo "kafka-certs: $secrets/kafka.keystore.p12 exists, keeping it"
else
  work="$(mktemp -d)"
  san=""
  for host in $hosts; do san="${san:+$san,}DNS:$host"; done
  openssl req -x509 -newkey rsa:2048 -nodes -days 825 -subj "/CN=ShopScale compose Kafka CA" \
    -addext "basicConstraints=critical,CA:TRUE" -addext "keyUsage=critical,keyCertSign" \
    -keyout "$work/ca.key" -out "$work/ca.crt" 2>/dev/null
  openssl req -newkey rsa:2048 -nodes -subj "/CN=kafka" -keyout "$work/broker.key" -out "$work/broker.csr" 2>/dev/null
  printf 'subjectAltName=%s\nextendedKeyUsage=serverAuth,clientAuth\nkeyUsage=critical,digitalSignature,keyEncipherment\n' \
    "$san" > "$work/ext.cnf"
  openssl x509 -req -in "$work/broker.csr" -CA "$work/ca.crt" -CAkey "$work/ca.key" -CAcreateserial -days 825 \
    -extfile "$work/ext.cnf" -out "$work/broker.crt" 2>/dev/null
  openssl rand -hex 24 > "$secrets/keystore-password"
  openssl pkcs12 -export -name kafka -in "$work/broker.crt" -inkey "$work/broker.key" -certfile "$work/ca.crt" \
    -passout "file:$secrets/keystore-password" -out "$secrets/kafka.keystore.p12.tmp"
  cp "$work/ca.crt" "$secrets/ca.crt"
  mv "$secrets/kafka.keystore.p12.tmp" "$secrets/kafka.keystore.p12"
  rm -rf "$work"
  echo "kafka-certs: made a CA and a broker certificate for $san"
fi
# the services' copy: the certificate only, world-readable (it is public)
cp "$secrets/ca.crt" "$ca_dir/ca.crt"
chmod 0755 "$ca_dir" && chmod 0444 "$ca_dir/ca.crt"

# the broker's own login for tools in its container; rewritten on every start so it follows BROKER_PASSWORD (the SCRAM
# user itself is made once, when the storage is formatted: docs/deploy.md)
cat > "$secrets/admin.properties" <<PROPERTIES
security.protocol=SASL_SSL
sasl.mechanism=SCRAM-SHA-512
sasl.jaas.config=org.apache.kafka.common.security.scram.ScramLoginModule required username="$BROKER_USER" password="$BROKER_PASSWORD";
ssl.truststore.type=PEM
ssl.truststore.location=$secrets/ca.crt
PROPERTIES
chmod 0755 "$secrets"
chown -R "$owner" "$secrets"
