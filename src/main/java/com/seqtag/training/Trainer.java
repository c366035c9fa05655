package com.seqtag.training;

import com.seqtag.data.IobCodec;
import com.seqtag.data.LabeledSentence;
import com.seqtag.data.LengthBuckets;
import com.seqtag.model.Checksums;
import com.seqtag.model.InputEncoder;
import com.seqtag.model.ModelConfig;
import com.seqtag.model.NetworkFactory;
import com.seqtag.model.PretrainedEmbeddings;
import com.seqtag.model.Tagger;
import com.seqtag.store.ModelArtifact;
import com.seqtag.store.ModelManifest;
import com.seqtag.store.ModelMetrics;
import com.seqtag.text.CharacterVocabulary;
import com.seqtag.text.Vocabulary;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.time.Instant;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.concurrent.CancellationException;
import java.util.function.BooleanSupplier;
import org.deeplearning4j.nn.graph.ComputationGraph;
import org.nd4j.linalg.api.ndarray.INDArray;

/**
 * Trains a tagger: builds the vocabulary and label set from the training sentences, then runs
 * backpropagation through time over length-bucketed minibatches (per-token cross-entropy summed
 * over the real, unmasked tokens), evaluates entity F1 on the validation sentences after every
 * epoch, keeps the best epoch's weights and stops early when F1 stops improving.
 */
public final class Trainer {

    /**
     * Milliseconds included: two retrains on the same data finishing within one second (tiny jobs
     * do) must still get distinct versions, or the second cannot be stored.
     */
    private static final DateTimeFormatter VERSION_TIME =
            DateTimeFormatter.ofPattern("yyyyMMdd-HHmmssSSS").withZone(ZoneOffset.UTC);

    /** Characters rarer than this in the training words share the unknown-character index. */
    private static final int MIN_CHARACTER_COUNT = 2;

    private final PretrainedEmbeddings embeddings;
    private final TrainingListener listener;
    private final BooleanSupplier cancelled;
    private final EpochFitter fitter;

    /**
     * A trainer that fits in this process ({@link EpochFitter#IN_PROCESS}).
     *
     * @param embeddings pretrained vectors for models configured to read them (may be null otherwise)
     * @param listener   receives progress
     * @param cancelled  polled between minibatches; training ends with {@link CancellationException}
     *                   once it answers true
     */
    public Trainer(PretrainedEmbeddings embeddings, TrainingListener listener, BooleanSupplier cancelled) {
        this(embeddings, listener, cancelled, EpochFitter.IN_PROCESS);
    }

    /**
     * @param fitter runs each epoch's weight updates (in this process, or on a cluster)
     */
    public Trainer(PretrainedEmbeddings embeddings, TrainingListener listener, BooleanSupplier cancelled,
                   EpochFitter fitter) {
        this.embeddings = embeddings;
        this.listener = listener;
        this.cancelled = cancelled;
        this.fitter = fitter;
    }

    /** Trains a model from scratch; {@code description} records extra facts (e.g. data file names) in the manifest. */
    public TrainingResult train(ModelConfig config, TrainingConfig training, List<LabeledSentence> trainSet,
                                List<LabeledSentence> validSet, Map<String, Object> description) {
        return train(config, training, trainSet, validSet, description, null);
    }

    /**
     * Trains a model, starting from {@code warmStart}'s weights when it is given (null: from scratch).
     * The manifest's training description then records the starting model as {@code startedFrom}.
     *
     * @throws WarmStart.IncompatibleStartException when {@code config}'s shape is not the starting model's
     */
    public TrainingResult train(ModelConfig config, TrainingConfig training, List<LabeledSentence> trainSet,
                                List<LabeledSentence> validSet, Map<String, Object> description, WarmStart warmStart) {
        return train(config, training, trainSet, validSet, description, warmStart, List.of());
    }

