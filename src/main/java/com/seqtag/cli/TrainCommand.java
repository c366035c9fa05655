package com.seqtag.cli;

import com.seqtag.data.ConllReader;
import com.seqtag.data.LabeledSentence;
import com.seqtag.model.EmbeddingStore;
import com.seqtag.model.ModelConfig;
import com.seqtag.model.Optimization;
import com.seqtag.model.PretrainedEmbeddings;
import com.seqtag.model.Tagger;
import com.seqtag.store.ModelArtifact;
import com.seqtag.store.ModelManifest;
import com.seqtag.training.EpochResult;
import com.seqtag.training.Trainer;
import com.seqtag.training.TrainingConfig;
import com.seqtag.training.TrainingCurve;
import com.seqtag.training.TrainingListener;
import com.seqtag.training.TrainingPlan;
import com.seqtag.training.TrainingResult;
import com.seqtag.training.WarmStart;
import java.io.IOException;
import java.io.PrintWriter;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.Callable;
import me.tongfei.progressbar.ProgressBar;
import me.tongfei.progressbar.ProgressBarBuilder;
import me.tongfei.progressbar.ProgressBarStyle;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Model.OptionSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

/**
 * {@code seqtag train}: CoNLL files in, a model artifact out, with progress and per-epoch valid F1.
 * The setting options carry the defaults that {@code --help} shows; what counts is the training
 * plan (defaults or {@code --config}) overridden by the options actually given.
 */
@Command(name = "train", mixinStandardHelpOptions = true,
        description = "Trains a tagger on a CoNLL file, selects the best epoch by valid entity F1, "
                + "and writes the model artifact plus its training curve (<out>.curve.csv and <out>.curve.png).")
public final class TrainCommand implements Callable<Integer> {

    /** Options that are not training-plan settings. */
    private static final Set<String> NOT_PLAN_SETTINGS = Set.of("--train", "--valid", "--out", "--embeddings",
            "--threads", "--config", "--model-dir");
    /** Options whose plan key is not their name in camel case. */
    private static final Map<String, String> PLAN_KEYS = Map.of(
            "--pretrained", "pretrainedVectors",
            "--casing", "casingFeatures");

    private final ModelConfig modelDefaults = ModelConfig.defaults();
    private final TrainingConfig trainingDefaults = TrainingConfig.defaults();

    @Spec
    CommandSpec spec;

    @Option(names = "--config", description = "A training plan (JSON or YAML) with flat keys, e.g. "
            + "{\"layers\": 2, \"cell\": \"gru\"}; options given on the command line override it.")
    Path configFile;

    @Option(names = "--train", required = true, description = "CoNLL training file (word first, IOB2 label last).")
    Path trainFile;

    @Option(names = "--valid", required = true, description = "CoNLL validation file used for model selection.")
    Path validFile;

    @Option(names = "--out", required = true, description = "Where to write the model artifact (.seqtag).")
    Path out;

    @Mixin
    ComputeOptions compute;

    @Option(names = "--cell", description = "rnn, gru, lstm or peephole_lstm (default: ${DEFAULT-VALUE}).")
    ModelConfig.CellType cell = modelDefaults.cell();

    @Option(names = "--direction", description = "forward, bidirectional_concat or bidirectional_add (default: ${DEFAULT-VALUE}).")
    ModelConfig.Direction direction = modelDefaults.direction();

    @Option(names = "--layers", description = "Stacked recurrent layers, 1-3 (default: ${DEFAULT-VALUE}).")
    int layers = modelDefaults.layers();

    @Option(names = "--hidden-size", description = "Units per direction (default: ${DEFAULT-VALUE}).")
    int hiddenSize = modelDefaults.hiddenSize();

    @Option(names = "--dropout", description = "Dropout probability between layers (default: ${DEFAULT-VALUE}).")
    double dropout = modelDefaults.dropout();

    @Option(names = "--pretrained", negatable = true, description = "Feed pretrained vectors (default: ${DEFAULT-VALUE}).")
    boolean pretrained = modelDefaults.pretrainedVectors();

