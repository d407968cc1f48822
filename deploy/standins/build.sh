#!/usr/bin/env bash
# Local stand-ins for the upstream images that docker-compose.yml and deploy/Dockerfile name, for a Docker engine that
# cannot pull them (as on this project's CI machines, which reach Debian's packages and NuGet but no image registry):
#   the .NET SDK and runtime-deps images, Redis and PostgreSQL, built from a Debian base made with debootstrap.
# Each image is tagged ocrawl-standin/NAME:HASH, HASH a digest of this recipe (and, for the SDK, of the host's .NET and
# CA bundle), and built only when that tag is missing: the first run takes a few minutes, later ones a second.
# Prints the variables that point compose at them, one NAME=VALUE a line:
#   export $(deploy/standins/build.sh)    # then docker-compose build / up as usual
# Needs root (debootstrap), docker, debootstrap and the host's .NET SDK (the SDK image copies it).
set -euo pipefail
here=$(cd "$(dirname "$0")" && pwd)
docker=${DOCKER:-docker}
suite=bookworm
# The legacy builder: it is what Debian's docker.io (20.10) and docker-compose 1.29 use, and the only one a newer
# docker client without the buildx plugin has.
export DOCKER_BUILDKIT=0

log() { echo "standins: $*" >&2; }
exists() { "$docker" image inspect "$1" >/dev/null 2>&1; }

recipe=$(cd "$here" && cat build.sh ./*.Dockerfile ./*-entrypoint.sh | sha256sum | cut -c1-12)
work=$(mktemp -d)
trap 'rm -rf "$work"' EXIT

# A minimal Debian with what .NET needs (as the official runtime-deps image has), apt pointed at the mirror this machine
# uses: read from apt's own configuration at run time, never written into the repository.
base=ocrawl-standin/debian:$suite-$recipe
if ! exists "$base"; then
  mapfile -t sites < <(apt-get indextargets --format '$(SITE) $(RELEASE)' 'Created-By: Packages' | awk -v s="$suite" '$2 == s || index($2, s "-") == 1' | sort -u)
  mirror=$(printf '%s\n' "${sites[@]}" | awk -v s="$suite" '$2 == s { print $1; exit }')
  [ -n "$mirror" ] || { echo "standins: error: apt's sources name no mirror of Debian $suite" >&2; exit 1; }
  log "debootstrap $suite from $mirror"
  root=$work/rootfs
  debootstrap --variant=minbase --include=ca-certificates,libicu72,libssl3,tzdata "$suite" "$root" "$mirror" >"$work/debootstrap.log" 2>&1 \
    || { tail -30 "$work/debootstrap.log" >&2; exit 1; }
  printf '%s\n' "${sites[@]}" | awk '{ print "deb " $1 " " $2 " main" }' >"$root/etc/apt/sources.list"
  rm -rf "$root"/var/cache/apt/archives/*.deb "$root"/var/lib/apt/lists/*
  tar --numeric-owner -C "$root" -c . | "$docker" import --change 'CMD ["bash"]' - "$base" >/dev/null
  rm -rf "$root"
fi

# build NAME DOCKERFILE CONTEXT TAG-SUFFIX: builds ocrawl-standin/NAME unless present; prints the tag.
build() {
  local tag=ocrawl-standin/$1:$4
  if ! exists "$tag"; then
    log "building $tag"
    "$docker" build --network host --build-arg "BASE=$base_for_build" -f "$here/$2" -t "$tag" "$3" >"$work/build-$1.log" 2>&1 \
      || { tail -30 "$work/build-$1.log" >&2; exit 1; }
  fi
  echo "$tag"
}

base_for_build=$base
runtime_deps=$(build runtime-deps runtime-deps.Dockerfile "$here" "10.0-$recipe")
redis=$(build redis redis.Dockerfile "$here" "7-$recipe")
postgres=$(build postgres postgres.Dockerfile "$here" "$recipe")

# The SDK: the host's own .NET (the version global.json asks for) and CA bundle, so a restore inside a build trusts
# what the host trusts.
dotnet_root=$(dirname "$(readlink -f "$(command -v dotnet)")")
ca=/etc/ssl/certs/ca-certificates.crt
sdk_hash=$( (echo "$recipe"; ls "$dotnet_root/sdk" "$dotnet_root"/shared/*; sha256sum <"$ca") | sha256sum | cut -c1-12)
if ! exists "ocrawl-standin/sdk:10.0-$sdk_hash"; then
  context=$work/sdk
  mkdir -p "$context"
  cp -al "$dotnet_root" "$context/dotnet" 2>/dev/null || cp -a "$dotnet_root" "$context/dotnet"
  cp "$ca" "$context/ca-certificates.crt"
fi
base_for_build=$runtime_deps
sdk=$(build sdk sdk.Dockerfile "$work/sdk" "10.0-$sdk_hash")

echo "OCRAWL_SDK_IMAGE=$sdk"
echo "OCRAWL_RUNTIME_DEPS_IMAGE=$runtime_deps"
echo "OCRAWL_REDIS_IMAGE=$redis"
echo "OCRAWL_POSTGRES_IMAGE=$postgres"
