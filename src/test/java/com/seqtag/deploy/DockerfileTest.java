package com.seqtag.deploy;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.lang.module.ModuleFinder;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/**
 * Guards the Dockerfile's structure without Docker: the two final stages are the same apart from
 * where their application layers come from (duplicated on purpose, see the Dockerfile), every FROM
 * names a base image rather than a stage (Testcontainers would try to pull a stage name), the stage
 * order suits the legacy builder, the from-source stage is the default, and the jlinked runtime
 * holds the modules the service needs.
 */
class DockerfileTest {

    /** The application layers' source in each final stage; the rest of the two stages is identical. */
    private static final Map<String, String> LAYER_SOURCES = Map.of(
            "prebuilt", "COPY --from=prebuilt-layers /extract/layers/",
            "app", "COPY --from=build /layers/");

    private final List<String> lines = read();

    @Test
    void bothFinalStagesAreTheSameApartFromTheSourceOfTheirLayers() {
        List<String> app = finalStage("app");
        assertThat(finalStage("prebuilt")).isNotEmpty().isEqualTo(app);
        assertThat(app).anyMatch(line -> line.startsWith("USER seqtag"))
                .anyMatch(line -> line.startsWith("HEALTHCHECK"))
                .anyMatch(line -> line.contains("-XX:MaxRAMPercentage="))
                .contains("COPY --from=jre /opt/java /opt/java")
                .anyMatch(line -> line.startsWith("PATH=/opt/java/bin:"))
                // All six layers, least often changed first (src/layers.xml).
                .containsSubsequence("COPY --from=<layers>native-dependencies/ ./",
                        "COPY --from=<layers>dependencies/ ./", "COPY --from=<layers>spring-boot-loader/ ./",
                        "COPY --from=<layers>snapshot-dependencies/ ./", "COPY --from=<layers>model/ ./",
                        "COPY --from=<layers>application/ ./");
        // The runtime setup comes before the layers, so a new jar re-creates only the layers.
        assertThat(app.indexOf("USER seqtag")).isLessThan(app.indexOf("COPY --from=<layers>native-dependencies/ ./"));
    }

    @Test
    void everyStageStartsFromABuildArgumentImageAndTheDefaultTargetBuildsFromSource() {
        List<String> froms = lines.stream().filter(line -> line.startsWith("FROM ")).toList();
        assertThat(froms).allMatch(line -> line.matches("FROM \\$\\{(BUILD|RUNTIME)_IMAGE} AS [a-z-]+"));
        assertThat(froms.get(froms.size() - 1)).isEqualTo("FROM ${RUNTIME_IMAGE} AS app");
        // The runtime is linked from the JDK of the build image; the final stages are the plain base.
        assertThat(froms).containsSubsequence("FROM ${BUILD_IMAGE} AS jre", "FROM ${BUILD_IMAGE} AS prebuilt-layers",
                // The legacy builder builds every stage before the target: Maven must come after "prebuilt".
                "FROM ${RUNTIME_IMAGE} AS prebuilt", "FROM ${BUILD_IMAGE} AS build", "FROM ${RUNTIME_IMAGE} AS app");
        assertThat(lines).contains("ARG RUNTIME_IMAGE=debian:bookworm-slim");
    }

    @Test
    void theRuntimeIsLinkedWithTheModulesTheServiceNeeds() {
        List<String> jlink = stage("FROM ${BUILD_IMAGE} AS jre");
        assertThat(String.join(" ", jlink)).contains("jlink --add-modules \"$JLINK_MODULES\"", "--no-man-pages",
                "--no-header-files", "--compress=2", "--output /opt/java");
        List<String> modules = jlink.stream().filter(line -> line.startsWith("ARG JLINK_MODULES="))
                .flatMap(line -> Arrays.stream(line.substring("ARG JLINK_MODULES=".length()).split(",")))
                .toList();
        // Every name is a module of a JDK 17 (a typo would fail only in docker build).
        assertThat(modules).isNotEmpty().doesNotHaveDuplicates()
                .allMatch(module -> ModuleFinder.ofSystem().find(module).isPresent());
        // The module of a class each needs; jdeps sees most of them (scripts/jdeps-modules.sh).
        List<String> needed = List.of(
                module("java.beans.Introspector"),                  // java.desktop: Spring's bean properties
                module("javax.imageio.ImageIO"),                    // java.desktop: training-curve PNG (XChart)
                module("sun.misc.Unsafe"),                          // jdk.unsupported: ND4J, JavaCPP, Guava
                module("java.lang.management.ManagementFactory"),   // java.management: Micrometer's JVM metrics
                module("com.sun.management.OperatingSystemMXBean"), // jdk.management: process metrics, OSHI
                module("javax.naming.InitialContext"),              // java.naming: Logback, Tomcat, Spring
                module("java.sql.Timestamp"),                       // java.sql: Jackson, Micrometer, Spring Boot
                module("java.lang.instrument.Instrumentation"),     // java.instrument: Spring, Tomcat
                module("java.net.http.HttpClient"),                 // java.net.http: Spring Boot, Spring Web
                module("jdk.jfr.Event"),                            // jdk.jfr: Spring's startup recording
                "jdk.crypto.ec",                                    // TLS with EC keys: loaded by name only
                "jdk.zipfs");                                       // zip file systems: loaded by name only
        assertThat(modules).containsAll(needed);
    }

    private static String module(String className) {
        try {
            return Class.forName(className, false, DockerfileTest.class.getClassLoader()).getModule().getName();
        } catch (ClassNotFoundException e) {
            throw new IllegalStateException(e);
        }
    }

    /**
     * A final stage's instructions after its FROM, comments left out, with its application layers'
     * source written as {@code COPY --from=<layers>}.
     */
    private List<String> finalStage(String stage) {
        String source = LAYER_SOURCES.get(stage);
        return stage("FROM ${RUNTIME_IMAGE} AS " + stage).stream()
                .map(line -> line.startsWith(source) ? "COPY --from=<layers>" + line.substring(source.length()) : line)
                .toList();
    }

    /** The instructions of a stage after its FROM line up to the next FROM, comments and blank lines left out. */
    private List<String> stage(String from) {
        int start = lines.indexOf(from);
        assertThat(start).as(from).isNotNegative();
        List<String> stage = new ArrayList<>();
        for (String line : lines.subList(start + 1, lines.size())) {
            if (line.startsWith("FROM ")) {
                break;
            }
            if (!line.isBlank() && !line.startsWith("#")) {
                stage.add(line.strip());
            }
        }
        return stage;
    }

    private static List<String> read() {
        try {
            return Files.readAllLines(Path.of("Dockerfile"));
        } catch (IOException e) {
            throw new IllegalStateException("run from the project root", e);
        }
    }
}
