#!/usr/bin/env bash
# Runs the benchmarks end to end and prints markdown tables (docs/benchmarks.md):
#   1. entity F1 on the CoNLL-2003 valid split of SeqTag, OpenNLP and CoreNLP (trains OpenNLP once),
#   2. JMH: in-process tokens/s of Tagger.tagAll at batch 1/32/128 and of both baselines,
#   3. HTTP load against target/seqtag.jar on 127.0.0.1 (scripts/load-test.py),
#   4. percore: JMH pinned to one core (taskset): SeqTag in fp32, bf16, int8 and auto beside CoreNLP,
#      so tokens/s are tokens per CPU-second, and the drift of bf16/int8 from fp32 on the valid split,
#   5. onecore: the service pinned to one core, one client on another, POST /tag/batch of 64 sentences.
#
#   scripts/benchmark.sh [--skip-build] [--only accuracy,jmh,http,percore,onecore]
#
# Environment: SEQTAG_BENCH_VALID / SEQTAG_BENCH_TRAIN (CoNLL files, default ../shared/datasets/conll2003/),
# SEQTAG_BENCH_PORT (default 18080), JMH_ARGS (extra JMH options, e.g. "-wi 1 -i 1" for a smoke run),
# LOAD_ARGS (extra load-test.py options, e.g. "--seconds 5"), SEQTAG_BENCH_CORES (two core numbers for
# percore/onecore: the measured process runs on the first, the load client on the second; default 0,1). Results are also kept in target/bench/.
# The corpus is read by path; it may not be redistributed, so nothing of it is written into the repo.
set -euo pipefail
cd "$(dirname "$0")/.."

VALID=${SEQTAG_BENCH_VALID:-../shared/datasets/conll2003/valid.txt}
TRAIN=${SEQTAG_BENCH_TRAIN:-../shared/datasets/conll2003/train.txt}
PORT=${SEQTAG_BENCH_PORT:-18080}
OUT=target/bench
STEPS=accuracy,jmh,http,percore,onecore
BUILD=1
while [ $# -gt 0 ]; do
  case "$1" in
    --skip-build) BUILD=0 ;;
    --only) STEPS=$2; shift ;;
    *) echo "usage: $0 [--skip-build] [--only accuracy,jmh,http,percore,onecore]" >&2; exit 2 ;;
  esac
  shift
done
wants() { [[ ",$STEPS," == *",$1,"* ]]; }

export OMP_NUM_THREADS=1 OPENBLAS_NUM_THREADS=1
for f in "$VALID" "$TRAIN"; do
  [ -f "$f" ] || { echo "missing CoNLL file $f (set SEQTAG_BENCH_VALID / SEQTAG_BENCH_TRAIN)" >&2; exit 1; }
done

if [ "$BUILD" = 1 ]; then
  echo "== build: ./mvnw -B -q -Pbenchmark package -DskipTests ==" >&2
  nice -n 19 ./mvnw -B -q -Pbenchmark package -DskipTests >&2
fi
[ -f target/bench-classpath.txt ] || { echo "target/bench-classpath.txt missing: build with -Pbenchmark" >&2; exit 1; }
mkdir -p "$OUT"
CP="target/test-classes:target/classes:$(cat target/bench-classpath.txt)"
PROPS=(-Dseqtag.bench.valid="$VALID" -Dseqtag.bench.train="$TRAIN" -Dseqtag.bench.cache=target/bench-cache)

# Starts target/seqtag.jar on $PORT, logging to $1, under the command prefix in the remaining
# arguments (e.g. taskset -c 0), and waits until it is ready; stop_service ends it.
start_service() {
  local log=$1
  shift
  mkdir -p "$OUT/models"
  "$@" java -Xmx2g --add-modules jdk.incubator.vector -jar target/seqtag.jar --server.port="$PORT" \
    --server.address=127.0.0.1 --seqtag.model-dir="$OUT/models" > "$log" 2>&1 &
  SERVER=$!
  trap 'kill $SERVER 2>/dev/null || true' EXIT
  for _ in $(seq 1 180); do
    if curl -fs "http://127.0.0.1:$PORT/actuator/health/readiness" > /dev/null 2>&1; then return 0; fi
    kill -0 $SERVER 2>/dev/null || { echo "server exited; see $log" >&2; exit 1; }
    sleep 1
  done
}

stop_service() {
  kill $SERVER 2>/dev/null || true
  wait $SERVER 2>/dev/null || true
  trap - EXIT
}

echo "## Machine"
echo
echo "- $(env -u OMP_NUM_THREADS nproc) cores (nproc), $(lscpu | grep 'Model name' | sed 's/  */ /g'), $(free -g | awk '/Mem:/ {print $2}') GiB RAM"
echo "- $(java -version 2>&1 | head -1); load average at start: $(cut -d' ' -f1-3 /proc/loadavg)"
echo

if wants accuracy; then
  echo "== accuracy (trains the OpenNLP baseline on first run) ==" >&2
  # Libraries log to standard output too: the table is the lines starting with "|".
  java -Xmx3g "${PROPS[@]}" -cp "$CP" com.seqtag.bench.AccuracyReport > "$OUT/accuracy.log" 2>&1
  grep '^|' "$OUT/accuracy.log" > "$OUT/accuracy.md"
  echo "## Entity F1 on CoNLL-2003 valid (conlleval counting)"
  echo
  cat "$OUT/accuracy.md"
  echo
fi

