package com.seqtag.model;

import com.seqtag.decoding.SentenceDecoder;
import com.seqtag.decoding.TaggedSentence;
import com.seqtag.model.lean.LeanNetwork;
import com.seqtag.model.lean.PrecisionSetting;
import com.seqtag.model.lean.kernels.Precision;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Comparator;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.locks.ReentrantLock;
import org.deeplearning4j.nn.graph.ComputationGraph;
import org.nd4j.linalg.api.ndarray.INDArray;

/**
 * Labels sentences with a trained network: encodes words, runs the forward pass, decodes label
 * probabilities into IOB2 labels (argmax or constrained Viterbi) and entity spans.
 * A tagger made by {@link #frozen} runs its forward passes on the lean path ({@link LeanNetwork})
 * whenever the network's configuration is one it computes, else on the DL4J network.
 * Thread-safe: lean passes run concurrently; DL4J passes are serialised because a DL4J network
 * keeps per-call state.
 */
public final class Tagger {

    private static final int MAX_BATCH = 64;

    private final ComputationGraph network;
    private final InputEncoder encoder;
    private final List<String> labels;
    private final ModelConfig.Decoding decoding;
    private final SentenceDecoder decoder;
    private final ReentrantLock forwardLock;
    /** The lean forward pass, or null to run the DL4J network. */
    private final LeanNetwork lean;

    /**
     * A tagger running the DL4J network itself, so it follows the weights as they change: the one
     * to validate with during training.
     */
    public Tagger(ComputationGraph network, InputEncoder encoder, List<String> labels, ModelConfig.Decoding decoding) {
        this(network, encoder, labels, decoding, new ReentrantLock(), null);
    }

    /**
     * A tagger over weights that will not change any more, such as a saved model's: the lean path
     * copies them now and tags with the copy, when it supports the configuration.
     */
    public static Tagger frozen(ComputationGraph network, InputEncoder encoder, List<String> labels,
                                ModelConfig.Decoding decoding) {
        return frozen(network, encoder, labels, decoding, PrecisionSetting.FP32);
    }

    /** {@link #frozen} with the lean path's products in the precision {@code precision} asks for. */
    public static Tagger frozen(ComputationGraph network, InputEncoder encoder, List<String> labels,
                                ModelConfig.Decoding decoding, PrecisionSetting precision) {
        return new Tagger(network, encoder, labels, decoding, new ReentrantLock(),
                LeanNetwork.of(network, encoder, precision).orElse(null));
    }

    private Tagger(ComputationGraph network, InputEncoder encoder, List<String> labels, ModelConfig.Decoding decoding,
                   ReentrantLock forwardLock, LeanNetwork lean) {
        this.network = network;
        this.encoder = encoder;
        this.labels = List.copyOf(labels);
        this.decoding = decoding;
        this.decoder = new SentenceDecoder(this.labels, decoding == ModelConfig.Decoding.VITERBI);
        this.forwardLock = forwardLock;
        this.lean = lean;
    }

    /** This tagger decoding another way; it shares (and serialises on) the same network. */
    public Tagger withDecoding(ModelConfig.Decoding otherDecoding) {
        return new Tagger(network, encoder, labels, otherDecoding, forwardLock, lean);
    }

    /** This tagger always running the DL4J network: the reference the lean path is checked against. */
    public Tagger withoutLeanPath() {
        return new Tagger(network, encoder, labels, decoding, forwardLock, null);
    }

    /** Whether forward passes take the lean path rather than the DL4J network. */
    public boolean usesLeanPath() {
        return lean != null;
    }

    /** The lean path's number format, or empty when the DL4J network tags. */
    public Optional<Precision> precision() {
        return Optional.ofNullable(lean).map(LeanNetwork::precision);
    }

    /** What computes the forward passes (library, precision, instruction set), for logs and benchmarks. */
    public String kernels() {
        return lean == null ? "DL4J" : lean.kernels();
    }

