package com.seqtag.cli;

import static org.assertj.core.api.Assertions.assertThat;

import com.seqtag.model.ModelConfig;
import com.seqtag.store.ModelArtifact;
import com.seqtag.support.TinyModels;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The train command end to end on the invented fixtures: plan file, command-line overrides, outputs. */
class TrainCommandTest {

    @TempDir
    Path directory;

    @Test
    void trainsFromAPlanFileWithCommandLineOverridesAndWritesModelAndCurves() throws IOException {
        Path train = fixture("tiny-train.conll");
        Path valid = fixture("tiny-valid.conll");
        Path plan = directory.resolve("plan.yml");
        Files.writeString(plan, "pretrainedVectors: false\nhiddenSize: 8\nwordEmbeddingSize: 8\ncharFilters: 4\n"
                + "charEmbeddingSize: 4\nepochs: 2\nbatchSize: 8\n");
        Path out = directory.resolve("model.seqtag");

        int exit = SeqTagCommand.run(new String[] {"train", "--train", train.toString(), "--valid", valid.toString(),
            "--out", out.toString(), "--config", plan.toString(), "--cell", "gru", "--epochs", "1"});

        assertThat(exit).isZero();
        ModelConfig config = ModelArtifact.read(out).manifest().config();
        assertThat(config.cell()).isEqualTo(ModelConfig.CellType.GRU);      // from the command line
        assertThat(config.hiddenSize()).isEqualTo(8);                       // from the plan file
        assertThat(config.pretrainedVectors()).isFalse();
        assertThat(ModelArtifact.read(out).manifest().metrics().epochs()).isEqualTo(1);
        assertThat(Files.readAllLines(Path.of(out + ".curve.csv"))).hasSize(2);
        assertThat(Files.size(Path.of(out + ".curve.png"))).isPositive();
    }

    @Test
    void wordDropoutAndCaseAugmentationOptionsReachThePlan() throws IOException {
        Path out = directory.resolve("levers.seqtag");
        int exit = SeqTagCommand.run(new String[] {"train", "--train", fixture("tiny-train.conll").toString(),
            "--valid", fixture("tiny-valid.conll").toString(), "--out", out.toString(), "--no-pretrained",
            "--hidden-size", "8", "--word-embedding-size", "8", "--char-filters", "4", "--epochs", "1",
            "--min-word-count", "1", "--word-dropout", "0.3", "--case-augmentation", "0.2"});

        assertThat(exit).isZero();
        @SuppressWarnings("unchecked")
        Map<String, Object> training = (Map<String, Object>) ModelArtifact.read(out).manifest().training().get("config");
        assertThat(training).containsEntry("wordDropout", 0.3).containsEntry("caseAugmentation", 0.2);
    }

    @Test
    void wordDropoutWithSingletonsUnknownAnywayEndsWithExitCode2() throws IOException {
        int exit = SeqTagCommand.run(new String[] {"train", "--train", fixture("tiny-train.conll").toString(),
            "--valid", fixture("tiny-valid.conll").toString(), "--out", directory.resolve("m.seqtag").toString(),
            "--word-dropout", "0.5"});
        assertThat(exit).isEqualTo(2);
        assertThat(directory.resolve("m.seqtag")).doesNotExist();
    }

    @Test
    void impossibleSettingsEndWithAMessageAndExitCode2() throws IOException {
        int exit = SeqTagCommand.run(new String[] {"train", "--train", fixture("tiny-train.conll").toString(),
            "--valid", fixture("tiny-valid.conll").toString(), "--out", directory.resolve("m.seqtag").toString(),
            "--layers", "0"});
        assertThat(exit).isEqualTo(2);
        assertThat(directory.resolve("m.seqtag")).doesNotExist();
    }

    @Test
    void initFromAFileOrAVersionStartsFromThatModelAndTakesItsShape() throws IOException {
        ModelArtifact tiny = TinyModels.artifact();
        Path models = Files.createDirectories(directory.resolve("models"));
        tiny.write(models.resolve(tiny.manifest().version() + ModelArtifact.EXTENSION));
        Path out = directory.resolve("warm.seqtag");

        int exit = SeqTagCommand.run(new String[] {"train", "--train", fixture("new-type-train.conll").toString(),
            "--valid", fixture("new-type-valid.conll").toString(), "--out", out.toString(), "--epochs", "2",
            "--init-from", tiny.manifest().version(), "--model-dir", models.toString(), "--freeze-epochs", "1"});

        assertThat(exit).isZero();
        var manifest = ModelArtifact.read(out).manifest();
        assertThat(manifest.startedFrom()).isEqualTo(tiny.manifest().version());
        assertThat(manifest.config().hiddenSize()).isEqualTo(TinyModels.CONFIG.hiddenSize());
        assertThat(manifest.config().pretrainedVectors()).isFalse();
        assertThat(manifest.entityTypes()).contains("TEAM", "PER");

        Path file = models.resolve(tiny.manifest().version() + ModelArtifact.EXTENSION);
        assertThat(SeqTagCommand.run(new String[] {"train", "--train", fixture("new-type-train.conll").toString(),
            "--valid", fixture("new-type-valid.conll").toString(), "--out", directory.resolve("f.seqtag").toString(),
            "--epochs", "1", "--init-from", file.toString()})).isZero();
        assertThat(ModelArtifact.read(directory.resolve("f.seqtag")).manifest().startedFrom())
                .isEqualTo(tiny.manifest().version());
    }

