package com.seqtag.training;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.seqtag.model.ModelConfig;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class TrainingPlanTest {

    @Test
    void overridesReplaceOnlyTheNamedSettings() {
        TrainingPlan plan = TrainingPlan.defaults().withOverrides(Map.of("epochs", 3, "layers", 2, "cell", "gru"));

        assertThat(plan.training().epochs()).isEqualTo(3);
        assertThat(plan.model().layers()).isEqualTo(2);
        assertThat(plan.model().cell()).isEqualTo(ModelConfig.CellType.GRU);
        assertThat(plan.model().hiddenSize()).isEqualTo(ModelConfig.defaults().hiddenSize());
        assertThat(plan.training().learningRate()).isEqualTo(TrainingConfig.defaults().learningRate());
    }

    @Test
    void unknownKeysAreRejectedWithTheKnownOnes() {
        assertThatThrownBy(() -> TrainingPlan.defaults().withOverrides(Map.of("epoch", 3)))
                .isInstanceOf(TrainingPlan.InvalidTrainingPlanException.class)
                .hasMessageContaining("unknown setting \"epoch\"")
                .hasMessageContaining("epochs");
    }

    @Test
    void impossibleValuesAreRejectedByName() {
        assertThatThrownBy(() -> TrainingPlan.defaults().withOverrides(Map.of("layers", 0)))
                .isInstanceOf(TrainingPlan.InvalidTrainingPlanException.class)
                .hasMessageContaining("layers must be 1 to 3, was 0");
        assertThatThrownBy(() -> TrainingPlan.defaults().withOverrides(Map.of("learningRate", -0.1)))
                .hasMessageContaining("learningRate must be positive");
        assertThatThrownBy(() -> TrainingPlan.defaults().withOverrides(Map.of("layers", "two")))
                .isInstanceOf(TrainingPlan.InvalidTrainingPlanException.class)
                .hasMessageContaining("\"layers\"");
        assertThatThrownBy(() -> TrainingPlan.defaults().withOverrides(Map.of("cell", "transformer")))
                .isInstanceOf(TrainingPlan.InvalidTrainingPlanException.class)
                .hasMessageContaining("\"cell\"");
    }

    @Test
    void readsFlatKeysFromYamlAndJson(@TempDir Path directory) throws IOException {
        Path yaml = directory.resolve("plan.yml");
        Files.writeString(yaml, "epochs: 4\ndirection: bidirectional_add\ncharFilters: 0\n");
        TrainingPlan fromYaml = TrainingPlan.read(yaml);
        assertThat(fromYaml.training().epochs()).isEqualTo(4);
        assertThat(fromYaml.model().direction()).isEqualTo(ModelConfig.Direction.BIDIRECTIONAL_ADD);
        assertThat(fromYaml.model().charFilters()).isZero();

        Path json = directory.resolve("plan.json");
        Files.writeString(json, "{\"batchSize\": 16, \"clipping\": \"NONE\"}");
        TrainingPlan fromJson = TrainingPlan.read(json);
        assertThat(fromJson.training().batchSize()).isEqualTo(16);
        assertThat(fromJson.training().clipping().name()).isEqualTo("NONE");

        Files.writeString(json, "[1, 2]");
        assertThatThrownBy(() -> TrainingPlan.read(json)).hasMessageContaining("must hold an object");
    }

    @Test
    void roundTripsThroughItsFlatForm() {
        TrainingPlan plan = TrainingPlan.defaults().withOverrides(Map.of("hiddenSize", 64, "seed", 9));
        assertThat(TrainingPlan.defaults().withOverrides(plan.asMap())).isEqualTo(plan);
        assertThat(plan.asMap().keySet()).containsExactlyInAnyOrderElementsOf(TrainingPlan.keys());
    }

    @Test
    void wordDropoutAndCaseAugmentationArePlanKeysThatRoundTrip() {
        assertThat(TrainingPlan.keys()).contains("wordDropout", "caseAugmentation");
        assertThat(TrainingPlan.defaults().asMap()).containsEntry("wordDropout", 0.0).containsEntry("caseAugmentation", 0.0);

        TrainingPlan plan = TrainingPlan.defaults().withOverrides(
                Map.of("wordDropout", 0.5, "minWordCount", 1, "caseAugmentation", 0.2));
        assertThat(plan.training().wordDropout()).isEqualTo(0.5);
        assertThat(plan.training().caseAugmentation()).isEqualTo(0.2);
        assertThat(plan.asMap()).containsEntry("wordDropout", 0.5).containsEntry("caseAugmentation", 0.2);
        assertThat(TrainingPlan.defaults().withOverrides(plan.asMap())).isEqualTo(plan);
    }

    @Test
    void wordDropoutAndCaseAugmentationAreReadFromPlanFiles(@TempDir Path directory) throws IOException {
        Path yaml = directory.resolve("plan.yml");
        Files.writeString(yaml, "wordDropout: 0.25\nminWordCount: 1\ncaseAugmentation: 0.1\n");
        TrainingPlan plan = TrainingPlan.read(yaml);
        assertThat(plan.training().wordDropout()).isEqualTo(0.25);
        assertThat(plan.training().caseAugmentation()).isEqualTo(0.1);
    }

    @Test
    void theOptimizerIsAPlanKeyAndSgdWithMomentumBuildsNesterovUpdates() {
        TrainingPlan plan = TrainingPlan.defaults().withOverrides(Map.of("optimizer", "sgd_momentum",
                "learningRate", 0.015));

        assertThat(TrainingPlan.defaults().training().optimizer()).isEqualTo(com.seqtag.model.Optimization.Optimizer.ADAM);
        assertThat(plan.training().optimizer()).isEqualTo(com.seqtag.model.Optimization.Optimizer.SGD_MOMENTUM);
        assertThat(TrainingPlan.defaults().withOverrides(plan.asMap())).isEqualTo(plan);
        var network = com.seqtag.model.NetworkFactory.build(com.seqtag.support.TinyModels.CONFIG,
                new com.seqtag.model.InputEncoder(com.seqtag.support.TinyModels.CONFIG, null,
                        com.seqtag.text.Vocabulary.build(java.util.List.of("a", "b"), 1),
                        com.seqtag.text.CharacterVocabulary.build(java.util.List.of("a", "b"), 1)),
                3, plan.training().optimization());
        var updaters = java.util.Arrays.stream(network.getLayers())
                .map(layer -> layer.conf().getLayer())
                .filter(org.deeplearning4j.nn.conf.layers.BaseLayer.class::isInstance)
                .map(layer -> ((org.deeplearning4j.nn.conf.layers.BaseLayer) layer).getIUpdater())
                .toList();
        assertThat(updaters).isNotEmpty().allSatisfy(updater -> assertThat(updater)
                .isInstanceOfSatisfying(org.nd4j.linalg.learning.config.Nesterovs.class,
                        nesterovs -> assertThat(nesterovs.getMomentum()).isEqualTo(0.9)));
        assertThatThrownBy(() -> TrainingPlan.defaults().withOverrides(Map.of("optimizer", "rmsprop")))
                .isInstanceOf(TrainingPlan.InvalidTrainingPlanException.class)
                .hasMessageContaining("optimizer");
    }
}
