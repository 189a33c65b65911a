#!/bin/sh
# One-shot init container of docker-compose.yml: makes user-service's RS256 signing key on the first start and keeps
# it in the named volume mounted at KEY_DIR (default /keys), so tokens survive restarts and every instance of
# user-service signs with the same key. Never overwrites an existing key; `docker compose down -v` discards it.
#   KEY_DIR      where the key goes (a named volume)
#   KEY_OWNER    uid:gid that must read it (the service images run as 10001:10001)
# The key is an unencrypted PKCS#8 PEM (-----BEGIN PRIVATE KEY-----), which is what user-service reads from
# SHOPSCALE_USER_KEYS_0_PRIVATEKEY (inline PEM or, as here, a file path); 2048 bits is its minimum.
# POSIX sh and openssl only: it runs in the Temurin base image (openssl comes with its ca-certificates package).
set -eu

dir="${KEY_DIR:-/keys}"
owner="${KEY_OWNER:-10001:10001}"
key="$dir/signing-key.pem"

if [ -s "$key" ]; then
  echo "user-keys: $key exists, keeping it"
  exit 0
fi

umask 077
mkdir -p "$dir"
chmod 0755 "$dir"   # traversable by the service user; the key itself is 0400
openssl genpkey -algorithm RSA -pkeyopt rsa_keygen_bits:2048 -out "$key.tmp"
# fail here rather than at user-service's start if the output were not PKCS#8
grep -q -- '-----BEGIN PRIVATE KEY-----' "$key.tmp"
chown "$owner" "$key.tmp"
chmod 0400 "$key.tmp"
mv "$key.tmp" "$key"
echo "user-keys: generated a 2048-bit RSA signing key in $key (owner $owner)"
