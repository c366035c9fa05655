# SeqTag container image: build the jar in a Maven stage, run it on a JRE.
# Base images are build arguments so machines without registry access can use local images:
#   docker build --network host --build-arg BUILD_IMAGE=local/jdk17-maven:bookworm \
#                --build-arg RUNTIME_IMAGE=local/jre17:bookworm -t seqtag .
# glibc-based images only: ND4J's native libraries crash on musl (Alpine).
ARG BUILD_IMAGE=maven:3.9-eclipse-temurin-17
ARG RUNTIME_IMAGE=eclipse-temurin:17-jre-jammy

FROM ${BUILD_IMAGE} AS build
WORKDIR /build
COPY pom.xml ./
# Dependencies first, in their own layer, so code changes do not re-download them.
RUN mvn -B -q dependency:go-offline -DexcludeReactor=true || mvn -B -q dependency:resolve
COPY src ./src
RUN mvn -B -q package -DskipTests && java -Djarmode=tools -jar target/seqtag.jar extract --layers --launcher --destination /build/extracted

FROM ${RUNTIME_IMAGE}
RUN (getent group seqtag || groupadd --system seqtag) && (id seqtag || useradd --system --gid seqtag --home /app seqtag) \
    && mkdir -p /app /var/lib/seqtag/models /tmp/javacpp && chown -R seqtag:seqtag /app /var/lib/seqtag /tmp/javacpp
WORKDIR /app
COPY --from=build /build/extracted/dependencies/ ./
COPY --from=build /build/extracted/spring-boot-loader/ ./
COPY --from=build /build/extracted/snapshot-dependencies/ ./
COPY --from=build /build/extracted/application/ ./
USER seqtag
ENV SERVER_PORT=8080 \
    OMP_NUM_THREADS=1 \
    SEQTAG_MODEL_DIR=/var/lib/seqtag/models \
    JAVA_TOOL_OPTIONS="-XX:MaxRAMPercentage=50 -Dorg.bytedeco.javacpp.cachedir=/tmp/javacpp"
EXPOSE 8080
HEALTHCHECK --interval=5s --timeout=3s --start-period=60s --retries=3 \
    CMD curl -fsS "http://localhost:${SERVER_PORT}/actuator/health/readiness" || exit 1
ENTRYPOINT ["java", "org.springframework.boot.loader.launch.JarLauncher"]
