package com.seqtag.store;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The shared records of the directory store and of the store-less service keep the same contract. */
class SharedRecordsTest {

    @TempDir
    Path directory;

    @Test
    void theDirectoryStoreKeepsRecordsUnderClusterAndReplacesThemWhole() throws IOException {
        SharedRecords records = new FileSystemModelStore(directory).records();
        behavesAsSharedRecords(records);
        records.write("jobs/a.json", bytes("kept"));
        assertThat(directory.resolve("cluster/jobs/a.json")).hasContent("kept");
        try (var files = Files.list(directory.resolve("cluster/jobs"))) {
            assertThat(files).as("no temporary file left behind").hasSize(1);
        }
        // Another replica's view of the same directory sees the same records.
        assertThat(new FileSystemModelStore(directory).records().read("jobs/a.json")).hasValueSatisfying(
                content -> assertThat(new String(content, StandardCharsets.UTF_8)).isEqualTo("kept"));
    }

    @Test
    void theStoreLessServiceKeepsRecordsInMemoryAndEachStoreHasItsOwn() throws IOException {
        SharedRecords records = ModelStore.none().records();
        behavesAsSharedRecords(records);
        records.write("jobs/a.json", bytes("mine"));
        assertThat(ModelStore.none().records().list("jobs")).isEmpty();
    }

    /** The contract, on any implementation: write whole, read, list one folder, delete, refuse odd names. */
    static void behavesAsSharedRecords(SharedRecords records) throws IOException {
        assertThat(records.list("jobs")).isEmpty();
        assertThat(records.read("jobs/missing.json")).isEmpty();

        records.write("jobs/one.json", bytes("first"));
        records.write("jobs/one.json", bytes("second"));
        records.write("jobs/two.cancel", new byte[0]);
        records.write("leases/one.json", bytes("claim"));

        assertThat(records.read("jobs/one.json")).hasValueSatisfying(
                content -> assertThat(new String(content, StandardCharsets.UTF_8)).isEqualTo("second"));
        assertThat(records.read("jobs/two.cancel")).hasValueSatisfying(content -> assertThat(content).isEmpty());
        assertThat(records.list("jobs")).containsExactlyInAnyOrder("jobs/one.json", "jobs/two.cancel");
        assertThat(records.list("leases")).containsExactly("leases/one.json");

        records.delete("jobs/one.json");
        records.delete("jobs/one.json");
        assertThat(records.read("jobs/one.json")).isEmpty();
        assertThat(records.list("jobs")).containsExactly("jobs/two.cancel");
        records.delete("jobs/two.cancel");
        records.delete("leases/one.json");

        for (String bad : new String[] {"../ACTIVE", "jobs/../../x", "jobs/", "jobs", "jobs/a/b", "JOBS/a", "jobs/.x"}) {
            assertThatThrownBy(() -> records.write(bad, bytes("x"))).as(bad)
                    .isInstanceOf(IllegalArgumentException.class);
            assertThatThrownBy(() -> records.read(bad)).as(bad).isInstanceOf(IllegalArgumentException.class);
        }
        assertThatThrownBy(() -> records.list("../x")).isInstanceOf(IllegalArgumentException.class);
    }

    private static byte[] bytes(String text) {
        return text.getBytes(StandardCharsets.UTF_8);
    }
}
