#!/usr/bin/env bash
# Writes random passwords for the compose cluster's Redis and PostgreSQL into .env beside docker-compose.yml (which
# docker compose reads), readable by its owner only; and the cluster's TLS certificates into a secrets folder
# (secrets/ beside docker-compose.yml, or $OCRAWL_SECRETS_DIR): a cluster CA, a certificate for the silos and one for
# the ocrawl client, each PEM file holding certificate, key and the CA's certificate (docs/cluster.md, "TLS").
# Keeps what is already there; never prints a secret. Delete a file (or the folder) and run it again to renew it.
# Usage: deploy/secrets.sh [ENV_FILE]        (needs openssl)
set -euo pipefail
cd "$(dirname "$0")/.."
file=${1:-.env}
touch "$file"
chmod 600 "$file"
for name in OCRAWL_REDIS_PASSWORD OCRAWL_POSTGRES_PASSWORD; do
  if grep -q "^$name=" "$file"; then
    echo "$name: kept ($file)"
  else
    # 32 characters from [A-Za-z0-9]: safe inside a Redis argument, a connection string and a URL.
    value=$(tr -dc 'A-Za-z0-9' </dev/urandom | head -c 32 || true)
    printf '%s=%s\n' "$name" "$value" >>"$file"
    echo "$name: written ($file)"
  fi
done

# Web console (on every silo of docker-compose.yml, docs/console.md): an operator API token in the secrets folder, its SHA-256 in
# .env (the silos keep only the hash).
dir=${OCRAWL_SECRETS_DIR:-secrets}
mkdir -p "$dir"
chmod 700 "$dir"
if grep -q "^OCRAWL_CONSOLE_TOKEN_HASH=" "$file" && [[ -f "$dir/console-token" ]]; then
  echo "console token: kept ($dir/console-token)"
else
  token=$(openssl rand -hex 32)
  (umask 077 && printf '%s\n' "$token" >"$dir/console-token")
  sed -i '/^OCRAWL_CONSOLE_TOKEN_HASH=/d' "$file"
  printf 'OCRAWL_CONSOLE_TOKEN_HASH=%s\n' "$(printf '%s' "$token" | sha256sum | cut -d' ' -f1)" >>"$file"
  echo "console token: written ($dir/console-token; its hash in $file)"
fi

# TLS. The folder is its owner's only (700); the certificate files in it are 644 because compose mounts them into
# the containers (secrets without swarm are bind mounts), where the non-root user app (uid 1654) must read them.
dir=${OCRAWL_SECRETS_DIR:-secrets}
mkdir -p "$dir"
chmod 700 "$dir"
umask 077
work=$(mktemp -d)
trap 'rm -rf "$work"' EXIT
key() { openssl genpkey -algorithm EC -pkeyopt ec_paramgen_curve:P-256 -out "$1" 2>/dev/null; }
if [[ -f "$dir/ca.pem" && -f "$dir/ca.key" ]]; then
  echo "cluster CA: kept ($dir/ca.pem)"
else
  key "$dir/ca.key"
  # A name of its own, so an error naming the issuer tells two clusters' CAs apart.
  openssl req -x509 -new -key "$dir/ca.key" -out "$dir/ca.pem" -days 3650 -subj "/CN=ocrawl cluster CA $(openssl rand -hex 4)" \
    -addext "basicConstraints=critical,CA:TRUE" -addext "keyUsage=critical,keyCertSign,cRLSign"
  chmod 644 "$dir/ca.pem"
  rm -f "$dir/silo.pem" "$dir/ocrawl-client.pem"   # a new CA: the old certificates no longer chain to it
  echo "cluster CA: written ($dir/ca.pem; its key $dir/ca.key stays here, mode 600)"
fi
# issue NAME COMMON-NAME EXTENDED-KEY-USAGE: NAME.pem = certificate + key + CA certificate, 825 days.
issue() {
  if [[ -f "$dir/$1.pem" ]]; then
    echo "$1 certificate: kept ($dir/$1.pem)"
    return
  fi
  key "$work/$1.key"
  openssl req -new -key "$work/$1.key" -subj "/CN=$2" -out "$work/$1.csr"
  printf 'basicConstraints=critical,CA:FALSE\nkeyUsage=critical,digitalSignature\nextendedKeyUsage=%s\n' "$3" >"$work/$1.ext"
  openssl x509 -req -in "$work/$1.csr" -CA "$dir/ca.pem" -CAkey "$dir/ca.key" -set_serial "0x$(openssl rand -hex 16)" \
    -days 825 -extfile "$work/$1.ext" -out "$work/$1.crt" 2>/dev/null
  cat "$work/$1.crt" "$work/$1.key" "$dir/ca.pem" >"$dir/$1.pem"
  chmod 644 "$dir/$1.pem"
  echo "$1 certificate: written ($dir/$1.pem)"
}
# Silos accept connections (gateway, silo port) and open them (to other silos): both uses.
issue silo ocrawl-silo serverAuth,clientAuth
issue ocrawl-client ocrawl-client clientAuth
