package com.seqtag.bench;

import com.seqtag.data.EntitySpan;
import com.seqtag.data.IobCodec;
import com.seqtag.data.LabeledSentence;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.util.ArrayList;
import java.util.List;
import opennlp.tools.namefind.NameFinderME;
import opennlp.tools.namefind.NameSample;
import opennlp.tools.namefind.TokenNameFinderFactory;
import opennlp.tools.namefind.TokenNameFinderModel;
import opennlp.tools.util.ObjectStreamUtils;
import opennlp.tools.util.Span;
import opennlp.tools.util.TrainingParameters;

/**
 * Apache OpenNLP's {@link NameFinderME} (maxent, default features) trained on the CoNLL-2003 train
 * split, since Maven Central has no English NER model for OpenNLP 2.x. The trained model is cached
 * under {@link BenchPaths#cache()}, never in the repository. Not thread-safe, like NameFinderME.
 */
public final class OpenNlpTagger implements SentenceTagger {

    /** System property: maxent training iterations (default 100, OpenNLP's default). */
    public static final String ITERATIONS = "seqtag.bench.opennlp.iterations";

    private final NameFinderME finder;

    private OpenNlpTagger(TokenNameFinderModel model) {
        this.finder = new NameFinderME(model);
    }

    /** Loads the cached model, training and caching it first if there is none. */
    public static OpenNlpTagger trainedOrCached() {
        int iterations = Integer.getInteger(ITERATIONS, 100);
        Path file = BenchPaths.cache().resolve("opennlp-ner-conll2003-train-i" + iterations + ".bin");
        try {
            if (!Files.isRegularFile(file)) {
                train(BenchPaths.train(), iterations, file);
            }
            return new OpenNlpTagger(new TokenNameFinderModel(file));
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    private static void train(Path trainFile, int iterations, Path target) throws IOException {
        List<NameSample> samples = new ArrayList<>();
        for (LabeledSentence sentence : Corpus.read(trainFile).sentences()) {
            List<Span> names = new ArrayList<>();
            for (EntitySpan span : IobCodec.spans(sentence.labels())) {
                names.add(new Span(span.firstToken(), span.endToken(), span.type()));
            }
            samples.add(new NameSample(sentence.words().toArray(String[]::new), names.toArray(Span[]::new), true));
        }
        TrainingParameters parameters = TrainingParameters.defaultParams();
        parameters.put(TrainingParameters.ITERATIONS_PARAM, iterations);
        parameters.put(TrainingParameters.THREADS_PARAM, 1);
        long start = System.nanoTime();
        TokenNameFinderModel model = NameFinderME.train("en", null, ObjectStreamUtils.createObjectStream(samples),
                parameters, new TokenNameFinderFactory());
        System.err.printf("OpenNLP NameFinderME trained on %s (%d sentences, %d iterations) in %.0f s%n",
                trainFile, samples.size(), iterations, (System.nanoTime() - start) / 1e9);
        Files.createDirectories(target.toAbsolutePath().getParent());
        Path temporary = Files.createTempFile(target.toAbsolutePath().getParent(), "opennlp", ".tmp");
        model.serialize(temporary);
        Files.move(temporary, target, StandardCopyOption.ATOMIC_MOVE, StandardCopyOption.REPLACE_EXISTING);
    }

    @Override
    public String name() {
        return "OpenNLP NameFinderME";
    }

    /** Tags one sentence on its own: adaptive (document) features are cleared before each. */
    @Override
    public List<String> labels(List<String> words) {
        finder.clearAdaptiveData();
        List<EntitySpan> spans = new ArrayList<>();
        for (Span span : finder.find(words.toArray(String[]::new))) {
            spans.add(new EntitySpan(span.getType(), span.getStart(), span.getEnd()));
        }
        return IobCodec.labels(words.size(), spans);
    }
}
