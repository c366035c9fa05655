package com.seqtag.inference;

import com.seqtag.model.LoadedModel;
import com.seqtag.model.ModelRegistry;
import com.seqtag.model.ScoredEntity;
import com.seqtag.model.TaggedSentence;
import com.seqtag.model.TaggedToken;
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

    public DocumentTagger(ModelRegistry registry, Tokenizer tokenizer, SentenceSplitter splitter) {
        this.registry = registry;
        this.tokenizer = tokenizer;
        this.splitter = splitter;
    }

    /** Tags raw text. */
    public TaggedDocument tagText(String text) {
        return tag(text, tokenizer.tokenize(text));
    }

    /**
     * Tags text that is already tokenized; offsets then refer to the tokens joined by single spaces.
     */
    public TaggedDocument tagTokens(List<String> words) {
        StringBuilder joined = new StringBuilder();
        List<Token> tokens = new ArrayList<>(words.size());
        for (String word : words) {
            if (joined.length() > 0) {
                joined.append(' ');
            }
            tokens.add(new Token(word, joined.length(), joined.length() + word.length()));
            joined.append(word);
        }
        return tag(joined.toString(), tokens);
    }

    private TaggedDocument tag(String text, List<Token> tokens) {
        // Capture the model once: a swap during this call must not mix two models in one answer.
        LoadedModel model = registry.active();
        if (tokens.isEmpty()) {
            return new TaggedDocument(model.version(), text, List.of(), List.of());
        }
        List<List<Token>> sentences = splitter.split(text, tokens);
        List<List<String>> words = new ArrayList<>(sentences.size());
        for (List<Token> sentence : sentences) {
            words.add(sentence.stream().map(Token::text).toList());
        }
        List<TaggedSentence> tagged = model.tagger().tagAll(words);

        List<DocumentToken> documentTokens = new ArrayList<>(tokens.size());
        List<DocumentEntity> entities = new ArrayList<>();
        for (int s = 0; s < sentences.size(); s++) {
            List<Token> sentence = sentences.get(s);
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
        return new TaggedDocument(model.version(), text, documentTokens, entities);
    }
}
