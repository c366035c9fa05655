#!/usr/bin/env bash
# Smoke test of the replicated deployment (docker-compose.replicas.yml) on this sandbox: three SeqTag
# replicas on an S3 model store (S3Proxy) behind HAProxy, with the host-network override
# docker-compose.replicas.sandbox.yml. Builds and starts the stack, waits until HAProxy answers and
# all three replicas are healthy (Docker's check and HAProxy's), tags through HAProxy, activates the
# serving version through HAProxy with the admin token from the secret file and checks that every
# replica's /model names it and the store's ACTIVE pointer does too, stops one replica and checks
# that 20 tag requests through HAProxy all succeed (with HAProxy's checks of that replica switched
# off, so the requests sent to it must be retried on another), then 20 more once it is DOWN, then
# tears everything down (containers and volumes; the images stay). Any failure exits non-zero with
# the containers' last log lines.
#
#   scripts/compose-replicas-smoke.sh     # packs target/seqtag.jar if present (prebuilt), else builds from source
#   SEQTAG_BUILD_TARGET=app scripts/compose-replicas-smoke.sh   # force the from-source build
#
# Needs Docker (bash ../shared/tools/docker-sandbox.sh), docker-compose v1 or `docker compose`, and
# S3Proxy's jar: target/s3proxy/s3proxy.jar (./mvnw -B generate-test-resources; run here if missing).
set -euo pipefail
cd "$(dirname "$0")/.."

if command -v docker-compose >/dev/null; then compose=(docker-compose); else compose=(docker compose); fi
project=seqtag-replicas-$$
timeout=${SMOKE_TIMEOUT:-300}
log() { echo "compose-replicas-smoke: $*"; }
fail() { echo "compose-replicas-smoke: FAIL: $*" >&2; exit 1; }

# Six free loopback ports: HAProxy, its stats page, S3Proxy, three replicas.
read -r port stats_port s3_port port1 port2 port3 < <(python3 - <<'PY'
import socket
socks = [socket.socket() for _ in range(6)]
for s in socks:
    s.bind(("127.0.0.1", 0))
print(" ".join(str(s.getsockname()[1]) for s in socks))
for s in socks:
    s.close()
PY
)
token=replicas-smoke-$RANDOM$RANDOM
secret=$(mktemp /tmp/seqtag-replicas-token.XXXXXX)
printf '%s' "$token" > "$secret"
chmod 644 "$secret"   # read inside the containers by uid 10001

# S3Proxy's jar goes into its image's build context (git-ignored there).
if [[ ! -f target/s3proxy/s3proxy.jar ]]; then
  log "no target/s3proxy/s3proxy.jar: ./mvnw -B -q generate-test-resources"
  ./mvnw -B -q generate-test-resources
fi
cmp -s target/s3proxy/s3proxy.jar docker/s3proxy/s3proxy.jar || cp target/s3proxy/s3proxy.jar docker/s3proxy/s3proxy.jar

if [[ -z ${SEQTAG_BUILD_TARGET:-} ]]; then
  if [[ -f target/seqtag.jar ]]; then SEQTAG_BUILD_TARGET=prebuilt; else SEQTAG_BUILD_TARGET=app; fi
fi
export SEQTAG_BUILD_TARGET SEQTAG_IMAGE_TAG=replicas-smoke SEQTAG_ADMIN_TOKEN_SECRET_FILE=$secret \
       SEQTAG_PORT=$port HAPROXY_STATS_PORT=$stats_port SEQTAG_S3_PORT=$s3_port \
       SEQTAG_1_PORT=$port1 SEQTAG_2_PORT=$port2 SEQTAG_3_PORT=$port3 SEQTAG_STORE_POLL_INTERVAL=2s
unset SEQTAG_ADMIN_TOKEN   # the token must come from the secret file
eval "$(bash ../shared/tools/docker-sandbox.sh --env)"
dc() { "${compose[@]}" -p "$project" -f docker-compose.replicas.yml -f docker-compose.replicas.sandbox.yml "$@"; }

cleanup() {
  local rc=$?
  trap - EXIT INT TERM
  if ((rc != 0)); then
    echo "compose-replicas-smoke: FAILED (exit $rc); last log lines:" >&2
    dc logs --no-color --tail 30 >&2 || true
  fi
  dc down -v --remove-orphans >/dev/null 2>&1 || echo "compose-replicas-smoke: down -v failed; remove project $project by hand" >&2
  rm -f "$secret"
  exit "$rc"
}
trap cleanup EXIT
trap 'exit 130' INT TERM

start=$(date +%s)
log "build (target $SEQTAG_BUILD_TARGET) and up: project $project, HAProxy 127.0.0.1:$port," \
    "replicas $port1 $port2 $port3, S3Proxy $s3_port, stats $stats_port"
dc build >/dev/null
log "built in $(( $(date +%s) - start ))s"
dc up -d

declare -A ids
for service in s3 seqtag-1 seqtag-2 seqtag-3 haproxy; do
  ids[$service]=$(dc ps -q "$service")
  [[ -n ${ids[$service]} ]] || fail "no container for $service"
done

# HAProxy's view of its servers, from the stats page's CSV: "seqtag-1 UP" and so on.
servers() {
  curl -fsS --max-time 3 "http://127.0.0.1:$stats_port/;csv" 2>/dev/null \
    | awk -F, '$1 == "seqtag" && $2 ~ /^seqtag-/ { print $2, $18 }'
}

