package com.seqtag.bench;

import com.seqtag.data.EntitySpan;
import com.seqtag.data.IobCodec;
import com.seqtag.data.IobLabel;
import edu.stanford.nlp.ie.crf.CRFClassifier;
import edu.stanford.nlp.ling.CoreAnnotations;
import edu.stanford.nlp.ling.CoreLabel;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/**
 * Stanford CoreNLP's {@link CRFClassifier} with its CoNLL 4-class model
 * ({@code english.conll.4class.distsim}) from the {@code stanford-corenlp:models} jar. Its IO
 * answers (PERSON, LOCATION, ...) are turned into IOB2 with CoNLL's type names.
 */
public final class CoreNlpTagger implements SentenceTagger {

    /** Class-path location of the model. */
    public static final String MODEL = "edu/stanford/nlp/models/ner/english.conll.4class.distsim.crf.ser.gz";

    private static final Map<String, String> TYPES = Map.of(
            "PERSON", "PER", "LOCATION", "LOC", "ORGANIZATION", "ORG", "MISC", "MISC");

    private final CRFClassifier<CoreLabel> classifier;

    private CoreNlpTagger(CRFClassifier<CoreLabel> classifier) {
        this.classifier = classifier;
    }

    /** Loads the model from the class path. */
    public static CoreNlpTagger conll4Class() {
        try {
            return new CoreNlpTagger(CRFClassifier.getClassifier(MODEL));
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        } catch (ClassNotFoundException e) {
            throw new IllegalStateException(e);
        }
    }

    @Override
    public String name() {
        return "Stanford CoreNLP CRFClassifier";
    }

    @Override
    public List<String> labels(List<String> words) {
        List<CoreLabel> tokens = new ArrayList<>(words.size());
        for (String word : words) {
            CoreLabel token = new CoreLabel();
            token.setWord(word);
            token.setOriginalText(word);
            token.setValue(word);
            tokens.add(token);
        }
        List<CoreLabel> answers = classifier.classifySentence(tokens);
        List<EntitySpan> spans = new ArrayList<>();
        int start = -1;
        String open = null;
        for (int t = 0; t <= answers.size(); t++) {
            String answer = t < answers.size() ? answers.get(t).get(CoreAnnotations.AnswerAnnotation.class) : "O";
            boolean begins = IobLabel.isValid(answer) && IobLabel.parse(answer).isBegin();
            String type = type(answer);
            if (open != null && (begins || !open.equals(type))) {
                spans.add(new EntitySpan(open, start, t));
                open = null;
            }
            if (type != null && open == null) {
                open = type;
                start = t;
            }
        }
        return IobCodec.labels(words.size(), spans);
    }

    /** The CoNLL type of an answer, or null for outside; accepts IO ({@code PERSON}) and IOB ({@code B-PER}). */
    private String type(String answer) {
        if (answer == null || answer.equals("O") || answer.equals(classifier.backgroundSymbol())) {
            return null;
        }
        String bare = IobLabel.isValid(answer) ? IobLabel.parse(answer).type() : answer;
        return TYPES.getOrDefault(bare, bare);
    }
}