    /**
     * Trains a model as above, distilling from {@code teachers} when {@code training} names teachers:
     * each minibatch's targets mix the gold labels with the teachers' mean label probabilities
     * ({@link TrainingConfig#distillationWeight()}).
     *
     * @param teachers the models {@link TrainingConfig#teachers()} names, loaded, in that order
     * @throws Ensemble.IncompatibleTeacherException when a teacher's labels are not the training data's
     */
    public TrainingResult train(ModelConfig config, TrainingConfig training, List<LabeledSentence> trainSet,
                                List<LabeledSentence> validSet, Map<String, Object> description, WarmStart warmStart,
                                List<Tagger> teachers) {
        long started = System.nanoTime();
        if (training.freezeEpochs() > 0 && warmStart == null) {
            throw new IllegalArgumentException("freezeEpochs needs a starting model");
        }
        if (warmStart != null && config.pretrainedVectors() && warmStart.manifest().embeddings() != null
                && !warmStart.manifest().embeddings().sha256().equals(embeddings.sha256())) {
            throw new WarmStart.IncompatibleStartException("the starting model " + warmStart.version() + " reads the"
                    + " pretrained vectors " + warmStart.manifest().embeddings().name() + ", not " + embeddings.name());
        }
        int named = training.distills() ? training.teachers().size() : 0;
        if (teachers.size() != named) {
            throw new IllegalArgumentException("the plan names " + named + " teachers but " + teachers.size()
                    + " were loaded");
        }
        List<String> labels = labelSet(trainSet);
        Ensemble ensemble = teachers.isEmpty() ? null : new Ensemble(teachers, labels);
        List<String> corpusWords = new ArrayList<>();
        trainSet.forEach(sentence -> corpusWords.addAll(sentence.words()));
        Vocabulary vocabulary = warmStart != null
                ? warmStart.vocabulary(corpusWords, config.minWordCount())
                : Vocabulary.build(corpusWords, config.minWordCount());
        CharacterVocabulary characters = config.charFilters() <= 0 ? null
                : warmStart != null ? warmStart.characters(corpusWords)
                : CharacterVocabulary.build(corpusWords, MIN_CHARACTER_COUNT);
        InputEncoder encoder = new InputEncoder(config, embeddings, vocabulary, characters);
        ComputationGraph network = NetworkFactory.build(config, encoder, labels.size(), training.optimization());
        Map<String, Object> described = describe(description, training, trainSet, validSet);
        if (warmStart != null) {
            WarmStart.Transfer transfer = warmStart.initialise(network, config, vocabulary, characters, labels);
            described.put("startedFrom", transfer.startedFrom());
            described.put("warmStart", transfer);
        }
        Tagger tagger = new Tagger(network, encoder, labels, config.decoding());
        ArtifactFactory artifacts = new ArtifactFactory(config, labels, vocabulary, characters, network,
                described, hash(trainSet), started);

        Map<String, Integer> labelIndex = new LinkedHashMap<>();
        for (int i = 0; i < labels.size(); i++) {
            labelIndex.put(labels.get(i), i);
        }
        WordDropout.checkApplies(training.wordDropout(), config);
        Random random = new Random(training.seed());
        // Both draw from random sequences of their own, so that switched off they change nothing.
        WordDropout wordDropout = training.wordDropout() > 0
                ? new WordDropout(trainSet, training.wordDropout(), training.seed())
                : null;
        CaseAugmentation caseAugmentation = training.caseAugmentation() > 0
                ? new CaseAugmentation(training.caseAugmentation(), training.seed())
                : null;
        int epochSize = caseAugmentation != null ? caseAugmentation.epochSize(trainSet.size()) : trainSet.size();
        int batchesPerEpoch = (epochSize + training.batchSize() - 1) / training.batchSize();
        listener.onStart(training.epochs(), batchesPerEpoch);
        List<EpochResult> curve = new ArrayList<>();
        INDArray bestParameters = null;
        ValidationRun.Result bestRun = null;
        int bestEpoch = 0;
        TrainingBatches encoding = new TrainingBatches(encoder, labelIndex, wordDropout, ensemble,
                training.distillationWeight());
        WeightAverage average = training.weightAveraging() > 0
                ? new WeightAverage(network.params(), training.weightAveraging())
                : null;
        try {
            for (int epoch = 1; epoch <= training.epochs(); epoch++) {
                if (epoch == 1 && training.freezeEpochs() > 0) {
                    WarmStart.freezeBelowOutput(network, true, training);
                } else if (epoch == training.freezeEpochs() + 1 && training.freezeEpochs() > 0) {
                    WarmStart.freezeBelowOutput(network, false, training);
                }
                long epochStart = System.nanoTime();
                List<LabeledSentence> epochSet = caseAugmentation != null ? caseAugmentation.epoch(trainSet) : trainSet;
                List<TrainingBatches.Batch> batches = new ArrayList<>(batchesPerEpoch);
                for (List<LabeledSentence> batch : LengthBuckets.batches(epochSet, LabeledSentence::length,
                        training.batchSize(), random)) {
                    batches.add(encoding.batch(batch));
                }
                EpochProgress progress = new EpochProgress(epoch, average, network);
                fitter.fit(network, batches, progress);
                if (cancelled.getAsBoolean()) {
                    throw new CancellationException("training cancelled in epoch " + epoch);
                }
                network.incrementEpochCount();
                // Validation and the artifacts see the averaged weights; training resumes from its own.
                INDArray trainedParameters = average != null ? network.params().dup() : null;
                if (average != null) {
                    network.setParams(average.parameters());
                }
                ValidationRun.Result run = ValidationRun.run(tagger, validSet);
                EvaluationReport report = run.entities();
                EpochResult result = new EpochResult(epoch, progress.meanLoss(), report.overall().f1(),
                        report.overall().precision(), report.overall().recall(), (System.nanoTime() - epochStart) / 1e9,
                        ProcessMemory.residentMegabytes());
                curve.add(result);
                listener.onEpoch(result);
                if (bestRun == null || result.validF1() > bestRun.entities().overall().f1()) {
                    bestRun = run;
                    bestEpoch = epoch;
                    if (bestParameters != null) {
                        bestParameters.close();
                    }
                    bestParameters = network.params().dup();
                    listener.onImprovement(artifacts.create(bestRun, bestEpoch, epoch));
                }
                if (trainedParameters != null) {
                    network.setParams(trainedParameters);
                    trainedParameters.close();
                }
                if (epoch - bestEpoch >= training.patience()) {
                    break;
                }
            }
        } finally {
            if (average != null) {
                average.close();
            }
        }
        network.setParams(bestParameters);
        return new TrainingResult(artifacts.create(bestRun, bestEpoch, curve.size()), curve, bestRun.entities());
    }

