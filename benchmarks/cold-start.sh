#!/usr/bin/env bash
# Cold start of each function: time from a fresh JVM to its first result, against moto_server (DynamoDB and
# Secrets Manager) and the provider sandbox. See BENCHMARKS.md ("Functions: cold start").
#
#   benchmarks/cold-start.sh [ROUNDS]     (default 3; a round runs every function in every mode once)
#
# Columns: answered_ms = `invoke`'s "answered in N ms, cold start included" (from starting the function's JVM to
# its answer), job_ms = the job's own "run finished ..., N ms" log line (none for a duplicate event), rest_ms =
# the difference: JVM start, initialization and the event's claim.
#
# Environment (all optional):
#   SANDBOX_ARGS     sandbox size (default "--accounts 4 --transactions 150", the sandbox's defaults)
#   FUNCTIONS        which functions (default "list-accounts snapshot-balances sync-transactions")
#   MODES            runs per function and round (default "invoke invoke-dup jar jar-dup"):
#                    invoke = `./bankfeed invoke` (the function JVM on the runner's class path),
#                    jar = `./bankfeed invoke --code functions/target/bankfeed-functions-lambda.jar` (the
#                    deployment jar plus Lambda's runtime interface client only, as in Lambda),
#                    -dup = the same event again: a duplicate that does no work (JVM start, init, one write)
#   DYNAMODB_ENDPOINT  a DynamoDB-compatible endpoint you already run (e.g. LocalStack's) instead of moto's;
#                    Secrets Manager stays on moto
#   EXTRA_JAVA_OPTS  appended to the functions' JAVA_TOOL_OPTIONS (e.g. "-Xmx64m -Xlog:gc:file=/tmp/gc-%p.log")
#   EXTRA_ENV        more function variables, as NAME=VALUE words (e.g. "LAMBDA_TASK_ROOT=/var/task
#                    AWS_XRAY_DAEMON_ADDRESS=127.0.0.1:2000": Lambda's variables that turn tracing on)
#   JARS             deployment jars to compare in the jar modes, as LABEL=PATH words where PATH may hold {fn}
#                    (e.g. "base=/tmp/base.jar xray=/tmp/{fn}.jar"): each round runs every jar in turn,
#                    so the variants interleave; the how column shows jar@LABEL (default: the built jar)
#   OUT_DIR          keep the logs and answers there (default: a temporary directory, deleted at the end)
# Needs java, mvn, moto_server, the aws CLI and python3 with PyYAML (installed with cfn-lint and moto).
# Every process it starts is stopped on exit, also on Ctrl-C or an error.
set -euo pipefail

home="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
rounds="${1:-3}"
sandbox_args="${SANDBOX_ARGS:---accounts 4 --transactions 150}"
functions="${FUNCTIONS:-list-accounts snapshot-balances sync-transactions}"
modes="${MODES:-invoke invoke-dup jar jar-dup}"
dynamodb_endpoint_override="${DYNAMODB_ENDPOINT:-}"
export TABLE=bankfeed PREFIX=bankfeed/connections/ EXTRA_JAVA_OPTS="${EXTRA_JAVA_OPTS:-}" HOME_DIR="$home"
work="$(mktemp -d)"
out_dir="${OUT_DIR:-}"
pids=()

# shellcheck source=benchmarks/processes.sh
. "$home/benchmarks/processes.sh"

cleanup() {
  stop_processes
  if [ -n "$out_dir" ]; then
    mkdir -p "$out_dir" && cp -r "$work"/. "$out_dir"/
  fi
  rm -rf "$work"
}
trap cleanup EXIT
trap 'exit 130' INT TERM

# Everything that reads template.yaml or JSON, in one helper: `python3 helper.py COMMAND ARGS...`.
cat >"$work/helper.py" <<'PY'
import datetime, json, os, re, socket, sys, uuid
import yaml

home, table, prefix = os.environ["HOME_DIR"], os.environ["TABLE"], os.environ["PREFIX"]


class Loader(yaml.SafeLoader):
    pass


# CloudFormation short forms: keep {"Ref": name} (parameter defaults are resolved), drop the others.
Loader.add_multi_constructor("!", lambda loader, tag, node: {tag: loader.construct_scalar(node)}
                             if isinstance(node, yaml.ScalarNode) else None)
