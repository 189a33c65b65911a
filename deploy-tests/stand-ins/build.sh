#!/usr/bin/env bash
# Builds the compose-e2e stand-in images (docs/deploy.md "Stand-in images") under the names docker-compose.yml uses,
# from a Debian root file system (debootstrap + docker import) and Debian packages; Kafka's jars come from Maven
# Central. For machines with no registry; never push these images anywhere.
#   deploy-tests/stand-ins/build.sh            (root, a Docker engine answering; debootstrap installed)
# An image that already exists is kept (SHOPSCALE_STAND_INS_REBUILD=1 rebuilds them all).
set -euo pipefail
cd "$(dirname "$0")"
repo="$(cd ../.. && pwd)"
docker="${DOCKER:-docker}"
rebuild="${SHOPSCALE_STAND_INS_REBUILD:-0}"
base=debian:trixie-slim

# image <service>: the image docker-compose.yml names for a service, after interpolation of its defaults
image() {
  (cd "$repo" && docker-compose -f docker-compose.yml --profile ui config) |
    python3 -c 'import sys, yaml; print(yaml.safe_load(sys.stdin)["services"][sys.argv[1]]["image"])' "$1"
}
exists() { [ "$rebuild" != 1 ] && "$docker" image inspect "$1" >/dev/null 2>&1; }
build() { # tag dir [build args...]
  local tag="$1" dir="$2"; shift 2
  if exists "$tag"; then echo "stand-ins: $tag exists"; return; fi
  echo "stand-ins: building $tag from $dir"
  "$docker" build -q --network host --build-arg BASE="$base" "$@" -t "$tag" "$dir" >/dev/null
}

if ! exists "$base"; then
  rootfs="$(mktemp -d)"
  echo "stand-ins: debootstrap --variant=minbase trixie (about a minute)"
  debootstrap --variant=minbase trixie "$rootfs" >/dev/null
  tar -C "$rootfs" -c . | "$docker" import - "$base" >/dev/null
  rm -rf "$rootfs"
fi

# CA certificates the host trusts beyond Debian's bundle (a TLS-inspecting proxy's, a company CA): regular files in
# /usr/local/share/ca-certificates and /etc/ssl/certs, one .crt each, for the Java images (java/Dockerfile).
extra_ca=java/extra-ca
rm -rf "$extra_ca" && mkdir -p "$extra_ca"
trap 'rm -rf "$PWD/$extra_ca"' EXIT
for cert in /usr/local/share/ca-certificates/*.crt /etc/ssl/certs/*.pem; do
  [ -f "$cert" ] && [ ! -L "$cert" ] || continue
  grep -q 'BEGIN CERTIFICATE' "$cert" && cp "$cert" "$extra_ca/host-$(basename "${cert%.*}").crt"
done

java_image="$(image user-keys)"                       # the services' JRE base (SHOPSCALE_JAVA_IMAGE)
jdk_image="${java_image/-jre/-jdk}"                    # docker/Dockerfile's BUILD_IMAGE default follows it
build "$java_image" java
build "$jdk_image" java --build-arg PACKAGE=openjdk-25-jdk-headless
build "$(image postgres)" postgres
build "$(image redis)" redis
build "$(image kafka)" kafka --build-arg JAVA_IMAGE="$java_image" --build-arg BUILD_IMAGE="$jdk_image"
build "$(image redis-exporter)" redis-exporter
build "$(image prometheus)" prometheus
build "$(image alertmanager)" alertmanager
