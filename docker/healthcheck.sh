#!/bin/bash
# HEALTHCHECK: healthy when the readiness probe answers 200 (model loaded, accepting traffic).
# Uses curl when the base image has it, else bash's /dev/tcp, so any glibc JRE base image works.
port=${SERVER_PORT:-8080}
path=/actuator/health/readiness
if command -v curl >/dev/null 2>&1; then
  exec curl -fsS -o /dev/null --max-time 3 "http://127.0.0.1:${port}${path}"
fi
exec 3<>"/dev/tcp/127.0.0.1/${port}" || exit 1
printf 'GET %s HTTP/1.0\r\nHost: localhost\r\n\r\n' "$path" >&3
IFS= read -r -t 3 status <&3 || exit 1
[[ $status == "HTTP/1."?" 200"* ]]