template = yaml.load(open(f"{home}/template.yaml"), Loader=Loader)
table_props = template["Resources"]["StateTable"]["Properties"]


def row(run, how, name, out, err):
    # The runner's time from starting the function's JVM to its answer, and the job's own time (RunEngine's
    # "run finished" line; a duplicate event has none): the difference is JVM start, init and the event's claim.
    m = re.search(r"answered in (\d+) ms, cold start included", err)
    job = re.search(r"run finished: .*, (\d+) ms", err)
    try:
        answer = json.loads(out)
        body = json.loads(answer["body"]) if "statusCode" in answer else answer
        result = (f'{body["status"]} accounts={len(body.get("accounts", []))} added={body.get("added")} '
                  f'unchanged={body.get("unchanged")}') if "status" in body else json.dumps(body)[:120]
    except (ValueError, KeyError):
        result = "no JSON answer (see the logs)"
    answered = int(m.group(1)) if m else None
    job_ms = int(job.group(1)) if job else None
    init = answered - (job_ms or 0) if answered is not None else None
    print(f"{run:<4} {how:<10} {name:<26} {answered!s:>11} {job_ms!s:>7} {init!s:>10}  {result}", flush=True)


command, args = sys.argv[1], sys.argv[2:]
if command == "free-port":
    s = socket.socket()
    s.bind(("127.0.0.1", 0))
    print(s.getsockname()[1])
elif command == "connections-ready":
    json.load(open(args[0]))["connections"]
elif command == "create-table":
    # The fields of template.yaml's StateTable that CreateTable takes.
    request = {k: table_props[k] for k in ("BillingMode", "AttributeDefinitions", "KeySchema",
                                           "GlobalSecondaryIndexes") if k in table_props}
    request["TableName"] = table
    if "StreamSpecification" in table_props:
        request["StreamSpecification"] = {"StreamEnabled": True, **table_props["StreamSpecification"]}
    print(json.dumps(request))
elif command == "ttl-attribute":
    print(table_props.get("TimeToLiveSpecification", {}).get("AttributeName", ""))
elif command == "secrets":
    # One file per connection, named after its id: the secret's name is the prefix plus that id.
    for c in json.load(open(args[0]))["connections"]:
        with open(f"{args[1]}/{c['id']}.secret", "w") as f:
            json.dump(c, f)
elif command == "env-json":
    # WORK_QUEUE_URL empty: the invocation runs its units itself (inline) instead of dispatching them to a
    # queue nobody consumes here, so one invoke is one whole run, as the cold-start and heap figures need.
    parameters = {"TABLE_NAME": table, "SECRETS_PREFIX": prefix, "AWS_ENDPOINT_URL": args[0],
                  "AWS_ACCESS_KEY_ID": "test", "AWS_SECRET_ACCESS_KEY": "test", "AWS_REGION": "us-east-1",
                  "WORK_QUEUE_URL": ""}
    if args[1] != args[0]:
        parameters["AWS_ENDPOINT_URL_DYNAMODB"] = args[1]
    for word in os.environ.get("EXTRA_ENV", "").split():
        name, _, value = word.partition("=")
        parameters[name] = value
    extra = os.environ.get("EXTRA_JAVA_OPTS", "")
    if extra:
        base = template["Globals"]["Function"]["Environment"]["Variables"].get("JAVA_TOOL_OPTIONS", "")
        parameters["JAVA_TOOL_OPTIONS"] = f"{base} {extra}".strip()
    print(json.dumps({"Parameters": parameters}, indent=1))
elif command == "function-name":
    print("".join(p.title() for p in args[0].split("-")) + "Function")
elif command == "new-event":
    # A new schedule firing: scheduledTime is the event's identity, so the same firing twice is (rightly) a
    # duplicate event that does no work.
    event = json.load(open(f"{home}/events/{args[0]}-schedule.json"))
    event["scheduledTime"] = datetime.datetime.now(datetime.timezone.utc).isoformat(timespec="milliseconds")
    event["executionId"] = str(uuid.uuid4())
    print(json.dumps(event))
elif command == "row":
    run, how, name, out, err = args
    row(run, how, name, open(out).read(), open(err).read())
else:
    sys.exit(f"helper: unknown command {command}")
