package com.seqtag.cli;

import com.seqtag.data.ConllReader;
import com.seqtag.data.LabeledSentence;
import com.seqtag.model.EmbeddingStore;
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
import java.util.function.Function;
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
        // One store for every model: each model finds the same vectors in it, read once.
        EmbeddingStore store = compute.embeddings();
        if (models != null && models.size() > 1) {
            if (decoding != null && decoding != ModelConfig.Decoding.VITERBI) {
                throw new IllegalArgumentException("an ensemble decodes with viterbi only");
            }
            List<Tagger> members = new ArrayList<>();
            List<String> versions = new ArrayList<>();
            for (Path model : models) {
                ModelArtifact artifact = ModelArtifact.read(model);
                members.add(artifact.tagger(store));
                versions.add(artifact.manifest().version());
            }
            Ensemble ensemble = Ensemble.of(members);
            report("ensemble of " + members.size() + " models (" + String.join(", ", versions) + ")",
                    sentences -> ValidationRun.run(ensemble, sentences), "viterbi over the mean label probabilities");
            return 0;
        }
        ModelArtifact artifact = models != null ? ModelArtifact.read(models.get(0)) : BundledModel.read();
        Tagger tagger = decoding != null ? artifact.tagger(store).withDecoding(decoding) : artifact.tagger(store);
        report("model " + artifact.manifest().version(), sentences -> ValidationRun.run(tagger, sentences),
                (decoding != null ? decoding : artifact.manifest().config().decoding()).name().toLowerCase(Locale.ROOT));
        return 0;
    }

    /** Reads the data, scores it with {@code run} (timed) and prints what conlleval would, plus calibration. */
    private void report(String what, Function<List<LabeledSentence>, ValidationRun.Result> run, String decodingName)
            throws IOException {
        List<LabeledSentence> sentences = new ConllReader().read(data);
        long start = System.nanoTime();
        ValidationRun.Result result = run.apply(sentences);
        double seconds = (System.nanoTime() - start) / 1e9;
        System.out.printf(Locale.ROOT, "%s on %s (%d sentences, %.1f s)%n", what, data.getFileName(), sentences.size(),
                seconds);
        System.out.println(result.entities().format());
        System.out.printf(Locale.ROOT, "decoding: %s%n", decodingName);
        System.out.printf(Locale.ROOT, "expected calibration error of token scores: %.4f%n",
                result.expectedCalibrationError());
        System.out.printf(Locale.ROOT, "expected calibration error of entity scores: %.4f%n",
                result.entityExpectedCalibrationError());
    }
}
