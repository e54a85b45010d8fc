#!/usr/bin/env bash
# Tracing's cost at a function's cold start, in the JVM: tracing off ("none"), X-Ray's SDK as the functions use it
# ("xray") and OpenTelemetry set up as a Lambda function would ("otel"), each sample a fresh JVM, the variants
# interleaved round by round, against moto_server (DynamoDB) and a local receiver that takes the spans (X-Ray's UDP
# documents, OTLP/HTTP posts). See BENCHMARKS.md ("Tracing").
#
#   benchmarks/tracing-cold-start.sh [ROUNDS]     (default 10; a round runs each variant once, in rotating order)
#
# Environment (optional): VARIANTS (default "none xray otel"), JAVA_OPTS (default template.yaml's
# "-XX:+TieredCompilation -XX:TieredStopAtLevel=1"), OUT_DIR (keep the logs there), SKIP_BUILD=1 (use the jars as
# built). Needs java, mvn, moto_server and python3.
# Every sample runs on the same class path: the functions' deployment jar (X-Ray's SDK included, as deployed), then
# OpenTelemetry's jars, then the benchmark's classes. Prints one JSON line per sample, then per variant the medians
# and their differences from "none" (ratios within this run), the spans the receiver got, and the bytes of the jars
# each variant adds to the deployment. Stops what it started on exit.
set -euo pipefail

home="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
rounds="${1:-10}"
variants="${VARIANTS:-none xray otel}"
java_opts="${JAVA_OPTS:--XX:+TieredCompilation -XX:TieredStopAtLevel=1}"
code="$home/functions/target/bankfeed-functions-lambda.jar"
work="$(mktemp -d)"
pids=()

# shellcheck source=benchmarks/processes.sh
. "$home/benchmarks/processes.sh"

trap 'finish_run "$work"' EXIT
trap 'exit 130' INT TERM

otel_groups=io.opentelemetry,io.opentelemetry.contrib,io.opentelemetry.instrumentation,io.opentelemetry.semconv
if [ -z "${SKIP_BUILD:-}" ]; then
  echo "tracing-cold-start: building the function jar, the benchmark classes and their dependency lists..." >&2
  # target/tracing.classpath: OpenTelemetry's jars (benchmarks); target/tracing.tree: shared's dependencies, where
  # X-Ray's jars are found.
  mvn -B -ntp -q -f "$home/pom.xml" package dependency:build-classpath dependency:tree -DskipTests \
    -pl sandbox,shared,functions,benchmarks -Dmdep.outputFile=target/tracing.classpath \
    -DincludeGroupIds="$otel_groups" -DincludeScope=runtime -DoutputFile=target/tracing.tree >&2
fi
otel_cp="$(cat "$home/benchmarks/target/tracing.classpath")"
classpath="$code:$otel_cp:$home/benchmarks/target/classes"

# The spans' receiver: X-Ray's daemon port (UDP) and an OTLP/HTTP endpoint answering 200 with an empty
# ExportTraceServiceResponse. One line per document or post, so each sample's count can be checked.
cat >"$work/receiver.py" <<'PY'
import http.server, socket, sys, threading
udp_port, http_port, log = int(sys.argv[1]), int(sys.argv[2]), open(sys.argv[3], "a", buffering=1)
lock = threading.Lock()
def note(kind, data):
    with lock:
        log.write(f"{kind} {len(data)}\n")
def udp():
    s = socket.socket(socket.AF_INET, socket.SOCK_DGRAM)
    s.bind(("127.0.0.1", udp_port))
    while True:
        note("xray", s.recv(65536))
class Otlp(http.server.BaseHTTPRequestHandler):
    protocol_version = "HTTP/1.1"
    def do_POST(self):
        note("otlp", self.rfile.read(int(self.headers.get("Content-Length", 0))))
        self.send_response(200)
        self.send_header("Content-Type", "application/x-protobuf")
        self.send_header("Content-Length", "0")
        self.end_headers()
    def log_message(self, *args):
        pass
