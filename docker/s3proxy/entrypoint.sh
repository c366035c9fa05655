#!/bin/sh
# Writes S3Proxy's properties from the environment, creates the buckets (with the filesystem
# backend a bucket is a directory under the base directory) and runs S3Proxy as PID 1.
set -eu
: "${S3PROXY_ENDPOINT:?}" "${S3PROXY_DATA:?}" "${S3PROXY_IDENTITY:?}" "${S3PROXY_CREDENTIAL:?}"
for bucket in ${S3PROXY_BUCKETS:-}; do
  mkdir -p "$S3PROXY_DATA/$bucket"
done
properties=$(mktemp /tmp/s3proxy.XXXXXX.properties)
cat > "$properties" <<PROPERTIES
s3proxy.endpoint=$S3PROXY_ENDPOINT
s3proxy.authorization=aws-v2-or-v4
s3proxy.identity=$S3PROXY_IDENTITY
s3proxy.credential=$S3PROXY_CREDENTIAL
jclouds.provider=filesystem
jclouds.filesystem.basedir=$S3PROXY_DATA
PROPERTIES
echo "s3proxy-entrypoint: endpoint $S3PROXY_ENDPOINT, data $S3PROXY_DATA, buckets: ${S3PROXY_BUCKETS:-none}" >&2
# shellcheck disable=SC2086
exec java ${JAVA_OPTS:-} -jar /opt/s3proxy/s3proxy.jar --properties "$properties"
