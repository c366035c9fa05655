#!/bin/sh
# Container entry point: resolves the admin token, then runs SeqTag as PID 1 (exec), so
# `docker stop` reaches the JVM and Spring Boot shuts down gracefully.
#
# The application reads the token from SEQTAG_ADMIN_TOKEN (seqtag.admin.token). Rather than putting
# the token itself into the environment of `docker run`/compose files, point SEQTAG_ADMIN_TOKEN_FILE
# at a file holding it (a Docker/compose secret); /run/secrets/seqtag_admin_token is used when it
# exists and neither variable is set. No token: the admin endpoints stay disabled (404).
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
  if [ ! -r "$SEQTAG_ADMIN_TOKEN_FILE" ]; then
    echo "entrypoint: SEQTAG_ADMIN_TOKEN_FILE=$SEQTAG_ADMIN_TOKEN_FILE is not a readable file" >&2
    exit 66
  fi
  token_file=$SEQTAG_ADMIN_TOKEN_FILE
elif [ -z "${SEQTAG_ADMIN_TOKEN:-}" ] && [ -r "$secret_default" ]; then
  token_file=$secret_default
else
  token_file=
fi
if [ -n "$token_file" ]; then
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