threading.Thread(target=udp, daemon=True).start()
http.server.ThreadingHTTPServer(("127.0.0.1", http_port), Otlp).serve_forever()
PY
udp_port="$(free_port)"
http_port="$(free_port)"
touch "$work/received.log"
python3 "$work/receiver.py" "$udp_port" "$http_port" "$work/received.log" 2>"$work/receiver.err" &
pids+=($!)

moto_port="$(free_port)"
moto_server -H 127.0.0.1 -p "$moto_port" >"$work/moto.log" 2>&1 &
pids+=($!)
wait_for 30 "moto_server" curl -sf "http://127.0.0.1:$moto_port/moto-api/"
wait_for 10 "the span receiver" curl -sf -X POST -d '' "http://127.0.0.1:$http_port/v1/traces"
: >"$work/received.log"

# Lambda's variables with tracing on, the same for every variant; BANKFEED_TRACING=off keeps Tracing off for the
# others.
export AWS_ENDPOINT_URL="http://127.0.0.1:$moto_port" AWS_ACCESS_KEY_ID=test AWS_SECRET_ACCESS_KEY=test \
  AWS_REGION=us-east-1 AWS_LAMBDA_FUNCTION_NAME=bankfeed-sync-transactions LAMBDA_TASK_ROOT=/var/task \
  AWS_XRAY_DAEMON_ADDRESS="127.0.0.1:$udp_port" OTEL_EXPORTER_OTLP_ENDPOINT="http://127.0.0.1:$http_port" \
  BANKFEED_METRICS=emf POWERTOOLS_SERVICE_NAME=bankfeed POWERTOOLS_LOG_LEVEL=INFO
java -cp "$classpath" dev.bankfeed.benchmarks.TracingColdStart setup >"$work/setup.log" 2>&1

run() { # run ROUND VARIANT
  local log="$work/$1-$2.log" before after tracing=off
  [ "$2" != xray ] || tracing=on
  before="$(wc -l <"$work/received.log")"
  # shellcheck disable=SC2086 # JAVA_OPTS is a list of options
  BANKFEED_TRACING="$tracing" java $java_opts -cp "$classpath" dev.bankfeed.benchmarks.TracingColdStart measure "$2" \
    >"$log" 2>&1 || true
  sleep 0.2 # the last UDP document reaches the receiver
  after="$(wc -l <"$work/received.log")"
  grep -h '^TRACING_RESULT ' "$log" | sed "s/^TRACING_RESULT {/{\"round\":$1,\"received\":$((after - before)),/" \
    | tee -a "$work/results.jsonl" || echo "{\"round\":$1,\"variant\":\"$2\",\"error\":\"see $log\"}"
}

