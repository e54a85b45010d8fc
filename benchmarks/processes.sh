# Sourced by the benchmark scripts: the background processes they start, stopped together on exit, and what the
# fresh-JVM scripts share around them.
# Usage: pids=(); some-server & pids+=($!); ...; trap 'stop_processes' EXIT (or call it from a cleanup).

stop_processes() {
  local p
  for p in "${pids[@]}"; do
    kill "$p" 2>/dev/null || true
  done
  for p in "${pids[@]}"; do
    wait "$p" 2>/dev/null || true
  done
}

# finish_run WORK: the EXIT trap of a script that keeps its logs in the directory WORK: stops its processes, copies
# WORK to $OUT_DIR when that is set, and removes WORK.
finish_run() {
  stop_processes
  if [ -n "${OUT_DIR:-}" ]; then mkdir -p "$OUT_DIR" && cp -r "$1"/. "$OUT_DIR"/; fi
  rm -rf "$1"
}

free_port() { python3 -c 'import socket; s=socket.socket(); s.bind(("127.0.0.1",0)); print(s.getsockname()[1])'; }

wait_for() { # wait_for SECONDS DESCRIPTION COMMAND...: until COMMAND succeeds, or exit the script
  local seconds="$1" what="$2"; shift 2
  for _ in $(seq 1 $((seconds * 10))); do
    if "$@" >/dev/null 2>&1; then return 0; fi
    sleep 0.1
  done
  echo "${0##*/}: $what did not come up in $seconds s" >&2; exit 1
}
