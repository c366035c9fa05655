# SeqTag container image (docs/deploying.md).
#
# From source (Maven runs inside the build stage):
#   docker build -t seqtag .
# From the jar the host already built (./mvnw package), skipping Maven in Docker (CI, ContainerIT):
#   docker build --target prebuilt -t seqtag .
#
# The runtime is not a JRE image: the stage "jre" links a Java 17 runtime with only the modules
# SeqTag needs (jlink, about 54 MB) out of the build JDK, and the final stages copy it onto a plain
# glibc Debian base. Base images are build arguments: BUILD_IMAGE is any glibc JDK 17 with jmods
# (public default Eclipse Temurin), RUNTIME_IMAGE any glibc Debian or Ubuntu with apt-get, bash,
# useradd and libstdc++ (public default debian:bookworm-slim). Never use Alpine/musl: ND4J's native
# libraries crash there. Machines without registry access pass local images, e.g. those of
# ../shared/tools/docker-sandbox.sh:
#   docker build --network host --build-arg BUILD_IMAGE=local/jdk17-maven:bookworm \
#                --build-arg RUNTIME_IMAGE=local/base:bookworm -t seqtag .
#
# Stage order matters for the legacy (non-BuildKit) builder, which builds every stage up to the
# target: the prebuilt stages come first and tolerate a missing target/seqtag.jar, and the Maven
# stage comes after them so `--target prebuilt` never runs Maven.
ARG BUILD_IMAGE=eclipse-temurin:17-jdk-jammy
ARG RUNTIME_IMAGE=debian:bookworm-slim

# ---------------------------------------------------------------------------------------------
# The Java runtime of the image, linked from the build JDK. The modules are those `jdeps` finds in
# the jar's classes and libraries (scripts/jdeps-modules.sh checks this list against it; run it
# after dependency upgrades) plus two loaded only by name: jdk.crypto.ec (TLS with EC keys) and
# jdk.zipfs (the zip file system provider). Why each one: docs/deploying.md, "The image"; the main
# ones are java.desktop (java.beans for Spring, AWT/ImageIO for the training-curve PNG of `train`),
# jdk.unsupported (sun.misc.Unsafe: ND4J, JavaCPP), java.management and jdk.management (Micrometer),
# jdk.incubator.vector (the lean path's vectorised LSTM gate loop; JAVA_OPTS adds it at start).
# A diagnosis image can add modules: --build-arg JLINK_MODULES=<this list>,jdk.jcmd
FROM ${BUILD_IMAGE} AS jre
ARG JLINK_MODULES=java.base,java.compiler,java.desktop,java.instrument,java.management,java.naming,java.net.http,java.prefs,java.rmi,java.scripting,java.security.jgss,java.sql,jdk.crypto.ec,jdk.incubator.vector,jdk.jfr,jdk.management,jdk.unsupported,jdk.zipfs
# --strip-java-debug-attributes, not --strip-debug: that also strips native symbols with objcopy,
# which JDK images lack (binutils); Debian's JDK ships its libraries stripped (same size either way).
RUN jlink --add-modules "$JLINK_MODULES" --strip-java-debug-attributes \
          --no-man-pages --no-header-files --compress=2 --output /opt/java

# ---------------------------------------------------------------------------------------------
# Layers of a jar built on the host. `pom.xml` is copied only so that COPY never fails: the glob
# seqtag.ja[r] may match nothing (a from-source build on the legacy builder passes through here).
FROM ${BUILD_IMAGE} AS prebuilt-layers
WORKDIR /extract
COPY pom.xml target/seqtag.ja[r] ./
RUN if [ -f seqtag.jar ]; then \
         java -Djarmode=tools -jar seqtag.jar extract --layers --launcher --destination layers; \
       else echo "no target/seqtag.jar in the build context: the prebuilt target will not run" >&2; fi \
    && mkdir -p layers/native-dependencies layers/dependencies layers/spring-boot-loader \
                layers/snapshot-dependencies layers/model layers/application

