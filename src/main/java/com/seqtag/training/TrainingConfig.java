package com.seqtag.training;

import com.seqtag.model.Optimization;
import java.util.List;

/**
 * How a model is trained: backpropagation through time over minibatches of length-bucketed
 * sentences with Adam (or SGD with momentum), gradient clipping and early stopping on validation F1.
 *
 * @param epochs             maximum passes over the training data
 * @param batchSize          sentences per minibatch
 * @param optimizer          {@code adam} or {@code sgd_momentum} (SGD with Nesterov momentum 0.9)
 * @param learningRate       the optimiser's initial step size
 * @param learningRateDecay  factor the step size is multiplied by after every epoch (1 = constant)
 * @param clipping           gradient clipping type
 * @param clippingThreshold  gradient clipping threshold
 * @param l2                 L2 weight decay
 * @param patience           stop after this many epochs without a better validation F1
 * @param seed               random seed (weights, dropout, batch order)
 * @param weightAveraging    decay of the exponential moving average of the weights that is
 *                           evaluated and kept (0 = off: the raw weights of each epoch's end);
 *                           the decay ramps up as (1 + n) / (10 + n) over minibatches n, so 0.999
 *                           is reached only after about 9,000 minibatches (20 CoNLL epochs) and
 *                           before that the average spans roughly the last tenth of all steps
 * @param wordDropout        probability, drawn afresh for every occurrence in every epoch, that a
 *                           training word seen only once in the training data (by its vocabulary
 *                           form) enters the vocabulary-based inputs (learned embedding, one-hot) as
 *                           UNK, so that the pretrained-vector, casing and character inputs learn to
 *                           carry unseen words; 0 = off. Needs {@code minWordCount} 1 (a plan with a
 *                           higher minimum, where every singleton is UNK already, is rejected; see
 *                           {@link WordDropout})
 * @param caseAugmentation   fraction of the training sentences that each epoch is also trained on
 *                           a second time, re-cased as all upper, all lower or title case (labels
 *                           unchanged); 0 = off (see {@link CaseAugmentation})
 * @param initFrom           the model to start from (a warm start, {@link WarmStart}): {@code "active"},
 *                           a model version, or (command line) a {@code .seqtag} file; null = from
 *                           scratch, with freshly initialised weights
 * @param freezeEpochs       epochs at the start during which only the output (CRF) layer learns and
 *                           every layer below keeps the starting model's weights; needs {@code initFrom}
 * @param teachers           distillation: trained models (versions, or on the command line
 *                           {@code .seqtag} files) whose mean per-token label probabilities on each
 *                           training minibatch become part of the targets ({@link Ensemble}); null
 *                           or empty = off, gold labels only
 * @param distillationWeight with {@code teachers}: the teachers' share of each token's target, the
 *                           rest being its gold label (1 = the teachers only)
 */
