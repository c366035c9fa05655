# SeqTag container image (docs/deploying.md).
#
# From source (Maven runs inside the build stage):
#   docker build -t seqtag .
# From the jar the host already built (./mvnw package), skipping Maven in Docker (CI, ContainerIT):
#   docker build --target prebuilt -t seqtag .
#
# Base images are build arguments. The defaults are the public Eclipse Temurin 17 images (Ubuntu,
# glibc). Never use Alpine/musl: ND4J's native libraries crash there. Machines without registry
# access pass local images, e.g. those of ../shared/tools/docker-sandbox.sh:
#   docker build --network host --build-arg BUILD_IMAGE=local/jdk17-maven:bookworm \
#                --build-arg RUNTIME_IMAGE=local/jre17:bookworm -t seqtag .
#
# Stage order matters for the legacy (non-BuildKit) builder, which builds every stage up to the
# target: the prebuilt stages come first and tolerate a missing target/seqtag.jar, and the Maven
# stage comes after them so `--target prebuilt` never runs Maven.
ARG BUILD_IMAGE=eclipse-temurin:17-jdk-jammy
ARG RUNTIME_IMAGE=eclipse-temurin:17-jre-jammy

# ---------------------------------------------------------------------------------------------
# Layers of a jar built on the host. `pom.xml` is copied only so that COPY never fails: the glob
# seqtag.ja[r] may match nothing (a from-source build on the legacy builder passes through here).
FROM ${RUNTIME_IMAGE} AS prebuilt-layers
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
# Fixed ids so a bind-mounted model directory can be chowned on the host (chown 10001:10001 dir).
RUN groupadd --system --gid 10001 seqtag \
    && useradd --system --uid 10001 --gid seqtag --home-dir /app --no-create-home \
               --shell /usr/sbin/nologin seqtag \
    && mkdir -p /app/config /var/lib/seqtag/models /var/cache/javacpp \
    && chown seqtag:seqtag /var/lib/seqtag/models /var/cache/javacpp
WORKDIR /app
# Run through their interpreters: no dependence on the execute bit surviving the build context.
COPY docker/entrypoint.sh docker/healthcheck.sh /usr/local/bin/
# Memory: the heap takes MaxRAMPercentage of the container limit; JavaCPP's percentages are of the
# heap: off-heap tensors (maxbytes) at most as large as the heap, and the whole process (heap,
# off-heap, native libraries, metaspace, threads: maxphysicalbytes) at most 2.5 heaps = 87.5 % of
# the limit, so ND4J raises an OutOfMemoryError before the kernel's OOM killer ends the container.
# JavaCPP unpacks its native libraries into a writable cache (the default, ~/.javacpp, is not).
ENV SERVER_PORT=8080 \
    SEQTAG_MODEL_DIR=/var/lib/seqtag/models \
    OMP_NUM_THREADS=1 \
    JAVA_OPTS="-XX:MaxRAMPercentage=35 -Dorg.bytedeco.javacpp.maxbytes=100% -Dorg.bytedeco.javacpp.maxphysicalbytes=250% -Dorg.bytedeco.javacpp.cachedir=/var/cache/javacpp"
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
RUN ./mvnw -B -q package -Dmaven.test.skip=true \
    && java -Djarmode=tools -jar target/seqtag.jar extract --layers --launcher --destination /layers

# Default target: the image built from source. Layers from least to most often changed, so a
# code change re-creates only the last (about 1 MB) and pulls stay small.
FROM ${RUNTIME_IMAGE} AS app
# Runtime setup: the same as in the stage "prebuilt" above (keep in sync).
# Fixed ids so a bind-mounted model directory can be chowned on the host (chown 10001:10001 dir).
RUN groupadd --system --gid 10001 seqtag \
    && useradd --system --uid 10001 --gid seqtag --home-dir /app --no-create-home \
               --shell /usr/sbin/nologin seqtag \
    && mkdir -p /app/config /var/lib/seqtag/models /var/cache/javacpp \
    && chown seqtag:seqtag /var/lib/seqtag/models /var/cache/javacpp
WORKDIR /app
# Run through their interpreters: no dependence on the execute bit surviving the build context.
COPY docker/entrypoint.sh docker/healthcheck.sh /usr/local/bin/
# Memory: the heap takes MaxRAMPercentage of the container limit; JavaCPP's percentages are of the
# heap: off-heap tensors (maxbytes) at most as large as the heap, and the whole process (heap,
# off-heap, native libraries, metaspace, threads: maxphysicalbytes) at most 2.5 heaps = 87.5 % of
# the limit, so ND4J raises an OutOfMemoryError before the kernel's OOM killer ends the container.
# JavaCPP unpacks its native libraries into a writable cache (the default, ~/.javacpp, is not).
ENV SERVER_PORT=8080 \
    SEQTAG_MODEL_DIR=/var/lib/seqtag/models \
    OMP_NUM_THREADS=1 \
    JAVA_OPTS="-XX:MaxRAMPercentage=35 -Dorg.bytedeco.javacpp.maxbytes=100% -Dorg.bytedeco.javacpp.maxphysicalbytes=250% -Dorg.bytedeco.javacpp.cachedir=/var/cache/javacpp"
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
