#!/bin/sh
# Container entry point: resolves the admin token, then runs SeqTag as PID 1 (exec), so
# `docker stop` reaches the JVM and Spring Boot shuts down gracefully.
#
# The application reads the token from SEQTAG_ADMIN_TOKEN (seqtag.admin.token). Rather than putting
# the token itself into the environment of `docker run`/compose files, point SEQTAG_ADMIN_TOKEN_FILE
# at a file holding it (a Docker/compose secret); /run/secrets/seqtag_admin_token is used when it
# exists, is not empty and neither variable is set. No token: the admin endpoints stay disabled (404).
# The file must be readable by the container user (uid 10001): compose v1 bind-mounts secrets as they are.
set -eu

if [ ! -d BOOT-INF ]; then
  echo "entrypoint: no application in $(pwd): this image was built with --target prebuilt" \
       "without target/seqtag.jar in the build context (run ./mvnw package first)" >&2
  exit 70
fi

secret_default=/run/secrets/seqtag_admin_token
if [ -n "${SEQTAG_ADMIN_TOKEN_FILE:-}" ]; then
  if [ -n "${SEQTAG_ADMIN_TOKEN:-}" ]; then
    echo "entrypoint: set SEQTAG_ADMIN_TOKEN or SEQTAG_ADMIN_TOKEN_FILE, not both" >&2
    exit 64
  fi
  token_file=$SEQTAG_ADMIN_TOKEN_FILE
elif [ -z "${SEQTAG_ADMIN_TOKEN:-}" ] && [ -f "$secret_default" ] && [ -s "$secret_default" ]; then
  token_file=$secret_default
else
  token_file=
fi
if [ -n "$token_file" ]; then
  if [ ! -f "$token_file" ] || [ ! -r "$token_file" ]; then
    echo "entrypoint: admin token file $token_file is not a file readable by uid $(id -u)" >&2
    exit 66
  fi
  # The whole file minus trailing newlines (editors and `echo` add one).
  SEQTAG_ADMIN_TOKEN=$(cat "$token_file")
  if [ -z "$SEQTAG_ADMIN_TOKEN" ]; then
    echo "entrypoint: admin token file $token_file is empty" >&2
    exit 65
  fi
  export SEQTAG_ADMIN_TOKEN
  echo "entrypoint: admin token read from $token_file" >&2
fi
unset SEQTAG_ADMIN_TOKEN_FILE

# JAVA_OPTS (memory sizing, JavaCPP limits) is split on spaces on purpose; JAVA_OPTS_EXTRA adds to it.
# shellcheck disable=SC2086
exec java ${JAVA_OPTS:-} ${JAVA_OPTS_EXTRA:-} org.springframework.boot.loader.launch.JarLauncher "$@"
