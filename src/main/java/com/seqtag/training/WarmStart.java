package com.seqtag.training;

import com.seqtag.model.ModelConfig;
import com.seqtag.model.NetworkFactory;
import com.seqtag.store.ModelArtifact;
import com.seqtag.store.ModelManifest;
import com.seqtag.text.CharacterVocabulary;
import com.seqtag.text.Vocabulary;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Collection;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Set;
import org.deeplearning4j.nn.api.Layer;
import org.deeplearning4j.nn.graph.ComputationGraph;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.factory.Nd4j;
import org.nd4j.linalg.schedule.ExponentialSchedule;
import org.nd4j.linalg.schedule.ScheduleType;

/**
 * Starts a new network from a trained model instead of random weights (fine-tuning): the character
 * network, the recurrent layers, the learned word vectors of words both vocabularies hold, and the
 * output (CRF) weights, biases and transitions of labels both label sets hold are copied; words and
 * labels new to the data start as they would from scratch.
 *
 * <p>The new network has the starting model's shape: a plan takes the starting model's shape
 * settings ({@link #SHAPE_KEYS}), and a shape setting the user gives explicitly that differs from
 * the starting model's is refused ({@link IncompatibleStartException}). The new vocabularies are the
 * starting model's plus the new data's words and characters, so words the new data lacks keep what
 * the starting model learned about them.
 */
public final class WarmStart {

    /**
     * The {@link ModelConfig} settings that fix the network's weights' shapes or meaning; the others
     * (dropout, minimum word count, decoding) may differ from the starting model's.
     */
    public static final List<String> SHAPE_KEYS = List.of("cell", "direction", "layers", "hiddenSize",
            "pretrainedVectors", "fineTunePretrained", "wordEmbeddingSize", "oneHotWords", "casingFeatures",
            "charEmbeddingSize", "charFilters", "crf");

    /** Layers whose first weight axis is indexed by the learned vocabulary. */
    private static final Set<String> WORD_LAYERS = Set.of("wordEmbedding", "pretrainedCorrection");
    /** The layer whose first weight axis is indexed by the character vocabulary. */
    private static final String CHARACTER_LAYER = "charEmbedding";
    /** Characters rarer than this in the new training words are not added to the starting model's. */
    private static final int MIN_CHARACTER_COUNT = 2;

    private final ModelArtifact start;

    /**
     * @throws IncompatibleStartException when the starting model cannot be fine-tuned (one-hot word
     *                                    input, whose slots are frequency ranks of its own vocabulary)
     */
    public WarmStart(ModelArtifact start) {
        checkSupported(start.manifest());
        this.start = start;
    }

    /** The starting model's version. */
    public String version() {
        return start.manifest().version();
    }

    /** The starting model's description. */
    public ModelManifest manifest() {
        return start.manifest();
    }

    /**
     * {@code plan} with the network shape of the model described by {@code start}, so its weights fit.
     *
     * @param explicitKeys the settings the user gave (request overrides, command-line options): a
     *                     shape setting among them that differs from the starting model's is refused
     * @throws IncompatibleStartException naming the first such setting, both values and the model
     */
    public static TrainingPlan shapedLike(TrainingPlan plan, ModelManifest start, Collection<String> explicitKeys) {
        checkSupported(start);
        Map<String, Object> wanted = plan.asMap();
        Map<String, Object> startShape = new TrainingPlan(start.config(), plan.training()).asMap();
        Map<String, Object> shape = new LinkedHashMap<>();
        for (String key : SHAPE_KEYS) {
            Object theirs = startShape.get(key);
            if (explicitKeys.contains(key) && !Objects.equals(wanted.get(key), theirs)) {
                throw new IncompatibleStartException("\"" + key + "\" is " + wanted.get(key) + " but the starting model "
                        + start.version() + " has " + theirs + "; a warm start keeps the starting model's network"
                        + " shape, so leave \"" + key + "\" out (or set it to " + theirs + "), or train from scratch"
                        + " without initFrom");
            }
            shape.put(key, theirs);
        }
        return plan.withOverrides(shape);
    }

    private static void checkSupported(ModelManifest start) {
        if (start.config().oneHotWords() > 0) {
            throw new IncompatibleStartException("the starting model " + start.version() + " reads one-hot words"
                    + " (oneHotWords " + start.config().oneHotWords() + "), whose slots are its own vocabulary's"
                    + " frequency ranks; a warm start cannot carry them over, so train from scratch");
        }
    }

