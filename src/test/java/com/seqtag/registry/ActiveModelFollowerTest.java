package com.seqtag.registry;

import static org.assertj.core.api.Assertions.assertThat;

import com.seqtag.model.EmbeddingStore;
import com.seqtag.store.BundledModel;
import com.seqtag.store.FileSystemModelStore;
import com.seqtag.store.ModelArtifact;
import com.seqtag.support.TinyModels;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.util.Arrays;
import java.util.Optional;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Two replicas over one shared model directory (as on an NFS or ReadWriteMany volume): what one
 * activates, the other serves after its next poll; a damaged version is refused and nothing swaps.
 */
class ActiveModelFollowerTest {

    private final EmbeddingStore embeddings = EmbeddingStore.withBundled();

    @TempDir
    Path shared;

    private ModelRegistry first;
    private ModelRegistry second;
    private ActiveModelFollower secondFollower;

    @BeforeEach
    void twoReplicas() throws IOException {
        first = new ModelRegistry(new FileSystemModelStore(shared), embeddings);
        second = new ModelRegistry(new FileSystemModelStore(shared), embeddings);
        first.loadInitial();
        second.loadInitial();
        secondFollower = new ActiveModelFollower(second, Duration.ofMillis(50), Clock.systemUTC());
    }

    @AfterEach
    void stop() {
        secondFollower.close();
    }

    @Test
    void anActivationThroughOneReplicaIsServedByTheOtherAfterItsNextPoll() throws IOException {
        first.store(TinyModels.artifact("tiny-a"));
        first.activateVersion("tiny-a");
        assertThat(second.active().version()).isEqualTo(BundledModel.readManifest().version());

        assertThat(secondFollower.poll()).contains("tiny-a");
        assertThat(second.active().version()).isEqualTo("tiny-a");
        assertThat(secondFollower.poll()).isEmpty();
        assertThat(secondFollower.status().reachable()).isTrue();
        assertThat(secondFollower.status().lastContact()).isNotNull();
    }

    @Test
    void aRollbackToTheBundledModelIsFollowedToo() throws IOException {
        first.store(TinyModels.artifact("tiny-b"));
        first.activateVersion("tiny-b");
        secondFollower.poll();
        String bundled = BundledModel.readManifest().version();

        first.activateVersion(bundled);

        assertThat(secondFollower.poll()).contains(bundled);
        assertThat(second.active().version()).isEqualTo(bundled);
    }

    @Test
    void aDamagedVersionIsRefusedAndTheReplicaKeepsServingUntilTheNextGoodOne() throws IOException {
        first.store(TinyModels.artifact("tiny-good"));
        first.store(TinyModels.artifact("tiny-damaged"));
        Path damaged = shared.resolve("tiny-damaged" + ModelArtifact.EXTENSION);
        byte[] bytes = Files.readAllBytes(damaged);
        Files.write(damaged, Arrays.copyOf(bytes, bytes.length / 2));
        String before = second.active().version();

        new FileSystemModelStore(shared).setActiveVersion("tiny-damaged");
        assertThat(secondFollower.poll()).isEmpty();
        assertThat(second.active().version()).isEqualTo(before);
        assertThat(secondFollower.poll()).as("a refused version is not loaded again").isEmpty();

        first.activateVersion("tiny-good");
        assertThat(secondFollower.poll()).contains("tiny-good");
    }

    @Test
    void theScheduleFollowsWithoutBeingAsked() throws Exception {
        first.store(TinyModels.artifact("tiny-c"));
        secondFollower.start();

        first.activateVersion("tiny-c");

        long deadline = System.nanoTime() + Duration.ofSeconds(10).toNanos();
        while (!second.active().version().equals("tiny-c") && System.nanoTime() < deadline) {
            Thread.sleep(20);
        }
        assertThat(second.active().version()).isEqualTo("tiny-c");
        assertThat(Optional.of(secondFollower.status().reachable())).contains(true);
    }
}