read -r -a order <<<"$variants"
echo "tracing-cold-start: moto_server on port $moto_port, receiver on UDP $udp_port and HTTP $http_port, $rounds round(s)" >&2
for v in "${order[@]}"; do run 0 "$v" >/dev/null; done # warms the file cache and moto; not counted
for round in $(seq 1 "$rounds"); do
  # Rotate which variant goes first, so that drift in the machine's load falls on all of them.
  n=${#order[@]}
  for i in $(seq 0 $((n - 1))); do run "$round" "${order[$(((round + i) % n))]}"; done
done

python3 - "$work/results.jsonl" "$home/shared/target/tracing.tree" "$otel_cp" "${HOME}/.m2/repository" <<'PY'
import json, os, re, statistics, sys
results, tree, otel_cp, repo = sys.argv[1:5]
rows = [r for r in (json.loads(l) for l in open(results) if l.strip()) if r["round"] > 0]
keys = ("initMs", "firstMs", "secondMs", "cpuMs", "classesInit", "classesFirst")
med = {}
print(f"{'variant':<8}{'runs':>5}{'initMs':>8}{'firstMs':>8}{'init+first':>11}{'secondMs':>9}{'cpuMs':>7}{'classes init':>13}"
      f"{'+first':>7}{'received':>9}")
for v in dict.fromkeys(r["variant"] for r in rows):
    rs = [r for r in rows if r["variant"] == v]
    m = {k: statistics.median(r[k] for r in rs) for k in keys}
    m["total"] = statistics.median(r["initMs"] + r["firstMs"] for r in rs)
    m["classes"] = statistics.median(r["classesInit"] + r["classesFirst"] for r in rs)
    med[v] = m
    received = sorted(set(r["received"] for r in rs))
    print(f"{v:<8}{len(rs):>5}{m['initMs']:>8.0f}{m['firstMs']:>8.0f}{m['total']:>11.0f}{m['secondMs']:>9.0f}{m['cpuMs']:>7.0f}"
          f"{m['classesInit']:>13.0f}{m['classesFirst']:>7.0f}{','.join(map(str, received)):>9}")
    bad = [r for r in rs if r.get("first") != "item read back" or r.get("second") != "item read back"]
    if bad:
        print(f"  {v}: {len(bad)} sample(s) did not read their item back: {bad[0]}")
if "none" in med:
    base = med["none"]
    for v, m in med.items():
        if v != "none":
            print(f"{v} - none: init {m['initMs'] - base['initMs']:+.0f} ms, first {m['firstMs'] - base['firstMs']:+.0f} ms,"
                  f" init+first {m['total'] - base['total']:+.0f} ms (x{m['total'] / base['total']:.2f}),"
                  f" cpu {m['cpuMs'] - base['cpuMs']:+.0f} ms (x{m['cpuMs'] / base['cpuMs']:.2f}),"
                  f" classes {m['classes'] - base['classes']:+.0f}")
    if "xray" in med and "otel" in med:
        x, o = med["xray"]["total"] - base["total"], med["otel"]["total"] - base["total"]
        print(f"otel's added init+first / xray's: {o / x:.2f}" if x > 0 else "xray added no init+first time")
# Paired by round (the variants of a round ran back to back, under the same load): how often one beat the other.
by_round = {}
for r in rows:
    by_round.setdefault(r["round"], {})[r["variant"]] = r
for a, b in (("otel", "xray"), ("xray", "none"), ("otel", "none")):
    for what, value in (("init+first", lambda r: r["initMs"] + r["firstMs"]), ("cpu", lambda r: r["cpuMs"])):
        pairs = [value(v[a]) - value(v[b]) for v in by_round.values() if a in v and b in v]
        if pairs:
            print(f"per round, {a} - {b} {what}: median {statistics.median(pairs):+.0f} ms, {a} less in "
                  f"{sum(d < 0 for d in pairs)} of {len(pairs)} rounds")

def jar(coords):
    g, a, _, v = coords[:4]
    return os.path.join(repo, *g.split("."), a, v, f"{a}-{v}.jar")

# X-Ray's jars: the subtrees of its recorder's artifacts in shared's dependencies, and Commons Logging (added for
# X-Ray's logging); a jar that something else also needs is in the tree under that, not here.
xray, depth = [], None
for line in open(tree).read().splitlines()[1:]:
    m = re.match(r"^([| +\\-]*)([^ ]+)", line)
    level, coords = len(m.group(1)) // 3, m.group(2).split(":")
    if depth is not None and level <= depth:
        depth = None
    if coords[1].startswith("aws-xray-recorder-sdk") and depth is None:
        depth = level
    if depth is not None or coords[:2] == ["commons-logging", "commons-logging"]:
        xray.append(jar(coords))
otel = [p for p in otel_cp.split(":") if p]
for name, jars in (("xray", xray), ("otel", otel)):
    size = sum(os.path.getsize(p) for p in jars)
    print(f"{name} adds {len(jars)} jars, {size / 1e6:.2f} MB: "
          + " ".join(os.path.basename(p)[:-4] for p in jars))
PY
