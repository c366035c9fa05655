package com.seqtag.model;

/**
 * How a network's weights are updated, which DL4J fixes when the network is built.
 *
 * @param learningRate       Adam's initial step size
 * @param learningRateDecay  factor the step size is multiplied by after every epoch (1 = constant)
 * @param clipping           gradient clipping applied before each update
 * @param clippingThreshold  the clipping threshold (absolute value or L2 norm, by type)
 * @param l2                 L2 weight decay (0 = none)
 * @param seed               random seed for weight initialisation and dropout
 */
public record Optimization(double learningRate, double learningRateDecay, GradientClipping clipping, double clippingThreshold, double l2,
                           long seed) {

    public Optimization {
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

    /** Gradient clipping types, guarding against exploding gradients in backpropagation through time. */
    public enum GradientClipping {
        NONE,
        /** Clip every gradient element to [-threshold, threshold]. */
        ELEMENT_WISE,
        /** Rescale each layer's gradient so its L2 norm is at most the threshold. */
        L2_PER_LAYER
    }
}