up=$(date +%s)
while true; do
  ready=0
  for service in seqtag-1 seqtag-2 seqtag-3; do
    id=${ids[$service]}
    [[ $(docker inspect -f '{{.State.Running}}' "$id") == true ]] \
      || fail "$service exited: $(docker inspect -f '{{.State.ExitCode}}' "$id")"
    [[ $(docker inspect -f '{{.State.Health.Status}}' "$id") == healthy ]] && ready=$((ready + 1))
  done
  for service in s3 haproxy; do
    [[ $(docker inspect -f '{{.State.Running}}' "${ids[$service]}") == true ]] || fail "$service exited"
  done
  haproxy_up=$(servers | grep -c ' UP$' || true)
  ((ready == 3 && haproxy_up == 3)) && break
  (( $(date +%s) - up < timeout )) || fail "not ready ${timeout}s after up: $ready replicas healthy, $haproxy_up UP in HAProxy"
  sleep 1
done
log "3 replicas healthy and UP in HAProxy $(( $(date +%s) - up ))s after up ($(( $(date +%s) - start ))s with the build)"

sentence='{"text": "Angela Merkel met Tim Cook in Paris."}'
tag() { curl -fsS --max-time 10 "http://127.0.0.1:$port/tag" -H 'Content-Type: application/json' -d "$sentence"; }
answer=$(tag) || fail "POST /tag through HAProxy failed"
grep -q '"label":"B-PER"' <<<"$answer" || fail "no B-PER in the answer: $answer"
log "/tag through HAProxy -> ${answer:0:120}..."

version() { # port -> the version GET /model names
  curl -fsS --max-time 5 "http://127.0.0.1:$1/model" | python3 -c 'import json, sys; print(json.load(sys.stdin)["version"])'
}
active=$(version "$port") || fail "GET /model through HAProxy failed"
[[ -n $active ]] || fail "GET /model names no version"
code=$(curl -s -o /dev/null -w '%{http_code}' -X POST "http://127.0.0.1:$port/admin/models/$active/activate" \
            -H "Authorization: Bearer wrong-$token")
[[ $code == 401 || $code == 403 ]] || fail "activation with a wrong token answered $code, not 401/403"
body=$(curl -sS --max-time 60 -w '\n%{http_code}' -X POST "http://127.0.0.1:$port/admin/models/$active/activate" \
            -H "Authorization: Bearer $token")
[[ ${body##*$'\n'} == 200 ]] || fail "activating $active through HAProxy answered ${body##*$'\n'}: ${body%$'\n'*}"
log "activated $active through HAProxy with the token from the secret file (a wrong token: $code)"

# The store's pointer, as S3Proxy's filesystem backend keeps it: <bucket>/<prefix>ACTIVE.
pointer=$(docker exec "${ids[s3]}" cat /var/lib/s3proxy/seqtag-models/seqtag/ACTIVE) \
  || fail "no ACTIVE pointer in the bucket"
[[ $(tr -d '[:space:]' <<<"$pointer") == "$active" ]] || fail "the store's ACTIVE names '$pointer', not $active"
for p in "$port1" "$port2" "$port3"; do
  v=$(version "$p") || fail "GET /model on replica port $p failed"
  [[ $v == "$active" ]] || fail "replica on port $p serves $v, not $active"
done
log "the store's ACTIVE and all three replicas' /model name $active"

# A stopped replica: HAProxy's checks take it out within about 2 s, and a request that meets it
# before that is retried on another one. To test that retry rather than the checks, seqtag-2's
# checks are switched off first (stats page admin action), so HAProxy keeps sending it a third
# of the requests after it is gone; then they are switched on again and it must go DOWN.
admin() { # action server
  curl -fsS --max-time 5 -o /dev/null -X POST "http://127.0.0.1:$stats_port/" \
       --data "s=$2&action=$1&b=seqtag" || fail "HAProxy stats admin action $1 on $2 failed"
}
counters() { # server -> "econ wretr wredis"
  curl -fsS --max-time 3 "http://127.0.0.1:$stats_port/;csv" \
    | awk -F, -v s="$1" '$1 == "seqtag" && $2 == s { print ($14 + 0), ($16 + 0), ($17 + 0) }'
}
admin dhlth seqtag-2
log "stopping seqtag-2 (its HAProxy checks switched off, so it still gets requests)"
dc stop seqtag-2 >/dev/null
for ((n = 1; n <= 20; n++)); do
  answer=$(tag) || fail "tag request $n through HAProxy failed with seqtag-2 stopped"
  grep -q '"label":"B-PER"' <<<"$answer" || fail "tag request $n: no B-PER in $answer"
done
read -r econ wretr wredis < <(counters seqtag-2)
log "20 of 20 tag requests through HAProxy succeeded with seqtag-2 stopped; on seqtag-2:" \
    "$econ connection errors, $wretr retries, $wredis redispatched to another replica"
((wredis > 0)) || fail "no request was redispatched away from the stopped seqtag-2: the retry was not exercised"
admin ehlth seqtag-2
for ((i = 0; ; i++)); do
  servers | grep -q '^seqtag-2 DOWN' && break
  ((i < 30)) || fail "HAProxy did not mark the stopped seqtag-2 DOWN within 30 s: $(servers | tr '\n' ' ')"
  sleep 1
done
for ((n = 1; n <= 20; n++)); do
  tag >/dev/null || fail "tag request $n through HAProxy failed with seqtag-2 DOWN"
done
log "with its checks on again HAProxy sees $(servers | tr '\n' ' ')and 20 more tag requests succeeded"
log "OK in $(( $(date +%s) - start ))s (build, up, checks; down follows)"