# Image from the host's target/seqtag.jar: docker build --target prebuilt ...
# The runtime setup below is the same as in the final stage "app" (keep the two in sync): it is
# not a shared stage because Testcontainers would try to pull a stage named in FROM as an image.
FROM ${RUNTIME_IMAGE} AS prebuilt
# What the runtime's font code links to (libfreetype6; libharfbuzz0b when the JDK was built against
# the system's, as Debian's is), fontconfig and one font (fonts-dejavu-core): XChart draws text into
# the training-curve PNG of the `train` command. The service itself needs none of it. About 15 MB.
RUN apt-get update \
    && DEBIAN_FRONTEND=noninteractive apt-get install -y --no-install-recommends \
           libfreetype6 libharfbuzz0b libfontconfig1 \
    && apt-get clean && rm -rf /var/lib/apt/lists/* /var/cache/apt/*.bin
# Fixed ids so a bind-mounted model directory can be chowned on the host (chown 10001:10001 dir).
RUN groupadd --system --gid 10001 seqtag \
    && useradd --system --uid 10001 --gid seqtag --home-dir /app --no-create-home \
               --shell /usr/sbin/nologin seqtag \
    && mkdir -p /app/config /var/lib/seqtag/models /var/cache/javacpp \
    && chown seqtag:seqtag /var/lib/seqtag/models /var/cache/javacpp
# The jlinked runtime (stage "jre"), owned by root like the rest of the image.
COPY --from=jre /opt/java /opt/java
WORKDIR /app
# Run through their interpreters: no dependence on the execute bit surviving the build context.
COPY docker/entrypoint.sh docker/healthcheck.sh /usr/local/bin/
# Memory: the heap takes MaxRAMPercentage of the container limit; JavaCPP's percentages are of the
# heap: off-heap tensors (maxbytes) at most as large as the heap, and the whole process (heap,
# off-heap, native libraries, metaspace, threads: maxphysicalbytes) at most 2.5 heaps = 87.5 % of
# the limit, so ND4J raises an OutOfMemoryError before the kernel's OOM killer ends the container.
# JavaCPP unpacks its native libraries into a writable cache (the default, ~/.javacpp, is not).
ENV JAVA_HOME=/opt/java \
    PATH=/opt/java/bin:/usr/local/sbin:/usr/local/bin:/usr/sbin:/usr/bin:/sbin:/bin \
    SERVER_PORT=8080 \
    SEQTAG_MODEL_DIR=/var/lib/seqtag/models \
    OMP_NUM_THREADS=1 \
    JAVA_OPTS="--add-modules=jdk.incubator.vector -XX:MaxRAMPercentage=35 -Dorg.bytedeco.javacpp.maxbytes=100% -Dorg.bytedeco.javacpp.maxphysicalbytes=250% -Dorg.bytedeco.javacpp.cachedir=/var/cache/javacpp"
USER seqtag
EXPOSE 8080
HEALTHCHECK --interval=10s --timeout=5s --start-period=120s --retries=3 CMD ["bash", "/usr/local/bin/healthcheck.sh"]
ENTRYPOINT ["sh", "/usr/local/bin/entrypoint.sh"]
COPY --from=prebuilt-layers /extract/layers/native-dependencies/ ./
COPY --from=prebuilt-layers /extract/layers/dependencies/ ./
COPY --from=prebuilt-layers /extract/layers/spring-boot-loader/ ./
COPY --from=prebuilt-layers /extract/layers/snapshot-dependencies/ ./
COPY --from=prebuilt-layers /extract/layers/model/ ./
COPY --from=prebuilt-layers /extract/layers/application/ ./

# ---------------------------------------------------------------------------------------------
# Maven build from source. The pom alone first: the dependency download is its own Docker layer,
# reused until pom.xml changes.
FROM ${BUILD_IMAGE} AS build
WORKDIR /build
COPY mvnw pom.xml ./
COPY .mvn/ .mvn/
RUN chmod +x mvnw && ./mvnw -B -q dependency:go-offline -Dmaven.test.skip=true
COPY src/layers.xml src/
COPY src/main/ src/main/
# seqtag.spark.skip: the image is the service; the Spark module's core and test jars are not needed here.
RUN ./mvnw -B -q package -Dmaven.test.skip=true -Dseqtag.spark.skip=true \
    && java -Djarmode=tools -jar target/seqtag.jar extract --layers --launcher --destination /layers

# Default target: the image built from source. Layers from least to most often changed, so a
# code change re-creates only the last (about 1 MB) and pulls stay small.
FROM ${RUNTIME_IMAGE} AS app
# Runtime setup: the same as in the stage "prebuilt" above (keep in sync).
# What the runtime's font code links to (libfreetype6; libharfbuzz0b when the JDK was built against
# the system's, as Debian's is), fontconfig and one font (fonts-dejavu-core): XChart draws text into
# the training-curve PNG of the `train` command. The service itself needs none of it. About 15 MB.
RUN apt-get update \
    && DEBIAN_FRONTEND=noninteractive apt-get install -y --no-install-recommends \
           libfreetype6 libharfbuzz0b libfontconfig1 \
    && apt-get clean && rm -rf /var/lib/apt/lists/* /var/cache/apt/*.bin
# Fixed ids so a bind-mounted model directory can be chowned on the host (chown 10001:10001 dir).
RUN groupadd --system --gid 10001 seqtag \
    && useradd --system --uid 10001 --gid seqtag --home-dir /app --no-create-home \
               --shell /usr/sbin/nologin seqtag \
    && mkdir -p /app/config /var/lib/seqtag/models /var/cache/javacpp \
    && chown seqtag:seqtag /var/lib/seqtag/models /var/cache/javacpp
# The jlinked runtime (stage "jre"), owned by root like the rest of the image.
COPY --from=jre /opt/java /opt/java
WORKDIR /app
# Run through their interpreters: no dependence on the execute bit surviving the build context.
COPY docker/entrypoint.sh docker/healthcheck.sh /usr/local/bin/
# Memory: the heap takes MaxRAMPercentage of the container limit; JavaCPP's percentages are of the
# heap: off-heap tensors (maxbytes) at most as large as the heap, and the whole process (heap,
# off-heap, native libraries, metaspace, threads: maxphysicalbytes) at most 2.5 heaps = 87.5 % of
# the limit, so ND4J raises an OutOfMemoryError before the kernel's OOM killer ends the container.
# JavaCPP unpacks its native libraries into a writable cache (the default, ~/.javacpp, is not).
ENV JAVA_HOME=/opt/java \
    PATH=/opt/java/bin:/usr/local/sbin:/usr/local/bin:/usr/sbin:/usr/bin:/sbin:/bin \
    SERVER_PORT=8080 \
    SEQTAG_MODEL_DIR=/var/lib/seqtag/models \
    OMP_NUM_THREADS=1 \
    JAVA_OPTS="--add-modules=jdk.incubator.vector -XX:MaxRAMPercentage=35 -Dorg.bytedeco.javacpp.maxbytes=100% -Dorg.bytedeco.javacpp.maxphysicalbytes=250% -Dorg.bytedeco.javacpp.cachedir=/var/cache/javacpp"
USER seqtag
EXPOSE 8080
HEALTHCHECK --interval=10s --timeout=5s --start-period=120s --retries=3 CMD ["bash", "/usr/local/bin/healthcheck.sh"]
ENTRYPOINT ["sh", "/usr/local/bin/entrypoint.sh"]
COPY --from=build /layers/native-dependencies/ ./
COPY --from=build /layers/dependencies/ ./
COPY --from=build /layers/spring-boot-loader/ ./
COPY --from=build /layers/snapshot-dependencies/ ./
COPY --from=build /layers/model/ ./
COPY --from=build /layers/application/ ./