    private static Map<String, Object> describe(Map<String, Object> description, TrainingConfig training,
                                                List<LabeledSentence> trainSet, List<LabeledSentence> validSet) {
        Map<String, Object> described = new LinkedHashMap<>(description);
        described.put("config", training);
        described.put("trainSentences", trainSet.size());
        described.put("validSentences", validSet.size());
        return described;
    }

    /** Makes artifacts of one training run from the network's current weights; all share one version id. */
    private final class ArtifactFactory {

        private final ModelConfig config;
        private final List<String> labels;
        private final Vocabulary vocabulary;
        private final CharacterVocabulary characters;
        private final ComputationGraph network;
        private final Map<String, Object> description;
        private final String dataHash;
        private final long started;
        private final Instant createdAt = Instant.now();

        ArtifactFactory(ModelConfig config, List<String> labels, Vocabulary vocabulary, CharacterVocabulary characters,
                        ComputationGraph network, Map<String, Object> description, String dataHash, long started) {
            this.config = config;
            this.labels = labels;
            this.vocabulary = vocabulary;
            this.characters = characters;
            this.network = network;
            this.description = description;
            this.dataHash = dataHash;
            this.started = started;
        }

        ModelArtifact create(ValidationRun.Result bestRun, int bestEpoch, int epochs) {
            EvaluationReport best = bestRun.entities();
            Map<String, Double> perType = new LinkedHashMap<>();
            best.perType().forEach((type, scores) -> perType.put(type, round(scores.f1())));
            ModelMetrics metrics = new ModelMetrics(round(best.overall().f1()), round(best.overall().precision()),
                    round(best.overall().recall()), perType, bestEpoch, epochs,
                    Math.round((System.nanoTime() - started) / 1e7) / 100.0,
                    Math.round(bestRun.expectedCalibrationError() * 1e4) / 1e4,
                    Math.round(bestRun.entityExpectedCalibrationError() * 1e4) / 1e4);
            ModelManifest manifest = new ModelManifest(ModelManifest.FORMAT_VERSION,
                    "ner-" + VERSION_TIME.format(createdAt) + "-" + dataHash.substring(0, 8),
                    Instant.now().toString(), config, description, labels,
                    config.pretrainedVectors()
                            ? new ModelManifest.EmbeddingsReference(embeddings.name(), embeddings.sha256(),
                                    embeddings.dimensions())
                            : null,
                    vocabulary.size(), dataHash, metrics, Map.of());
            return new ModelArtifact(manifest, network, vocabulary, characters);
        }
    }

    /** Receives one epoch's updates from the fitter: sums the loss, folds weights into the average, reports batches. */
    private final class EpochProgress implements EpochFitter.Progress {

        private final int epoch;
        private final WeightAverage average;
        private final ComputationGraph network;
        private double lossSum;
        private long tokens;
        private int steps;

        EpochProgress(int epoch, WeightAverage average, ComputationGraph network) {
            this.epoch = epoch;
            this.average = average;
            this.network = network;
        }

        @Override
        public boolean cancelled() {
            return cancelled.getAsBoolean();
        }

        @Override
        public void fitted(int fittedSteps, double lossPerToken, long fittedTokens) {
            lossSum += lossPerToken * fittedTokens;
            tokens += fittedTokens;
            steps += fittedSteps;
            if (average != null) {
                average.update(network.params(), fittedSteps);
            }
            listener.onBatch(epoch, steps, lossPerToken);
        }

        double meanLoss() {
            return tokens == 0 ? Double.NaN : lossSum / tokens;
        }
    }

    /** The label set: {@code O} first, then {@code B-}/{@code I-} of each entity type, sorted. */
    static List<String> labelSet(List<LabeledSentence> sentences) {
        return IobCodec.labelSet(IobCodec.entityTypesOf(sentences));
    }

    /** SHA-256 over the training sentences' words and labels. */
    static String hash(List<LabeledSentence> sentences) {
        MessageDigest digest = Checksums.sha256Digest();
        for (LabeledSentence sentence : sentences) {
            for (int i = 0; i < sentence.length(); i++) {
                digest.update((sentence.words().get(i) + "\t" + sentence.labels().get(i) + "\n")
                        .getBytes(StandardCharsets.UTF_8));
            }
            digest.update((byte) '\n');
        }
        return Checksums.hex(digest.digest());
    }

    private static double round(double value) {
        return Math.round(value * 100) / 100.0;
    }
}