    @Test
    void anUnknownStartingModelOrAnotherShapeEndsWithExitCode2() throws IOException {
        Path out = directory.resolve("m.seqtag");
        assertThat(SeqTagCommand.run(new String[] {"train", "--train", fixture("new-type-train.conll").toString(),
            "--valid", fixture("new-type-valid.conll").toString(), "--out", out.toString(),
            "--init-from", "ner-19990101-000000-nosuchv", "--model-dir", directory.toString()})).isEqualTo(2);
        Path start = directory.resolve("tiny.seqtag");
        TinyModels.artifact().write(start);
        assertThat(SeqTagCommand.run(new String[] {"train", "--train", fixture("new-type-train.conll").toString(),
            "--valid", fixture("new-type-valid.conll").toString(), "--out", out.toString(),
            "--init-from", start.toString(), "--hidden-size", "32"})).isEqualTo(2);
        assertThat(out).doesNotExist();
    }

    @Test
    void teachersFromFilesAreDistilledAndEvaluateScoresSeveralModelsAsOneEnsemble() throws IOException {
        Path teacher = directory.resolve("teacher.seqtag");
        TinyModels.artifact().write(teacher);
        Path out = directory.resolve("student.seqtag");

        int exit = SeqTagCommand.run(new String[] {"train", "--train", fixture("tiny-train.conll").toString(),
            "--valid", fixture("tiny-valid.conll").toString(), "--out", out.toString(), "--no-pretrained",
            "--hidden-size", "8", "--word-embedding-size", "8", "--char-filters", "4", "--epochs", "1",
            "--teachers", teacher + "," + teacher, "--distillation-weight", "0.8"});

        assertThat(exit).isZero();
        var manifest = ModelArtifact.read(out).manifest();
        assertThat(manifest.training().get("teacherVersions"))
                .isEqualTo(java.util.List.of(TinyModels.artifact().manifest().version(),
                        TinyModels.artifact().manifest().version()));
        @SuppressWarnings("unchecked")
        Map<String, Object> training = (Map<String, Object>) manifest.training().get("config");
        assertThat(training).containsEntry("distillationWeight", 0.8);

        java.io.ByteArrayOutputStream printed = new java.io.ByteArrayOutputStream();
        java.io.PrintStream console = System.out;
        System.setOut(new java.io.PrintStream(printed, true, java.nio.charset.StandardCharsets.UTF_8));
        try {
            assertThat(SeqTagCommand.run(new String[] {"evaluate", "--model", teacher + "," + out,
                "--data", fixture("tiny-valid.conll").toString()})).isZero();
        } finally {
            System.setOut(console);
        }
        assertThat(printed.toString(java.nio.charset.StandardCharsets.UTF_8))
                .contains("ensemble of 2 models").contains("FB1:");
    }

    @Test
    void aTeacherOfOtherEntityTypesEndsWithExitCode2() throws IOException {
        Path teacher = directory.resolve("teacher.seqtag");
        TinyModels.artifact().write(teacher);
        Path out = directory.resolve("m.seqtag");

        assertThat(SeqTagCommand.run(new String[] {"train", "--train", fixture("new-type-train.conll").toString(),
            "--valid", fixture("new-type-valid.conll").toString(), "--out", out.toString(), "--no-pretrained",
            "--hidden-size", "8", "--epochs", "1", "--teachers", teacher.toString()})).isEqualTo(2);
        assertThat(SeqTagCommand.run(new String[] {"train", "--train", fixture("tiny-train.conll").toString(),
            "--valid", fixture("tiny-valid.conll").toString(), "--out", out.toString(),
            "--teachers", directory.resolve("missing.seqtag").toString()})).isEqualTo(2);
        assertThat(out).doesNotExist();
    }

    private Path fixture(String name) throws IOException {
        Path file = directory.resolve(name);
        Files.writeString(file, TinyModels.fixtureText(name));
        return file;
    }
}
