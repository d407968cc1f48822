#!/usr/bin/env bash
# Writes random passwords for the compose cluster's Redis and PostgreSQL into .env beside docker-compose.yml (which
# docker compose reads), readable by its owner only. Keeps a .env that already has them; never prints them.
# Usage: deploy/secrets.sh [ENV_FILE]
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
