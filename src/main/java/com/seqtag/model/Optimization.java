package com.seqtag.model;

/**
 * How a network's weights are updated, which DL4J fixes when the network is built.
 *
 * @param optimizer          the update rule: Adam, or SGD with Nesterov momentum 0.9 (the published
 *                           BiLSTM-CNN-CRF recipe's optimiser)
 * @param learningRate       the initial step size
 * @param learningRateDecay  factor the step size is multiplied by after every epoch (1 = constant)
 * @param clipping           gradient clipping applied before each update
 * @param clippingThreshold  the clipping threshold (absolute value or L2 norm, by type)
 * @param l2                 L2 weight decay (0 = none)
 * @param seed               random seed for weight initialisation and dropout
 */
public record Optimization(Optimizer optimizer, double learningRate, double learningRateDecay, GradientClipping clipping, double clippingThreshold, double l2,
                           long seed) {

    /** The momentum of {@link Optimizer#SGD_MOMENTUM}, as Ma and Hovy (2016) train. */
    public static final double MOMENTUM = 0.9;

    /** Settings with Adam. */
    public Optimization(double learningRate, double learningRateDecay, GradientClipping clipping, double clippingThreshold,
                        double l2, long seed) {
        this(Optimizer.ADAM, learningRate, learningRateDecay, clipping, clippingThreshold, l2, seed);
    }

    public Optimization {
        if (optimizer == null) {
            throw new IllegalArgumentException("optimizer is required: adam or sgd_momentum");
        }
        if (!(learningRate > 0)) {
            throw new IllegalArgumentException("learningRate must be positive, was " + learningRate);
        }
        if (!(learningRateDecay > 0 && learningRateDecay <= 1)) {
            throw new IllegalArgumentException("learningRateDecay must be in (0, 1], was " + learningRateDecay);
        }
        if (clipping == null) {
            throw new IllegalArgumentException("clipping is required");
        }
        if (clipping != GradientClipping.NONE && !(clippingThreshold > 0)) {
            throw new IllegalArgumentException("clippingThreshold must be positive, was " + clippingThreshold);
        }
        if (l2 < 0) {
            throw new IllegalArgumentException("l2 must not be negative, was " + l2);
        }
    }

    /** Update rules. */
    public enum Optimizer {
        /** Adam with its default moment decays. */
        ADAM,
        /** Stochastic gradient descent with Nesterov momentum {@link #MOMENTUM}. */
        SGD_MOMENTUM
    }

    /** Gradient clipping types, guarding against exploding gradients in backpropagation through time. */
    public enum GradientClipping {
        NONE,
        /** Clip every gradient element to [-threshold, threshold]. */
        ELEMENT_WISE,
        /** Rescale each layer's gradient so its L2 norm is at most the threshold. */
        L2_PER_LAYER
    }
}