    @Option(names = "--fine-tune-pretrained", negatable = true,
            description = "Fine-tune the pretrained vectors of training words instead of keeping them frozen (default: ${DEFAULT-VALUE}).")
    boolean fineTunePretrained = modelDefaults.fineTunePretrained();

    @Option(names = "--word-embedding-size", description = "Learned word embedding size, 0 for none (default: ${DEFAULT-VALUE}).")
    int wordEmbeddingSize = modelDefaults.wordEmbeddingSize();

    @Option(names = "--one-hot-words", description = "One-hot input over this many most frequent words, 0 for none (default: ${DEFAULT-VALUE}).")
    int oneHotWords = modelDefaults.oneHotWords();

    @Option(names = "--min-word-count", description = "Occurrences for a word to get its own learned embedding (default: ${DEFAULT-VALUE}).")
    int minWordCount = modelDefaults.minWordCount();

    @Option(names = "--casing", negatable = true, description = "Feed casing features (default: ${DEFAULT-VALUE}).")
    boolean casing = modelDefaults.casingFeatures();

    @Option(names = "--char-filters", description = "Character CNN filters, 0 for none (default: ${DEFAULT-VALUE}).")
    int charFilters = modelDefaults.charFilters();

    @Option(names = "--char-embedding-size", description = "Character embedding size (default: ${DEFAULT-VALUE}).")
    int charEmbeddingSize = modelDefaults.charEmbeddingSize();

    @Option(names = "--crf", negatable = true,
            description = "Linear-chain CRF output layer instead of a per-token softmax (default: ${DEFAULT-VALUE}).")
    boolean crf = modelDefaults.crf();

    @Option(names = "--decoding", description = "argmax or viterbi (default: ${DEFAULT-VALUE}).")
    ModelConfig.Decoding decoding = modelDefaults.decoding();

    @Option(names = "--epochs", description = "Maximum epochs (default: ${DEFAULT-VALUE}).")
    int epochs = trainingDefaults.epochs();

    @Option(names = "--batch-size", description = "Sentences per minibatch (default: ${DEFAULT-VALUE}).")
    int batchSize = trainingDefaults.batchSize();

    @Option(names = "--optimizer", description = "adam, or sgd_momentum (SGD with Nesterov momentum 0.9, the published"
            + " BiLSTM-CNN-CRF recipe's; give it a larger --learning-rate such as 0.015) (default: ${DEFAULT-VALUE}).")
    Optimization.Optimizer optimizer = trainingDefaults.optimizer();

    @Option(names = "--learning-rate", description = "Initial learning rate (default: ${DEFAULT-VALUE}).")
    double learningRate = trainingDefaults.learningRate();

    @Option(names = "--learning-rate-decay", description = "Learning rate factor per epoch (default: ${DEFAULT-VALUE}).")
    double learningRateDecay = trainingDefaults.learningRateDecay();

    @Option(names = "--clipping", description = "none, element_wise or l2_per_layer (default: ${DEFAULT-VALUE}).")
    Optimization.GradientClipping clipping = trainingDefaults.clipping();

    @Option(names = "--clipping-threshold", description = "Clipping threshold (default: ${DEFAULT-VALUE}).")
    double clippingThreshold = trainingDefaults.clippingThreshold();

    @Option(names = "--l2", description = "L2 weight decay (default: ${DEFAULT-VALUE}).")
    double l2 = trainingDefaults.l2();

    @Option(names = "--patience", description = "Stop after this many epochs without better valid F1 (default: ${DEFAULT-VALUE}).")
    int patience = trainingDefaults.patience();

    @Option(names = "--seed", description = "Random seed (default: ${DEFAULT-VALUE}).")
    long seed = trainingDefaults.seed();

    @Option(names = "--weight-averaging", description = "Decay of the moving average of the weights that is"
            + " evaluated and kept; 0 = off (default: ${DEFAULT-VALUE}).")
    double weightAveraging = trainingDefaults.weightAveraging();

