package com.seqtag.cli;

import com.seqtag.data.ConllReader;
import com.seqtag.data.LabeledSentence;
import com.seqtag.model.ModelConfig;
import com.seqtag.model.Tagger;
import com.seqtag.store.BundledModel;
import com.seqtag.store.ModelArtifact;
import com.seqtag.training.Ensemble;
import com.seqtag.training.ValidationRun;
import java.io.IOException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;

/** {@code seqtag evaluate}: a model and a CoNLL file in, conlleval-style precision/recall/F1 out. */
@Command(name = "evaluate", mixinStandardHelpOptions = true,
        description = "Tags a CoNLL file with a model and prints entity precision, recall and F1, "
                + "overall and per type, counted as conlleval does.")
public final class EvaluateCommand implements Callable<Integer> {

    @Option(names = "--model", split = ",", paramLabel = "FILE",
            description = "Model artifact (default: the bundled model). Several (comma-separated or repeated) are"
                    + " scored as one ensemble: their label probabilities averaged, then constrained Viterbi.")
    List<Path> models;

    @Option(names = "--data", required = true, description = "CoNLL file with gold labels.")
    Path data;

    @Mixin
    ComputeOptions compute;

    @Option(names = "--decoding", description = "argmax or viterbi (default: as the model was trained).")
    ModelConfig.Decoding decoding;

    @Override
    public Integer call() throws IOException {
        compute.limitThreads();
        if (models != null && models.size() > 1) {
            return evaluateEnsemble();
        }
        ModelArtifact artifact = models != null ? ModelArtifact.read(models.get(0)) : BundledModel.read();
        Tagger tagger = artifact.tagger(compute.embeddings());
        if (decoding != null) {
            tagger = tagger.withDecoding(decoding);
        }
        List<LabeledSentence> sentences = new ConllReader().read(data);
        long start = System.nanoTime();
        ValidationRun.Result result = ValidationRun.run(tagger, sentences);
        double seconds = (System.nanoTime() - start) / 1e9;
        System.out.printf(Locale.ROOT, "model %s on %s (%d sentences, %.1f s)%n",
                artifact.manifest().version(), data.getFileName(), sentences.size(), seconds);
        print(result);
        System.out.printf(Locale.ROOT, "decoding: %s%n", (decoding != null ? decoding : artifact.manifest().config().decoding())
                .name().toLowerCase(Locale.ROOT));
        printCalibration(result);
        return 0;
    }

    private int evaluateEnsemble() throws IOException {
        if (decoding != null && decoding != ModelConfig.Decoding.VITERBI) {
            throw new IllegalArgumentException("an ensemble decodes with viterbi only");
        }
        List<Tagger> members = new ArrayList<>();
        List<String> versions = new ArrayList<>();
        for (Path model : models) {
            ModelArtifact artifact = ModelArtifact.read(model);
            members.add(artifact.tagger(compute.embeddings()));
            versions.add(artifact.manifest().version());
        }
        Ensemble ensemble = Ensemble.of(members);
        List<LabeledSentence> sentences = new ConllReader().read(data);
        long start = System.nanoTime();
        ValidationRun.Result result = ValidationRun.run(ensemble, sentences);
        double seconds = (System.nanoTime() - start) / 1e9;
        System.out.printf(Locale.ROOT, "ensemble of %d models (%s) on %s (%d sentences, %.1f s)%n", members.size(),
                String.join(", ", versions), data.getFileName(), sentences.size(), seconds);
        print(result);
        System.out.println("decoding: viterbi over the mean label probabilities");
        printCalibration(result);
        return 0;
    }

    private static void print(ValidationRun.Result result) {
        System.out.println(result.entities().format());
    }

    private static void printCalibration(ValidationRun.Result result) {
        System.out.printf(Locale.ROOT, "expected calibration error of token scores: %.4f%n",
                result.expectedCalibrationError());
        System.out.printf(Locale.ROOT, "expected calibration error of entity scores: %.4f%n",
                result.entityExpectedCalibrationError());
    }
}