    /**
     * The vocabulary of the new model: the starting model's entries in their order (UNK first), then the
     * new data's words seen at least {@code minWordCount} times that it lacks.
     */
    public Vocabulary vocabulary(Collection<String> corpusWords, int minWordCount) {
        Set<String> entries = new LinkedHashSet<>(start.vocabulary().entries());
        entries.addAll(Vocabulary.build(corpusWords, minWordCount).entries());
        return Vocabulary.of(new ArrayList<>(entries));
    }

    /** The character vocabulary of the new model: the starting model's, then the new data's characters it lacks (null without a character CNN). */
    public CharacterVocabulary characters(Collection<String> corpusWords) {
        if (start.characters() == null) {
            return null;
        }
        Set<String> characters = new LinkedHashSet<>(start.characters().characters());
        characters.addAll(CharacterVocabulary.build(corpusWords, MIN_CHARACTER_COUNT).characters());
        return CharacterVocabulary.of(new ArrayList<>(characters));
    }

    /**
     * Copies the starting model's weights into {@code network}, a freshly initialised network of the
     * same shape over {@code vocabulary}, {@code characters} and {@code labels}. Rows of words and
     * characters the starting model lacks, and the output weights, biases and transitions of labels
     * it lacks, keep their fresh values.
     *
     * @throws IncompatibleStartException when the networks' shapes differ
     */
    public Transfer initialise(ComputationGraph network, ModelConfig config, Vocabulary vocabulary,
                               CharacterVocabulary characters, List<String> labels) {
        Map<String, Object> mine = new TrainingPlan(config, TrainingConfig.defaults()).asMap();
        Map<String, Object> theirs = new TrainingPlan(start.manifest().config(), TrainingConfig.defaults()).asMap();
        for (String key : SHAPE_KEYS) {
            if (!Objects.equals(mine.get(key), theirs.get(key))) {
                throw new IncompatibleStartException("\"" + key + "\" is " + mine.get(key) + " but the starting model "
                        + version() + " has " + theirs.get(key));
            }
        }
        int[] wordRows = rowMap(vocabulary.entries(), start.vocabulary().entries(), 0);
        int[] characterRows = characters == null ? null
                : rowMap(characters.characters(), start.characters().characters(), 2);
        List<String> startLabels = start.manifest().labels();
        int[] labelColumns = rowMap(labels, startLabels, 0);
        ComputationGraph from = start.network();
        for (Layer layer : network.getLayers()) {
            String name = layer.conf().getLayer().getLayerName();
            Layer source = from.getLayer(name);
            if (source == null) {
                throw new IncompatibleStartException("the starting model " + version() + " has no layer " + name);
            }
            for (Map.Entry<String, INDArray> parameter : layer.paramTable().entrySet()) {
                String key = parameter.getKey();
                INDArray target = parameter.getValue();
                INDArray value = source.getParam(key);
                if (value == null) {
                    throw new IncompatibleStartException("the starting model " + version() + " has no parameter "
                            + name + "_" + key);
                }
                if (WORD_LAYERS.contains(name) && target.rank() == 2 && target.rows() == wordRows.length) {
                    copyRows(value, target, wordRows);
                } else if (name.equals(CHARACTER_LAYER) && characterRows != null && target.rank() == 2
                        && target.rows() == characterRows.length) {
                    copyRows(value, target, characterRows);
                } else if (name.equals(NetworkFactory.OUTPUT)) {
                    copyLabels(key, value, target, labelColumns, startLabels.size());
                } else {
                    copySame(name + "_" + key, value, target);
                }
            }
        }
        int sharedWords = count(wordRows);
        List<String> sharedLabels = new ArrayList<>();
        List<String> newLabels = new ArrayList<>();
        for (int i = 0; i < labels.size(); i++) {
            (labelColumns[i] >= 0 ? sharedLabels : newLabels).add(labels.get(i));
        }
        return new Transfer(version(), sharedWords, vocabulary.size() - sharedWords, sharedLabels, newLabels);
    }