    @Option(names = "--word-dropout", description = "Probability that a training word seen once enters the"
            + " learned word input as UNK, drawn afresh every epoch; needs --min-word-count 1; 0 = off"
            + " (default: ${DEFAULT-VALUE}).")
    double wordDropout = trainingDefaults.wordDropout();

    @Option(names = "--case-augmentation", description = "Fraction of training sentences also trained on re-cased"
            + " (upper, lower or title case) each epoch; 0 = off (default: ${DEFAULT-VALUE}).")
    double caseAugmentation = trainingDefaults.caseAugmentation();

    @Option(names = "--init-from", description = "Start from this model's weights instead of random ones"
            + " (fine-tuning): a .seqtag file, a version in --model-dir or the bundled model's, or 'active' (the"
            + " --model-dir's active model, else the bundled one). The new model takes its network shape.")
    String initFrom = trainingDefaults.initFrom();

    @Option(names = "--freeze-epochs", description = "With --init-from: train only the output layer for this many"
            + " first epochs (default: ${DEFAULT-VALUE}).")
    int freezeEpochs = trainingDefaults.freezeEpochs();

    @Option(names = "--teachers", split = ",", paramLabel = "MODEL",
            description = "Distillation: trained models (.seqtag files, or versions as for --init-from) whose mean"
                    + " label probabilities on every training minibatch become part of the targets; comma-separated"
                    + " or repeated. Their labels must be the training data's.")
    List<String> teachers = trainingDefaults.teachers();

    @Option(names = "--distillation-weight", description = "With --teachers: the teachers' share of each token's"
            + " target, the gold label having the rest (default: ${DEFAULT-VALUE}).")
    double distillationWeight = trainingDefaults.distillationWeight();

    @Option(names = "--model-dir", description = "Model directory where --init-from and --teachers look up versions and 'active'.")
    Path modelDir;

    @Override
    public Integer call() throws IOException {
        compute.limitThreads();
        Map<String, Object> given = commandLineSettings();
        TrainingPlan plan = (configFile != null ? TrainingPlan.read(configFile) : TrainingPlan.defaults())
                .withOverrides(given);
        WarmStart warmStart = null;
        if (plan.training().warmStart()) {
            ModelArtifact start = StartingModels.read(plan.training().initFrom(), modelDir);
            Set<String> explicit = new HashSet<>(given.keySet());
            if (configFile != null) {
                explicit.addAll(TrainingPlan.settingsIn(configFile).keySet());
            }
            plan = WarmStart.shapedLike(plan, start.manifest(), explicit);
            warmStart = new WarmStart(start);
            System.err.printf(Locale.ROOT, "starting from model %s (%s)%n", start.manifest().version(),
                    String.join(", ", start.manifest().entityTypes()));
        }
        ModelConfig config = plan.model();
        TrainingConfig training = plan.training();
        ConllReader reader = new ConllReader();
        List<LabeledSentence> trainSet = reader.read(trainFile);
        List<LabeledSentence> validSet = reader.read(validFile);
        System.err.printf(Locale.ROOT, "%d training and %d validation sentences%n", trainSet.size(), validSet.size());
        // One store for the student and every teacher: the vectors are read once, not once per model.
        EmbeddingStore store = compute.embeddings();
        PretrainedEmbeddings embeddings = config.pretrainedVectors() ? store.defaultEmbeddings() : null;

        Map<String, Object> description = new LinkedHashMap<>();
        description.put("trainFile", trainFile.getFileName().toString());
        description.put("validFile", validFile.getFileName().toString());
        List<Tagger> teacherTaggers = new ArrayList<>();
        if (training.distills()) {
            List<String> versions = new ArrayList<>();
            for (String teacher : training.teachers()) {
                ModelArtifact artifact = StartingModels.read(teacher, modelDir, "--teachers");
                teacherTaggers.add(artifact.tagger(store));
                versions.add(artifact.manifest().version());
            }
            description.put("teacherVersions", versions);
            System.err.printf(Locale.ROOT, "distilling from %d teachers (%s), weight %.2f%n", versions.size(),
                    String.join(", ", versions), training.distillationWeight());
        }
        Path curveFile = Path.of(out + ".curve.csv");
        try (ProgressListener progress = new ProgressListener(curveFile, out)) {
            TrainingResult result = new Trainer(embeddings, progress, () -> false)
                    .train(config, training, trainSet, validSet, description, warmStart, teacherTaggers);
            ModelManifest written = result.artifact().write(out);
            Path picture = Path.of(out + ".curve.png");
            TrainingCurve.writePng(result.curve(), "SeqTag training: " + written.version(), picture);
            System.err.printf(Locale.ROOT, "best epoch %d: valid F1 %.2f; wrote %s (%s), curve %s and %s%n",
                    written.metrics().bestEpoch(), written.metrics().validF1(), out, written.version(), curveFile,
                    picture);
            System.out.println(result.validation().format());
        }
        return 0;
    }

