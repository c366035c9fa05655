package com.seqtag.model.lean;

import static org.assertj.core.api.Assertions.assertThat;

import com.seqtag.data.ConllReader;
import com.seqtag.data.LabeledSentence;
import com.seqtag.model.EmbeddingStore;
import com.seqtag.model.InputEncoder;
import com.seqtag.model.lean.kernels.Dnnl;
import com.seqtag.model.lean.kernels.KernelFactory;
import com.seqtag.model.lean.kernels.Precision;
import com.seqtag.store.BundledModel;
import com.seqtag.store.ModelArtifact;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

/**
 * The narrowed precisions answer what fp32 answers, on the bundled model: over the fixture
 * sentences and the probe text, at least 99.9 % of tokens get the fp32 label, entity F1 on the
 * labelled fixtures stays within 0.05 points, and no token's score moves by more than
 * {@link PrecisionCheck#SCORE_TOLERANCE}. The narrowed networks are built whatever the CPU offers
 * (oneDNN emulates what it lacks), so these run on every machine; what the service would choose
 * here is checked separately.
 */
class PrecisionDriftTest {

    private static ModelArtifact model;
    private static InputEncoder encoder;
    private static List<LabeledSentence> labelled;
    private static List<List<String>> sentences;

    @BeforeAll
    static void readModel() throws Exception {
        model = BundledModel.read();
        EmbeddingStore store = EmbeddingStore.withBundled();
        encoder = new InputEncoder(model.manifest().config(), store.bySha256(model.manifest().embeddings().sha256()),
                model.vocabulary(), model.characters());
        labelled = new ArrayList<>();
        for (String fixture : List.of("tiny-train.conll", "tiny-valid.conll")) {
            labelled.addAll(new ConllReader().read(Path.of("src/test/resources/fixtures", fixture)));
        }
        sentences = new ArrayList<>(labelled.stream().map(LabeledSentence::words).toList());
        sentences.addAll(PrecisionCheck.probe());
    }

    @ParameterizedTest
    @EnumSource(value = Precision.class, names = {"BF16", "INT8"})
    void narrowedProductsKeepTheLabelsScoresAndF1OfFp32(Precision precision) throws Exception {
        Dnnl dnnl = Dnnl.runtime().orElseThrow(() -> new AssertionError("oneDNN must load on the test machine"));
        LeanNetwork reference = LeanNetwork.read(model.network(), encoder, KernelFactory.dnnl(dnnl, Precision.FP32));
        LeanNetwork narrowed = LeanNetwork.read(model.network(), encoder, KernelFactory.dnnl(dnnl, precision));
        assertThat(narrowed.precision()).isEqualTo(precision);

        Drift drift = Drift.measure(reference, narrowed, encoder, model.manifest().labels(), sentences, labelled);
        assertThat(drift.tokens()).isGreaterThan(900);
        assertThat(drift.agreement()).as(precision + " label agreement").isGreaterThanOrEqualTo(PrecisionCheck.LABEL_AGREEMENT);
        assertThat(drift.largestScoreDifference()).as(precision + " largest score difference")
                .isLessThanOrEqualTo(PrecisionCheck.SCORE_TOLERANCE);
        assertThat(Math.abs(drift.narrowedF1() - drift.referenceF1())).as(precision + " entity F1 difference")
                .isLessThanOrEqualTo(0.05);
        // The fixtures are easy for the bundled model: the check above compares real entity sets.
        assertThat(drift.referenceF1()).isGreaterThan(80);
    }

    @Test
    void theOpenBlasFallbackAnswersAsOneDnnDoesInFp32() throws Exception {
        Dnnl dnnl = Dnnl.runtime().orElseThrow();
        LeanNetwork onednn = LeanNetwork.read(model.network(), encoder, KernelFactory.dnnl(dnnl, Precision.FP32));
        LeanNetwork openblas = LeanNetwork.read(model.network(), encoder, KernelFactory.blas());
        Drift drift = Drift.measure(onednn, openblas, encoder, model.manifest().labels(), sentences, labelled);
        assertThat(drift.sameLabel()).isEqualTo(drift.tokens());
        assertThat(drift.largestScoreDifference()).isLessThan(1e-4);
        // and a second pass, answered from the projection cache, is the first one again
        assertThat(Drift.measure(onednn, onednn, encoder, model.manifest().labels(), sentences, labelled)
                .largestScoreDifference()).isZero();
    }

    @Test
    void theLoadTimeCheckRejectsANetworkThatDrifted() {
        float[][][] reference = {{{0.9f, 0.1f}, {0.2f, 0.8f}}};
        float[][][] flipped = {{{0.9f, 0.1f}, {0.6f, 0.4f}}};
        float[][][] close = {{{0.89f, 0.11f}, {0.21f, 0.79f}}};
        assertThat(PrecisionCheck.compare(reference, flipped).passes()).isFalse();
        assertThat(PrecisionCheck.compare(reference, close).passes()).isTrue();
        assertThat(PrecisionCheck.compare(reference, close).largestScoreDifference()).isCloseTo(0.01, org.assertj.core.data.Offset.offset(1e-6));
    }

    @Test
    void autoTakesANativePrecisionThatPassedAndNamedOnesAreHonoured() {
        Dnnl dnnl = Dnnl.runtime().orElseThrow();
        Precision chosen = LeanNetwork.of(model.network(), encoder, PrecisionSetting.AUTO).orElseThrow().precision();
        assertThat(dnnl.supports(chosen)).as("auto chose " + chosen).isTrue();
        assertThat(LeanNetwork.of(model.network(), encoder, PrecisionSetting.FP32).orElseThrow().precision())
                .isEqualTo(Precision.FP32);
        for (Precision named : List.of(Precision.BF16, Precision.INT8)) {
            Precision got = LeanNetwork.of(model.network(), encoder, PrecisionSetting.valueOf(named.name()))
                    .orElseThrow().precision();
            // A named format the CPU lacks falls back to the other narrow one (both pass here), else fp32.
            Precision other = named == Precision.BF16 ? Precision.INT8 : Precision.BF16;
            assertThat(got).isEqualTo(dnnl.supports(named) ? named : dnnl.supports(other) ? other : Precision.FP32);
        }
    }

    @Test
    void autoTakesANarrowedPrecisionOnlyWhenItIsClearlyFaster() {
        assertThat(PrecisionCheck.fastest(Map.of(Precision.FP32, 3.0, Precision.BF16, 2.0, Precision.INT8, 2.4)))
                .isEqualTo(Precision.BF16);
        assertThat(PrecisionCheck.fastest(Map.of(Precision.FP32, 3.0, Precision.INT8, 2.8))).isEqualTo(Precision.FP32);
        assertThat(PrecisionCheck.fastest(Map.of(Precision.FP32, 3.0, Precision.BF16, 4.0, Precision.INT8, 2.5)))
                .isEqualTo(Precision.INT8);
        assertThat(PrecisionCheck.fastest(Map.of(Precision.FP32, 3.0))).isEqualTo(Precision.FP32);
    }
}
