package com.seqtag.inference;

import com.seqtag.decoding.ScoredEntity;
import com.seqtag.decoding.TaggedSentence;
import com.seqtag.decoding.TaggedToken;
import com.seqtag.registry.LoadedModel;
import com.seqtag.registry.ModelRegistry;
import com.seqtag.text.SentenceSplitter;
import com.seqtag.text.Token;
import com.seqtag.text.Tokenizer;
import java.util.ArrayList;
import java.util.List;

/**
 * Tags whole documents: tokenizes text keeping offsets, splits it into sentences, tags every
 * sentence with the model active when the call began, and maps labels and entities back onto the
 * original text.
 */
public final class DocumentTagger {

    private final ModelRegistry registry;
    private final Tokenizer tokenizer;
    private final SentenceSplitter splitter;
    private final InferenceQueue queue;
    private final TaggingListener listener;

    /**
     * @param queue runs the forward passes, batched with other callers' sentences
     */
    public DocumentTagger(ModelRegistry registry, Tokenizer tokenizer, SentenceSplitter splitter, InferenceQueue queue) {
        this(registry, tokenizer, splitter, queue, TaggingListener.NONE);
    }

    /**
     * @param queue    runs the forward passes, batched with other callers' sentences
     * @param listener told about every answered call (metrics)
     */
    public DocumentTagger(ModelRegistry registry, Tokenizer tokenizer, SentenceSplitter splitter, InferenceQueue queue,
                          TaggingListener listener) {
        this.registry = registry;
        this.tokenizer = tokenizer;
        this.splitter = splitter;
        this.queue = queue;
        this.listener = listener;
    }

    /** Tags raw text. */
    public TaggedDocument tagText(String text) {
        return tagAll(List.of(new DocumentInput.Text(text))).get(0);
    }

    /**
     * Tags text that is already tokenized; offsets then refer to the tokens joined by single spaces.
     */
    public TaggedDocument tagTokens(List<String> words) {
        return tagAll(List.of(new DocumentInput.Tokens(words))).get(0);
    }

    /**
     * Tags several documents with one model: the sentences of all of them go to the inference queue
     * together (where they may also share forward passes with other callers' sentences), so short
     * documents do not each pay for their own pass. Each answer is the one the document would get
     * alone: padding is masked, and batching changes only the summation order of float products.
     * Answers come in input order.
     */
    public List<TaggedDocument> tagAll(List<? extends DocumentInput> documents) {
        // Capture the model once: a swap during this call must not mix two models in one answer.
        LoadedModel model = registry.active();
        List<Prepared> prepared = new ArrayList<>(documents.size());
        List<List<String>> words = new ArrayList<>();
        int tokens = 0;
        for (DocumentInput document : documents) {
            Prepared one = prepare(document);
            prepared.add(one);
            for (List<Token> sentence : one.sentences()) {
                words.add(sentence.stream().map(Token::text).toList());
                tokens += sentence.size();
            }
        }
        List<TaggedSentence> tagged = queue.tag(model, words);
        List<TaggedDocument> results = new ArrayList<>(prepared.size());
        int next = 0;
        for (Prepared one : prepared) {
            int count = one.sentences().size();
            results.add(assemble(model.version(), one, tagged.subList(next, next + count)));
            next += count;
        }
        listener.tagged(documents.size(), words.size(), tokens);
        return results;
    }

    private Prepared prepare(DocumentInput document) {
        String text;
        List<Token> tokens;
        if (document instanceof DocumentInput.Text raw) {
            text = raw.text();
            tokens = tokenizer.tokenize(text);
        } else {
            List<String> words = ((DocumentInput.Tokens) document).words();
            StringBuilder joined = new StringBuilder();
            tokens = new ArrayList<>(words.size());
            for (String word : words) {
                if (joined.length() > 0) {
                    joined.append(' ');
                }
                tokens.add(new Token(word, joined.length(), joined.length() + word.length()));
                joined.append(word);
            }
            text = joined.toString();
        }
        return new Prepared(text, tokens.isEmpty() ? List.of() : splitter.split(text, tokens));
    }

    private static TaggedDocument assemble(String version, Prepared document, List<TaggedSentence> tagged) {
        String text = document.text();
        List<DocumentToken> documentTokens = new ArrayList<>();
        List<DocumentEntity> entities = new ArrayList<>();
        for (int s = 0; s < document.sentences().size(); s++) {
            List<Token> sentence = document.sentences().get(s);
            TaggedSentence result = tagged.get(s);
            for (int t = 0; t < sentence.size(); t++) {
                Token token = sentence.get(t);
                TaggedToken label = result.tokens().get(t);
                documentTokens.add(new DocumentToken(token.text(), token.start(), token.end(), label.label(),
                        label.score(), label.unknown()));
            }
            for (ScoredEntity entity : result.entities()) {
                int start = sentence.get(entity.span().firstToken()).start();
                int end = sentence.get(entity.span().endToken() - 1).end();
                entities.add(new DocumentEntity(text.substring(start, end), entity.span().type(), start, end,
                        entity.score()));
            }
        }
        return new TaggedDocument(version, text, documentTokens, entities);
    }

    /** A document tokenized and split, ready for the forward pass. */
    private record Prepared(String text, List<List<Token>> sentences) {
    }
}
