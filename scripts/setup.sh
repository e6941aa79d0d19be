#!/usr/bin/env bash
# Installs what mmpipe needs on a fresh Debian 12 machine: the C libraries it links
# (libcsv, libxml2, SQLite, OpenSSL's libcrypto, libpq) and pkg-config, and the PostgreSQL
# server the store tests start (initdb, pg_ctl in /usr/lib/postgresql/*/bin). Swift itself is expected at
# /opt/swift or on PATH. Safe to run again: installs only what is missing.
set -euo pipefail
need=()
for pkg in libcsv-dev libxml2-dev libsqlite3-dev libssl-dev libpq-dev postgresql pkg-config; do
  dpkg-query -W -f='${Status}' "$pkg" 2>/dev/null | grep -q "install ok installed" || need+=("$pkg")
done
if [ ${#need[@]} -gt 0 ]; then
  echo "setup: installing ${need[*]}" >&2
  SUDO=""; [ "$(id -u)" -ne 0 ] && SUDO="sudo"
  $SUDO apt-get update -qq
  DEBIAN_FRONTEND=noninteractive $SUDO apt-get install -y -qq "${need[@]}" >/dev/null
fi
if ! command -v swift >/dev/null 2>&1; then
  if [ -x /opt/swift/usr/bin/swift ]; then
    echo "setup: add /opt/swift/usr/bin to PATH" >&2
  else
    echo "setup: Swift 6 is required (https://swift.org/install); put it on PATH." >&2
    exit 1
  fi
fi