public record TrainingConfig(
        int epochs,
        int batchSize,
        Optimization.Optimizer optimizer,
        double learningRate,
        double learningRateDecay,
        Optimization.GradientClipping clipping,
        double clippingThreshold,
        double l2,
        int patience,
        long seed,
        double weightAveraging,
        double wordDropout,
        double caseAugmentation,
        String initFrom,
        int freezeEpochs,
        List<String> teachers,
        double distillationWeight) {

    /** {@code initFrom} naming the model that serves when training starts. */
    public static final String ACTIVE_MODEL = "active";

    /** The teachers' share of the targets when distillation is asked for without one. */
    public static final double DEFAULT_DISTILLATION_WEIGHT = 0.5;

    /** The most teachers one run may average (each costs a forward pass per minibatch). */
    public static final int MAX_TEACHERS = 16;

    /** Settings used for the bundled model. */
    public static TrainingConfig defaults() {
        return new TrainingConfig(30, 32, Optimization.Optimizer.ADAM, 0.002, 0.95, Optimization.GradientClipping.L2_PER_LAYER,
                5.0, 1e-6, 5, 42, 0.999, 0, 0, null, 0, null, DEFAULT_DISTILLATION_WEIGHT);
    }

    /** Settings without distillation. */
    public TrainingConfig(int epochs, int batchSize, double learningRate, double learningRateDecay,
                          Optimization.GradientClipping clipping, double clippingThreshold, double l2, int patience,
                          long seed, double weightAveraging, double wordDropout, double caseAugmentation,
                          String initFrom, int freezeEpochs) {
        this(epochs, batchSize, learningRate, learningRateDecay, clipping, clippingThreshold, l2, patience, seed,
                weightAveraging, wordDropout, caseAugmentation, initFrom, freezeEpochs, null, DEFAULT_DISTILLATION_WEIGHT);
    }

    /** Settings with Adam. */
    public TrainingConfig(int epochs, int batchSize, double learningRate, double learningRateDecay,
                          Optimization.GradientClipping clipping, double clippingThreshold, double l2, int patience,
                          long seed, double weightAveraging, double wordDropout, double caseAugmentation,
                          String initFrom, int freezeEpochs, List<String> teachers, double distillationWeight) {
        this(epochs, batchSize, Optimization.Optimizer.ADAM, learningRate, learningRateDecay, clipping,
                clippingThreshold, l2, patience, seed, weightAveraging, wordDropout, caseAugmentation, initFrom,
                freezeEpochs, teachers, distillationWeight);
    }

    /** Settings that train from scratch. */
    public TrainingConfig(int epochs, int batchSize, double learningRate, double learningRateDecay,
                          Optimization.GradientClipping clipping, double clippingThreshold, double l2, int patience,
                          long seed, double weightAveraging, double wordDropout, double caseAugmentation) {
        this(epochs, batchSize, learningRate, learningRateDecay, clipping, clippingThreshold, l2, patience, seed,
                weightAveraging, wordDropout, caseAugmentation, null, 0);
    }

    /** Settings without word dropout and case augmentation. */
    public TrainingConfig(int epochs, int batchSize, double learningRate, double learningRateDecay,
                          Optimization.GradientClipping clipping, double clippingThreshold, double l2, int patience,
                          long seed, double weightAveraging) {
        this(epochs, batchSize, learningRate, learningRateDecay, clipping, clippingThreshold, l2, patience, seed,
                weightAveraging, 0, 0, null, 0);
    }

    public TrainingConfig {
        if (epochs < 1 || epochs > 1000) {
            throw new IllegalArgumentException("epochs must be 1 to 1000, was " + epochs);
        }
        if (batchSize < 1 || batchSize > 4096) {
            throw new IllegalArgumentException("batchSize must be 1 to 4096, was " + batchSize);
        }
        if (!(weightAveraging == 0 || weightAveraging >= 0.5 && weightAveraging < 1)) {
            throw new IllegalArgumentException("weightAveraging must be 0 (off) or in [0.5, 1), was " + weightAveraging);
        }
        if (!(wordDropout >= 0 && wordDropout < 1)) {
            throw new IllegalArgumentException("wordDropout must be in [0, 1), was " + wordDropout);
        }
        if (!(caseAugmentation >= 0 && caseAugmentation <= 1)) {
            throw new IllegalArgumentException("caseAugmentation must be in [0, 1], was " + caseAugmentation);
        }
        if (initFrom != null && initFrom.isBlank()) {
            throw new IllegalArgumentException("initFrom must name a model (\"active\" or a version), or be left out "
                    + "to train from scratch");
        }
        if (freezeEpochs < 0 || freezeEpochs > 1000) {
            throw new IllegalArgumentException("freezeEpochs must be 0 to 1000, was " + freezeEpochs);
        }
        if (freezeEpochs > 0 && initFrom == null) {
            throw new IllegalArgumentException("freezeEpochs needs initFrom: frozen layers keep the starting model's "
                    + "weights, and from scratch they would stay random");
        }
        if (teachers != null) {
            if (teachers.size() > MAX_TEACHERS) {
                throw new IllegalArgumentException("teachers may name at most " + MAX_TEACHERS + " models, was "
                        + teachers.size());
            }
            for (String teacher : teachers) {
                if (teacher == null || teacher.isBlank()) {
                    throw new IllegalArgumentException("teachers must name models (versions or, on the command line,"
                            + " .seqtag files); one entry is empty");
                }
            }
            teachers = List.copyOf(teachers);
        }
        if (!(distillationWeight > 0 && distillationWeight <= 1)) {
            throw new IllegalArgumentException("distillationWeight must be in (0, 1], was " + distillationWeight);
        }
        if (patience < 1) {
            throw new IllegalArgumentException("patience must be at least 1, was " + patience);
        }
        // Validates learning rate, decay, clipping and l2 with the same messages the network builder uses.
        new Optimization(optimizer, learningRate, learningRateDecay, clipping, clippingThreshold, l2, seed);
    }

    /** Whether training starts from an existing model rather than from random weights. */
    public boolean warmStart() {
        return initFrom != null;
    }

    /** Whether a teacher ensemble's probabilities are part of the targets. */
    public boolean distills() {
        return teachers != null && !teachers.isEmpty();
    }

    /** These settings starting from {@code model} ({@code "active"}, a version or a file), or from scratch when null. */
    public TrainingConfig withInitFrom(String model) {
        return new TrainingConfig(epochs, batchSize, optimizer, learningRate, learningRateDecay, clipping,
                clippingThreshold, l2, patience, seed, weightAveraging, wordDropout, caseAugmentation, model,
                model == null ? 0 : freezeEpochs, teachers, distillationWeight);
    }

    /** The settings DL4J fixes when the network is built. */
    public Optimization optimization() {
        return new Optimization(optimizer, learningRate, learningRateDecay, clipping, clippingThreshold, l2, seed);
    }
}
