#!/usr/bin/env bash
# SnapStart priming: init and first invocation of each function in fresh JVMs, with the priming hook run during
# init ("primed", the heap a snapshot taken after priming restores) and without ("plain"), interleaved, against
# moto_server (DynamoDB, Secrets Manager) and the provider sandbox. See BENCHMARKS.md ("SnapStart priming").
#
#   benchmarks/priming-cold-start.sh [ROUNDS]     (default 5; a round runs every function once in each mode)
#
# Environment (optional): FUNCTIONS (default "accounts balances transactions"), SANDBOX_ARGS (default
# "--accounts 1 --transactions 20"), JAVA_OPTS (default template.yaml's "-XX:+TieredCompilation
# -XX:TieredStopAtLevel=1"), OUT_DIR (keep the logs there), SKIP_BUILD=1 (use the jar as built). Needs java, mvn and moto_server.
# Each run is a fresh JVM on the function's deployment jar. Prints one JSON line per run, then the medians per
# function and mode and their ratios. Stops what it started on exit.
set -euo pipefail

home="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
rounds="${1:-5}"
functions="${FUNCTIONS:-accounts balances transactions}"
sandbox_args="${SANDBOX_ARGS:---accounts 1 --transactions 20}"
java_opts="${JAVA_OPTS:--XX:+TieredCompilation -XX:TieredStopAtLevel=1}"
jar="$home/benchmarks/target/benchmarks.jar"
work="$(mktemp -d)"
pids=()

# shellcheck source=benchmarks/processes.sh
. "$home/benchmarks/processes.sh"

trap 'finish_run "$work"' EXIT
trap 'exit 130' INT TERM

if [ -z "${SKIP_BUILD:-}" ]; then
  echo "priming-cold-start: building the function jar and benchmarks/target/benchmarks.jar..." >&2
  mvn -B -ntp -q -f "$home/pom.xml" package -DskipTests \
    -pl sandbox,shared,functions,benchmarks -am >&2
fi

moto_port="$(free_port)"
moto_server -H 127.0.0.1 -p "$moto_port" >"$work/moto.log" 2>&1 &
pids+=($!)
wait_for 30 "moto_server" curl -sf "http://127.0.0.1:$moto_port/moto-api/"

# shellcheck disable=SC2086 # SANDBOX_ARGS is a list of options
java -cp "$jar" dev.bankfeed.sandbox.SandboxMain $sandbox_args >"$work/connections.json" 2>"$work/sandbox.log" &
pids+=($!)
wait_for 120 "the provider sandbox" grep -q ready "$work/sandbox.log"

export TABLE_NAME=bankfeed SECRETS_PREFIX=bankfeed/connections/ AWS_ENDPOINT_URL="http://127.0.0.1:$moto_port" \
  AWS_ACCESS_KEY_ID=test AWS_SECRET_ACCESS_KEY=test AWS_REGION=us-east-1 WORK_QUEUE_URL= BANKFEED_METRICS=emf \
  POWERTOOLS_SERVICE_NAME=bankfeed POWERTOOLS_METRICS_NAMESPACE=Bankfeed POWERTOOLS_LOG_LEVEL=INFO
java -cp "$jar" dev.bankfeed.benchmarks.PrimingColdStart setup "$work/connections.json" >"$work/setup.log" 2>&1

run() { # run ROUND FUNCTION MODE
  local log="$work/$1-$2-$3.log" code="$home/functions/target/bankfeed-functions-lambda.jar"
  # The deployment jar all functions share (its logging, SDK clients and all) plus this one class, as Lambda
  # loads it.
  # shellcheck disable=SC2086 # JAVA_OPTS is a list of options
  java $java_opts -cp "$code:$home/benchmarks/target/classes" dev.bankfeed.benchmarks.PrimingColdStart \
    measure "$2" "$3" >"$log" 2>&1 || true
  grep -h '^PRIMING_RESULT ' "$log" | sed "s/^PRIMING_RESULT {/{\"round\":$1,/" | tee -a "$work/results.jsonl" \
    || echo "{\"round\":$1,\"function\":\"$2\",\"mode\":\"$3\",\"error\":\"see $log\"}"
}

echo "priming-cold-start: moto_server on port $moto_port, sandbox ($sandbox_args), $rounds round(s)" >&2
for fn in $functions; do run 0 "$fn" plain >/dev/null; done # the first sync of each account (a backfill), not measured
for round in $(seq 1 "$rounds"); do
  for fn in $functions; do
    # Alternate which mode goes first, so that drift in the machine's load falls on both.
    if [ $((round % 2)) -eq 1 ]; then run "$round" "$fn" plain; run "$round" "$fn" primed
    else run "$round" "$fn" primed; run "$round" "$fn" plain; fi
  done
done

python3 - "$work/results.jsonl" <<'PY'
import json, statistics, sys
# Round 0 is each account's first sync (a backfill), not a cold start to compare.
rows = [r for r in (json.loads(l) for l in open(sys.argv[1]) if l.strip()) if r["round"] > 0]
print(f"{'function':<13}{'mode':<8}{'runs':>5}{'initMs':>8}{'primeMs':>8}{'firstMs':>8}{'secondMs':>9}{'init+first':>11}")
med = {}
for fn in dict.fromkeys(r["function"] for r in rows):
    for mode in ("plain", "primed"):
        rs = [r for r in rows if r["function"] == fn and r["mode"] == mode and "initMs" in r]
        if not rs:
            continue
        m = {k: statistics.median(r[k] for r in rs) for k in ("initMs", "primeMs", "firstMs", "secondMs")}
        m["total"] = statistics.median(r["initMs"] + r["firstMs"] for r in rs)
        med[fn, mode] = m
        print(f"{fn:<13}{mode:<8}{len(rs):>5}{m['initMs']:>8.0f}{m['primeMs']:>8.0f}{m['firstMs']:>8.0f}"
              f"{m['secondMs']:>9.0f}{m['total']:>11.0f}")
for fn in dict.fromkeys(r["function"] for r in rows):
    if (fn, "plain") in med and (fn, "primed") in med:
        p, q = med[fn, "plain"], med[fn, "primed"]
        print(f"{fn}: first invocation primed/plain = {q['firstMs'] / p['firstMs']:.2f}, "
              f"first-invocation excess over a warm one primed/plain = "
              f"{(q['firstMs'] - q['secondMs']) / max(1, p['firstMs'] - p['secondMs']):.2f}, "
              f"init primed/plain = {q['initMs'] / p['initMs']:.2f}")
PY
