#!/usr/bin/env bash
# Smoke test of the compose deployment on this sandbox: docker-compose up with the sandbox override,
# wait for the container's healthcheck, tag a sentence, check the admin token from the secret file
# works, tear everything down (containers and the models volume).
#
#   scripts/compose-smoke.sh            # packs target/seqtag.jar if present (prebuilt), else builds from source
#   SEQTAG_BUILD_TARGET=app scripts/compose-smoke.sh    # force the from-source build
#
# Needs Docker (bash ../shared/tools/docker-sandbox.sh) and docker-compose v1 or `docker compose`.
set -euo pipefail
cd "$(dirname "$0")/.."

if command -v docker-compose >/dev/null; then compose=(docker-compose); else compose=(docker compose); fi
project=seqtag-smoke-$$
port=${SEQTAG_PORT:-$(python3 -c 'import socket; s=socket.socket(); s.bind(("127.0.0.1", 0)); print(s.getsockname()[1])')}
timeout=${SMOKE_TIMEOUT:-180}
token=smoke-$RANDOM$RANDOM
secret=$(mktemp /tmp/seqtag-smoke-token.XXXXXX)
printf '%s' "$token" > "$secret"
chmod 644 "$secret"   # read inside the container by uid 10001

if [[ -z ${SEQTAG_BUILD_TARGET:-} ]]; then
  if [[ -f target/seqtag.jar ]]; then SEQTAG_BUILD_TARGET=prebuilt; else SEQTAG_BUILD_TARGET=app; fi
fi
export SEQTAG_BUILD_TARGET SEQTAG_PORT=$port SEQTAG_ADMIN_TOKEN_SECRET_FILE=$secret SEQTAG_IMAGE_TAG=smoke
dc() { "${compose[@]}" -p "$project" -f docker-compose.yml -f docker-compose.sandbox.yml "$@"; }

cleanup() {
  local rc=$?
  if ((rc != 0)); then echo "compose-smoke: FAILED; last log lines:" >&2; dc logs --tail 40 >&2 || true; fi
  dc down -v --remove-orphans >/dev/null 2>&1 || true
  rm -f "$secret"
  exit "$rc"
}
trap cleanup EXIT

echo "compose-smoke: up (target $SEQTAG_BUILD_TARGET, port $port, project $project)"
start=$(date +%s)
dc up -d --build
id=$(dc ps -q seqtag)
[[ -n $id ]] || { echo "compose-smoke: no container" >&2; exit 1; }

# docker-compose v1 has no `up --wait`: poll the healthcheck.
status=
for ((i = 0; i < timeout; i++)); do
  status=$(docker inspect -f '{{.State.Health.Status}}' "$id")
  [[ $status == healthy ]] && break
  [[ $(docker inspect -f '{{.State.Running}}' "$id") == true ]] || { echo "compose-smoke: container exited" >&2; exit 1; }
  sleep 1
done
[[ $status == healthy ]] || { echo "compose-smoke: not healthy after ${timeout}s ($status)" >&2; exit 1; }
echo "compose-smoke: healthy $(( $(date +%s) - start ))s after up (build included)"

answer=$(curl -fsS "http://127.0.0.1:$port/tag" -H 'Content-Type: application/json' \
              -d '{"text": "Angela Merkel met Tim Cook in Paris."}')
echo "compose-smoke: /tag -> ${answer:0:160}..."
grep -q '"label":"B-PER"' <<<"$answer" || { echo "compose-smoke: no B-PER in the answer" >&2; exit 1; }
code=$(curl -s -o /dev/null -w '%{http_code}' "http://127.0.0.1:$port/admin/models" -H "Authorization: Bearer $token")
[[ $code == 200 ]] || { echo "compose-smoke: admin token from the secret file not accepted ($code)" >&2; exit 1; }
echo "compose-smoke: admin token from the secret file accepted; OK"