if wants jmh; then
  echo "== JMH (about 9 minutes) ==" >&2
  # shellcheck disable=SC2086
  java "${PROPS[@]}" -cp "$CP" org.openjdk.jmh.Main -jvmArgsAppend "-Xmx3g --add-modules=jdk.incubator.vector ${PROPS[*]}" \
    -rf json -rff "$OUT/jmh.json" ${JMH_ARGS:-} 'com.seqtag.bench.*' > "$OUT/jmh.log" 2>&1
  echo "## In-process throughput (JMH, 1 benchmark thread)"
  echo
  python3 - "$OUT/jmh.json" <<'PY'
import json, sys
print("| benchmark | batch | ND4J threads | calls/s | tokens/s | ± (99.9%) |")
print("|---|---:|---:|---:|---:|---:|")
for r in json.load(open(sys.argv[1])):
    p = r.get("params", {})
    tokens = r["secondaryMetrics"]["tokens"]
    print(f"| {r['benchmark'].rsplit('.', 2)[-2]}.{r['benchmark'].rsplit('.', 1)[-1]} | {p.get('batch', '1')} "
          f"| {p.get('nativeThreads', '-')} | {float(r['primaryMetric']['score']):.1f} | {float(tokens['score']):.0f} "
          f"| {float(tokens['scoreError']):.0f} |")
PY
  echo
fi

if wants http; then
  echo "== HTTP load on 127.0.0.1:$PORT ==" >&2
  start_service "$OUT/server.log"
  echo "## HTTP load (loopback, service started with OMP_NUM_THREADS=1)"
  echo
  # shellcheck disable=SC2086
  python3 scripts/load-test.py --url "http://127.0.0.1:$PORT" --valid "$VALID" --pid "$SERVER" --markdown \
    ${LOAD_ARGS:-} 2> "$OUT/load-test.log" | tee "$OUT/http.md"
  grep "peak server RSS" "$OUT/load-test.log" || true
  stop_service
fi

CORES=${SEQTAG_BENCH_CORES:-0,1}
MEASURED_CORE=${CORES%%,*}
CLIENT_CORE=${CORES##*,}

if wants percore; then
  echo "== JMH on core $MEASURED_CORE only: SeqTag per precision beside CoreNLP (about 8 minutes) ==" >&2
  # Every thread of the forked JVMs (JIT, GC, oneDNN, the backward direction) shares the one core,
  # so tokens per wall-clock second are tokens per CPU-second, for SeqTag and CoreNLP alike.
  # shellcheck disable=SC2086
  taskset -c "$MEASURED_CORE" java "${PROPS[@]}" -cp "$CP" org.openjdk.jmh.Main -jvmArgsAppend "-Xmx3g --add-modules=jdk.incubator.vector ${PROPS[*]}" \
    -p batch=32,128 -p nativeThreads=1 -p precision=fp32,bf16,int8,auto \
    -rf json -rff "$OUT/percore.json" ${JMH_ARGS:-} 'TaggerBenchmark.tagAll' 'BaselineBenchmark.coreNlp' \
    > "$OUT/percore.log" 2>&1
  echo "## Tokens per CPU-second (JMH, every thread on core $MEASURED_CORE)"
  echo
  python3 - "$OUT/percore.json" <<'PY'
import json, sys
results = json.load(open(sys.argv[1]))
corenlp = next(float(r["secondaryMetrics"]["tokens"]["score"]) for r in results if r["benchmark"].endswith("coreNlp"))
print("| tagger | precision | sentences per call | tokens per CPU-second | ± (99.9%) | × CoreNLP |")
print("|---|---|---:|---:|---:|---:|")
for r in results:
    p = r.get("params", {})
    tokens = r["secondaryMetrics"]["tokens"]
    name = "CoreNLP `CRFClassifier`" if r["benchmark"].endswith("coreNlp") else "SeqTag `tagAll`"
    print(f"| {name} | {p.get('precision', '-')} | {p.get('batch', '1')} | {float(tokens['score']):,.0f} "
          f"| {float(tokens['scoreError']):,.0f} | {float(tokens['score']) / corenlp:.2f} |")
PY
  echo
  echo "Kernels, as each fork logged them:"
  echo
  grep -o 'kernels: .*' "$OUT/percore.log" | sort | uniq -c | sed 's/^ */- /'
  echo
  echo "== drift of bf16 and int8 from fp32 on $VALID ==" >&2
  java --add-modules jdk.incubator.vector -cp "$CP" com.seqtag.model.lean.PrecisionDriftReport "$VALID" \
    > "$OUT/drift.log" 2>&1
  echo "## Drift from fp32 on the valid split"
  echo
  grep -E ' tokens, ' "$OUT/drift.log" | sed 's/^/- /'
  echo
fi

if wants onecore; then
  echo "== HTTP on one core: service on core $MEASURED_CORE, client on core $CLIENT_CORE ==" >&2
  start_service "$OUT/onecore-server.log" taskset -c "$MEASURED_CORE"
  echo "## HTTP with the service on one core (\`POST /tag/batch\`, 64 one-sentence documents per request)"
  echo
  # shellcheck disable=SC2086
  taskset -c "$CLIENT_CORE" python3 scripts/load-test.py --url "http://127.0.0.1:$PORT" --valid "$VALID" \
    --pid "$SERVER" --markdown --clients "" --batch-clients 1 --batch-size 64 ${LOAD_ARGS:-} \
    2> "$OUT/onecore-load.log" | tee "$OUT/onecore.md"
  grep -o 'lean path precision: [a-z0-9]*' "$OUT/onecore-server.log" | head -1 || true
  stop_service
fi
