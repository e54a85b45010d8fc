# Sourced by the benchmark scripts: the background processes they start, stopped together on exit.
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
