#!/usr/bin/env bash
# Prints the JDK modules that jdeps finds in target/seqtag.jar (SeqTag's classes, the Spring Boot
# loader and every library in BOOT-INF/lib), next to the Dockerfile's JLINK_MODULES, so a
# dependency upgrade that needs a new module is seen before the image fails at run time.
#
#   ./mvnw -B package -DskipTests && scripts/jdeps-modules.sh
#
# jdeps cannot read nested jars, and a few libraries carry a module-info.class it refuses to read
# (e.g. deeplearning4j-modelimport), so the jar is unpacked and module-info.class removed from
# copies of the libraries, which are then analysed on the class path. --print-module-deps answers
# the smallest set whose closure covers the references (java.sql implies java.logging and
# java.xml, jdk.management implies java.management). Modules loaded only by name (jdk.crypto.ec,
# jdk.zipfs) are not seen: the Dockerfile adds them by hand.
set -euo pipefail
cd "$(dirname "$0")/.."

jar=${1:-target/seqtag.jar}
[[ -f $jar ]] || { echo "jdeps-modules: no $jar (run ./mvnw -B package -DskipTests first)" >&2; exit 1; }
jar=$(realpath "$jar")
work=$(mktemp -d /tmp/seqtag-jdeps.XXXXXX)
trap 'rm -rf "$work"' EXIT

(cd "$work" && unzip -q "$jar" 'BOOT-INF/*' 'org/springframework/boot/loader/*')
mkdir "$work/lib"
cp "$work"/BOOT-INF/lib/*.jar "$work/lib/"
for lib in "$work"/lib/*.jar; do
  zip -q -d "$lib" 'module-info.class' 'META-INF/versions/*/module-info.class' >/dev/null 2>&1 || true
done

found=$(jdeps --ignore-missing-deps --multi-release 17 --print-module-deps \
              --class-path "$work/lib/*" "$work/BOOT-INF/classes" "$work/org" "$work"/lib/*.jar)
echo "jdeps:         $found"
echo "JLINK_MODULES: $(sed -n 's/^ARG JLINK_MODULES=//p' Dockerfile)"
missing=$(comm -23 <(tr , '\n' <<<"$found" | sort) <(sed -n 's/^ARG JLINK_MODULES=//p' Dockerfile | tr , '\n' | sort))
if [[ -n $missing ]]; then
  echo "jdeps-modules: missing from JLINK_MODULES: $(echo $missing)" >&2
  exit 1
fi
echo "jdeps-modules: every module jdeps found is in JLINK_MODULES"
