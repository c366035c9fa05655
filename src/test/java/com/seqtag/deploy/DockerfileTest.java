package com.seqtag.deploy;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

/**
 * Guards the Dockerfile's structure without Docker: the two final stages share one runtime setup
 * (duplicated on purpose, see the Dockerfile), every FROM names a base image rather than a stage
 * (Testcontainers would try to pull a stage name), and the from-source stage is the default.
 */
class DockerfileTest {

    private final List<String> lines = read();

    @Test
    void bothFinalStagesHaveTheSameRuntimeSetup() {
        assertThat(runtimeSetup("prebuilt")).isNotEmpty().isEqualTo(runtimeSetup("app"));
        assertThat(runtimeSetup("app")).anyMatch(line -> line.startsWith("USER seqtag"))
                .anyMatch(line -> line.startsWith("HEALTHCHECK"))
                .anyMatch(line -> line.contains("-XX:MaxRAMPercentage="));
    }

    @Test
    void everyStageStartsFromABuildArgumentImageAndTheDefaultTargetBuildsFromSource() {
        List<String> froms = lines.stream().filter(line -> line.startsWith("FROM ")).toList();
        assertThat(froms).allMatch(line -> line.matches("FROM \\$\\{(BUILD|RUNTIME)_IMAGE} AS [a-z-]+"));
        assertThat(froms.get(froms.size() - 1)).endsWith(" AS app");
        // The legacy builder builds every stage before the target: Maven must come after "prebuilt".
        assertThat(froms.indexOf("FROM ${RUNTIME_IMAGE} AS prebuilt"))
                .isLessThan(froms.indexOf("FROM ${BUILD_IMAGE} AS build"));
    }

    /** The instructions of a stage from its FROM to its first COPY --from, comments and FROM left out. */
    private List<String> runtimeSetup(String stage) {
        int start = lines.indexOf("FROM ${RUNTIME_IMAGE} AS " + stage);
        assertThat(start).as("stage " + stage).isNotNegative();
        List<String> setup = new ArrayList<>();
        for (String line : lines.subList(start + 1, lines.size())) {
            if (line.startsWith("COPY --from=") || line.startsWith("FROM ")) {
                break;
            }
            if (!line.isBlank() && !line.startsWith("#")) {
                setup.add(line);
            }
        }
        return setup;
    }

    private static List<String> read() {
        try {
            return Files.readAllLines(Path.of("Dockerfile"));
        } catch (IOException e) {
            throw new IllegalStateException("run from the project root", e);
        }
    }
}