    /**
     * Freezes (or thaws) every layer below the output layer: a frozen layer's learning rate is 0, so
     * Adam leaves its weights alone while the output layer learns the new labels on top of features
     * the starting model learned. Thawing restores the plan's decaying learning rate.
     */
    static void freezeBelowOutput(ComputationGraph network, boolean frozen, TrainingConfig training) {
        for (Layer layer : network.getLayers()) {
            String name = layer.conf().getLayer().getLayerName();
            if (name.equals(NetworkFactory.OUTPUT) || layer.numParams() == 0) {
                continue;
            }
            if (frozen) {
                network.setLearningRate(name, 0.0);
            } else {
                network.setLearningRate(name, new ExponentialSchedule(ScheduleType.EPOCH, training.learningRate(),
                        training.learningRateDecay()));
            }
        }
    }

    /** For each of {@code entries}, its index in {@code startEntries} plus {@code offset}, or -1; the first {@code offset} indices map to themselves. */
    private static int[] rowMap(List<String> entries, List<String> startEntries, int offset) {
        Map<String, Integer> index = new HashMap<>(startEntries.size() * 2);
        for (int i = 0; i < startEntries.size(); i++) {
            index.put(startEntries.get(i), i + offset);
        }
        int[] rows = new int[entries.size() + offset];
        for (int i = 0; i < offset; i++) {
            rows[i] = i;
        }
        for (int i = 0; i < entries.size(); i++) {
            rows[i + offset] = index.getOrDefault(entries.get(i), -1);
        }
        return rows;
    }

    private static void copyRows(INDArray from, INDArray to, int[] rows) {
        float[][] source = matrix(from);
        float[][] target = matrix(to);
        for (int i = 0; i < rows.length; i++) {
            if (rows[i] >= 0) {
                target[i] = source[rows[i]];
            }
        }
        assign(to, target);
    }

    /**
     * The output layer's parameters: label columns of the emission weights ({@code W [nIn, labels]})
     * and of the bias, start and end scores ({@code [1, labels]}); the CRF's transitions
     * ({@code T [labels, labels]}) by both labels.
     */
    private static void copyLabels(String key, INDArray from, INDArray to, int[] columns, int startLabels) {
        float[][] source = matrix(from);
        float[][] target = matrix(to);
        if (source.length != target.length && !key.equals("T") || source[0].length != startLabels) {
            throw new IncompatibleStartException("output parameter " + key + " has shape " + source.length + "x"
                    + source[0].length + " in the starting model, which does not fit " + target.length + "x"
                    + target[0].length);
        }
        boolean transitions = key.equals("T");
        for (int r = 0; r < target.length; r++) {
            int sourceRow = transitions ? columns[r] : r;
            if (sourceRow < 0) {
                continue;
            }
            for (int c = 0; c < columns.length; c++) {
                if (columns[c] >= 0) {
                    target[r][c] = source[sourceRow][columns[c]];
                }
            }
        }
        assign(to, target);
    }

    private static void copySame(String name, INDArray from, INDArray to) {
        if (!Arrays.equals(from.shape(), to.shape())) {
            throw new IncompatibleStartException("parameter " + name + " has shape "
                    + Arrays.toString(from.shape()) + " in the starting model but "
                    + Arrays.toString(to.shape()) + " in the new network");
        }
        to.assign(from);
    }

    /** The values of a matrix, or of a vector (DL4J keeps some biases as {@code [n]}) as one row. */
    private static float[][] matrix(INDArray array) {
        return array.rank() == 1 ? new float[][] {array.toFloatVector()} : array.toFloatMatrix();
    }

    private static void assign(INDArray to, float[][] values) {
        try (INDArray array = Nd4j.create(values)) {
            to.assign(array.reshape(to.shape()).castTo(to.dataType()));
        }
    }

    private static int count(int[] rows) {
        int shared = 0;
        for (int row : rows) {
            if (row >= 0) {
                shared++;
            }
        }
        return shared;
    }

    /**
     * What a warm start carried over.
     *
     * @param startedFrom  the starting model's version
     * @param sharedWords  learned-vocabulary entries (UNK included) that kept the starting model's vectors
     * @param newWords     entries new to the starting model, initialised as from scratch
     * @param sharedLabels labels whose output weights and transitions were copied
     * @param newLabels    labels new to the starting model, initialised as from scratch
     */
    public record Transfer(String startedFrom, int sharedWords, int newWords, List<String> sharedLabels,
                           List<String> newLabels) {
    }

    /** The starting model and the plan cannot share weights; the message names the setting and both values. */
    public static class IncompatibleStartException extends TrainingPlan.InvalidTrainingPlanException {
        public IncompatibleStartException(String message) {
            super(message);
        }
    }
}
