package com.seqtag.bench;

import com.seqtag.decoding.TaggedSentence;
import com.seqtag.decoding.TaggedToken;
import com.seqtag.model.EmbeddingStore;
import com.seqtag.model.lean.PrecisionSetting;
import com.seqtag.model.Tagger;
import com.seqtag.store.BundledModel;
import com.seqtag.store.ModelArtifact;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Path;
import java.util.List;

/** The model bundled on the class path, loaded the way the service loads it. */
public final class SeqTagTagger implements SentenceTagger {

    private final Tagger tagger;

    private SeqTagTagger(Tagger tagger) {
        this.tagger = tagger;
    }

    /** Loads {@code models/default.seqtag} with the bundled embeddings, in fp32. */
    public static SeqTagTagger bundled() {
        return bundled(PrecisionSetting.FP32);
    }

    /** Loads {@code models/default.seqtag} with the bundled embeddings, its products in {@code precision}. */
    public static SeqTagTagger bundled(PrecisionSetting precision) {
        try {
            return new SeqTagTagger(BundledModel.read().tagger(EmbeddingStore.withBundled(), precision));
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /**
     * {@code "bundled"}, or a {@code .seqtag} file: so that two models can be measured side by side
     * in one JMH run ({@code -p model=bundled,/path/other.seqtag}).
     */
    public static SeqTagTagger of(String model) {
        return of(model, PrecisionSetting.FP32);
    }

    /** {@link #of(String)} with the lean path's products in {@code precision}. */
    public static SeqTagTagger of(String model, PrecisionSetting precision) {
        if (model.equals("bundled")) {
            return bundled(precision);
        }
        try {
            return new SeqTagTagger(ModelArtifact.read(Path.of(model)).tagger(EmbeddingStore.withBundled(), precision));
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** The underlying tagger. */
    public Tagger tagger() {
        return tagger;
    }

    @Override
    public String name() {
        return "SeqTag (bundled)";
    }

    @Override
    public List<String> labels(List<String> words) {
        return labels(tagger.tag(words));
    }

    /** The labels of many sentences, tagged in batches as the service does. */
    public List<List<String>> labelsAll(List<List<String>> sentences) {
        return tagger.tagAll(sentences).stream().map(SeqTagTagger::labels).toList();
    }

    private static List<String> labels(TaggedSentence sentence) {
        return sentence.tokens().stream().map(TaggedToken::label).toList();
    }
}