PY
helper() { python3 "$work/helper.py" "$@"; }

wait_for() { # wait_for SECONDS DESCRIPTION COMMAND...
  local seconds="$1" what="$2"
  shift 2
  for _ in $(seq 1 $((seconds * 10))); do
    if "$@" >/dev/null 2>&1; then
      return 0
    fi
    sleep 0.1
  done
  echo "cold-start: $what did not come up in $seconds s" >&2
  exit 1
}

echo "cold-start: building the local runner and the function jar..." >&2
mvn -B -ntp -q -f "$home/pom.xml" package -DskipTests -pl local -am >&2

moto_port="$(helper free-port)"
moto_server -H 127.0.0.1 -p "$moto_port" >"$work/moto.log" 2>&1 &
pids+=($!)
endpoint="http://127.0.0.1:$moto_port"
wait_for 30 "moto_server" curl -sf "$endpoint/moto-api/"
dynamodb_endpoint="${dynamodb_endpoint_override:-$endpoint}"

sandbox_port="$(helper free-port)"
# shellcheck disable=SC2086 # SANDBOX_ARGS is a list of options
java -Dbankfeed.home="$home" -jar "$home/local/target/bankfeed.jar" sandbox --port "$sandbox_port" $sandbox_args \
  >"$work/connections.json" 2>"$work/sandbox.log" &
pids+=($!)
wait_for 120 "the provider sandbox" helper connections-ready "$work/connections.json"

export AWS_ACCESS_KEY_ID=test AWS_SECRET_ACCESS_KEY=test AWS_DEFAULT_REGION=us-east-1 AWS_REGION=us-east-1
aws_local() { aws --endpoint-url "$endpoint" "$@"; }

helper create-table >"$work/create-table.json"
aws --endpoint-url "$dynamodb_endpoint" dynamodb create-table --cli-input-json "file://$work/create-table.json" >/dev/null
ttl_attribute="$(helper ttl-attribute)"
if [ -n "$ttl_attribute" ]; then
  aws --endpoint-url "$dynamodb_endpoint" dynamodb update-time-to-live --table-name "$TABLE" \
    --time-to-live-specification "Enabled=true,AttributeName=$ttl_attribute" >/dev/null
fi

mkdir "$work/secrets"
helper secrets "$work/connections.json" "$work/secrets"
for f in "$work"/secrets/*.secret; do
  id="$(basename "$f" .secret)"
  aws_local secretsmanager create-secret --name "$PREFIX$id" --secret-string "file://$f" >/dev/null
done
rm -rf "$work/secrets"
helper env-json "$endpoint" "$dynamodb_endpoint" >"$work/env.json"

echo "cold-start: moto_server on $endpoint, DynamoDB on $dynamodb_endpoint, sandbox on port $sandbox_port ($sandbox_args), $rounds round(s)" >&2
printf '%-4s %-10s %-26s %11s %7s %10s  %s\n' run how function answered_ms job_ms rest_ms result
for run in $(seq 1 "$rounds"); do
  for fn in $functions; do
    name="$(helper function-name "$fn")"
    for how in $modes; do
      log="$work/$run-$how-$fn"
      case "$how" in
        invoke | jar | invoke-dup | jar-dup) ;;
        *) echo "cold-start: unknown mode $how" >&2; exit 2 ;;
      esac
      variants=("-")
      case "$how" in
        jar*) variants=(${JARS:-"-=$home/functions/target/bankfeed-functions-lambda.jar"}) ;;
      esac
      for variant in "${variants[@]}"; do
        # Each run with work gets a new firing; a -dup mode repeats the last one.
        case "$how" in
          invoke | jar) helper new-event "$fn" >"$work/event.json" ;;
        esac
        code=()
        label="$how"
        if [ "$variant" != "-" ]; then
          jar="${variant#*=}"
          code=(--code "${jar//\{fn\}/$fn}")
          [ -z "${JARS:-}" ] || label="$how@${variant%%=*}"
        fi
        vlog="$log${label#"$how"}"
        (cd "$home" && ./bankfeed invoke "$name" -e "$work/event.json" -n "$work/env.json" "${code[@]}") \
          >"$vlog.out" 2>"$vlog.err" || true
        helper row "$run" "$label" "$name" "$vlog.out" "$vlog.err"
      done
    done
  done
done
