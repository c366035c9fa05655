package com.seqtag.model.lean;

import com.seqtag.data.ConllReader;
import com.seqtag.data.LabeledSentence;
import com.seqtag.model.BlasKernels;
import com.seqtag.model.EmbeddingStore;
import com.seqtag.model.InputEncoder;
import com.seqtag.model.lean.kernels.Dnnl;
import com.seqtag.model.lean.kernels.KernelFactory;
import com.seqtag.model.lean.kernels.Precision;
import com.seqtag.store.BundledModel;
import com.seqtag.store.ModelArtifact;
import java.nio.file.Path;
import java.util.List;

/**
 * Report, not a test: the drift of bf16 and int8 from fp32 on a labelled CoNLL file (the valid
 * split), with the bundled model. Run by hand after the {@code -Pbenchmark} build:
 * {@code java --add-modules jdk.incubator.vector -cp target/test-classes:target/classes:$(cat target/bench-classpath.txt)
 * com.seqtag.model.lean.PrecisionDriftReport ../shared/datasets/conll2003/valid.txt}.
 */
public final class PrecisionDriftReport {

    private PrecisionDriftReport() {
    }

    public static void main(String[] args) throws Exception {
        BlasKernels.select();
        List<LabeledSentence> labelled = new ConllReader().read(Path.of(args[0]));
        List<List<String>> sentences = labelled.stream().map(LabeledSentence::words).toList();
        ModelArtifact model = BundledModel.read();
        InputEncoder encoder = new InputEncoder(model.manifest().config(),
                EmbeddingStore.withBundled().bySha256(model.manifest().embeddings().sha256()), model.vocabulary(),
                model.characters());
        Dnnl dnnl = Dnnl.runtime().orElseThrow();
        LeanNetwork reference = LeanNetwork.read(model.network(), encoder, KernelFactory.dnnl(dnnl, Precision.FP32));
        LeanNetwork blas = LeanNetwork.read(model.network(), encoder, KernelFactory.blas());
        List<String> labels = model.manifest().labels();
        System.out.println("OpenBLAS fp32 against oneDNN fp32: " + Drift.measure(reference, blas, encoder, labels, sentences, labelled));
        for (Precision precision : List.of(Precision.BF16, Precision.INT8)) {
            LeanNetwork narrowed = LeanNetwork.read(model.network(), encoder, KernelFactory.dnnl(dnnl, precision));
            System.out.println(narrowed.kernels() + ": " + Drift.measure(reference, narrowed, encoder, labels, sentences, labelled));
        }
    }
}