    /** The plan settings given explicitly on the command line, by plan key. */
    private Map<String, Object> commandLineSettings() {
        Map<String, Object> settings = new LinkedHashMap<>();
        for (OptionSpec option : spec.commandLine().getParseResult().matchedOptions()) {
            String name = option.longestName();
            if (!NOT_PLAN_SETTINGS.contains(name) && !option.usageHelp() && !option.versionHelp()) {
                settings.put(PLAN_KEYS.getOrDefault(name, camelCase(name)), option.getValue());
            }
        }
        return settings;
    }

    private static String camelCase(String option) {
        StringBuilder key = new StringBuilder();
        boolean upper = false;
        for (char c : option.substring(2).toCharArray()) {
            if (c == '-') {
                upper = true;
            } else {
                key.append(upper ? Character.toUpperCase(c) : c);
                upper = false;
            }
        }
        return key.toString();
    }

    /** Draws a progress bar per epoch and appends each epoch to the curve CSV. */
    private static final class ProgressListener implements TrainingListener, AutoCloseable {

        private final PrintWriter curve;
        private final Path out;
        private int epochs;
        private int batches;
        private ProgressBar bar;

        ProgressListener(Path curveFile, Path out) throws IOException {
            this.out = out;
            Path parent = curveFile.toAbsolutePath().getParent();
            Files.createDirectories(parent);
            this.curve = new PrintWriter(Files.newBufferedWriter(curveFile));
            curve.println(TrainingCurve.CSV_HEADER);
        }

        @Override
        public void onStart(int epochs, int batchesPerEpoch) {
            this.epochs = epochs;
            this.batches = batchesPerEpoch;
        }

        @Override
        public void onBatch(int epoch, int batch, double loss) {
            if (bar == null) {
                bar = new ProgressBarBuilder()
                        .setTaskName(String.format(Locale.ROOT, "epoch %d/%d", epoch, epochs))
                        .setInitialMax(batches)
                        .setStyle(ProgressBarStyle.ASCII)
                        .setUpdateIntervalMillis(2000)
                        .build();
            }
            bar.step();
            bar.setExtraMessage(String.format(Locale.ROOT, "loss %.4f", loss));
        }

        @Override
        public void onEpoch(EpochResult result) {
            if (bar != null) {
                bar.close();
                bar = null;
            }
            System.err.printf(Locale.ROOT, "epoch %d: loss %.4f, valid F1 %.2f (P %.2f, R %.2f), %.0f s, RSS %d MiB%n",
                    result.epoch(), result.trainLoss(), result.validF1(), result.validPrecision(),
                    result.validRecall(), result.seconds(), result.residentMb());
            curve.println(TrainingCurve.csvLine(result));
            curve.flush();
        }

        @Override
        public void onImprovement(ModelArtifact checkpoint) {
            try {
                // Written at every improvement, so a run stopped early still leaves its best model.
                checkpoint.write(out);
            } catch (IOException e) {
                throw new UncheckedIOException("cannot write checkpoint " + out, e);
            }
        }

        @Override
        public void close() {
            if (bar != null) {
                bar.close();
            }
            curve.close();
        }
    }
}