    /** The labels this tagger can emit, in network output order. */
    public List<String> labels() {
        return labels;
    }

    /** Tags one sentence. */
    public TaggedSentence tag(List<String> words) {
        return tagAll(List.of(words)).get(0);
    }

    /** Tags sentences, grouping those of similar length into batches; answers in input order. */
    public List<TaggedSentence> tagAll(List<List<String>> sentences) {
        return tagAll(sentences, ForwardPassListener.NONE);
    }

    /**
     * Tags sentences like {@link #tagAll(List)} and tells {@code listener} the size of every forward
     * pass: serving code measures batches there, validation runs (which pass nothing) stay out of them.
     */
    public List<TaggedSentence> tagAll(List<List<String>> sentences, ForwardPassListener listener) {
        for (List<String> sentence : sentences) {
            if (sentence.isEmpty()) {
                throw new IllegalArgumentException("cannot tag an empty sentence");
            }
        }
        Integer[] order = new Integer[sentences.size()];
        Arrays.setAll(order, i -> i);
        Arrays.sort(order, Comparator.comparingInt(i -> sentences.get(i).size()));
        TaggedSentence[] results = new TaggedSentence[sentences.size()];
        for (int from = 0; from < order.length; from += MAX_BATCH) {
            List<List<String>> batch = new ArrayList<>();
            int to = Math.min(order.length, from + MAX_BATCH);
            int tokens = 0;
            for (int i = from; i < to; i++) {
                batch.add(sentences.get(order[i]));
                tokens += sentences.get(order[i]).size();
            }
            Forward forward = forward(batch);
            listener.forwardPass(batch.size(), tokens);
            for (int i = from; i < to; i++) {
                results[order[i]] = decoder.decode(sentences.get(order[i]), forward.probabilities()[i - from],
                        forward.unknown()[i - from]);
            }
        }
        return Arrays.asList(results);
    }

    /** Label probabilities per sentence, per token: {@code [sentence][token][label]}. */
    public float[][][] probabilities(List<List<String>> batch) {
        return forward(batch).probabilities();
    }

    private Forward forward(List<List<String>> batch) {
        if (lean != null) {
            LeanNetwork.Output output = lean.tag(batch, encoder);
            return new Forward(output.probabilities(), output.unknown());
        }
        INDArray output;
        boolean[][] unknown;
        int steps;
        try (InputEncoder.Encoded encoded = encoder.encode(batch)) {
            forwardLock.lock();
            try {
                // The token mask is also given as the output's label mask: the char CNN's branch
                // carries no mask, so the merge that joins it drops the mask on its way to the
                // output, and a CRF would otherwise run its chains over the padding.
                output = network.output(false, encoded.inputs(), encoder.masks(encoded),
                        new INDArray[] {encoded.mask()})[0];
            } finally {
                forwardLock.unlock();
            }
            unknown = encoded.unknown();
            steps = encoded.timeSteps();
        }
        int labelCount = labels.size();
        float[] flat;
        // Output arrays live outside workspaces; closing them frees native memory now rather than
        // whenever the garbage collector gets to their Java wrappers.
        try (output; INDArray ordered = output.dup('c')) {
            flat = ordered.data().asFloat();
        }
        float[][][] result = new float[batch.size()][][];
        for (int b = 0; b < batch.size(); b++) {
            int length = batch.get(b).size();
            float[][] sentence = new float[length][labelCount];
            for (int t = 0; t < length; t++) {
                for (int l = 0; l < labelCount; l++) {
                    sentence[t][l] = flat[(b * labelCount + l) * steps + t];
                }
            }
            result[b] = sentence;
        }
        return new Forward(result, unknown);
    }

    /** One forward pass: label probabilities {@code [sentence][token][label]} and UNK flags {@code [sentence][token]}. */
    private record Forward(float[][][] probabilities, boolean[][] unknown) {
    }
}
