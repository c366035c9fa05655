package com.seqtag.bench;

import com.seqtag.data.LabeledSentence;
import com.seqtag.model.BlasKernels;
import com.seqtag.model.NativeThreads;
import com.seqtag.training.EntityEvaluator;
import com.seqtag.training.EvaluationReport;
import java.util.List;
import java.util.Locale;
import java.util.function.Supplier;

/**
 * Entity precision, recall and F1 (counted like conlleval) of SeqTag and the baselines on the valid
 * split, printed as a markdown table; also trains the OpenNLP baseline if it is not cached yet.
 * Arguments: names of taggers to score ({@code seqtag}, {@code opennlp}, {@code corenlp}); all by default.
 */
public final class AccuracyReport {

    private AccuracyReport() {
    }

    /** Prints the table to standard output; progress goes to standard error. */
    public static void main(String[] args) {
        BlasKernels.select();
        NativeThreads.limitTo(1);
        List<String> wanted = args.length == 0 ? List.of("seqtag", "opennlp", "corenlp") : List.of(args);
        List<LabeledSentence> sentences = Corpus.valid().sentences();
        StringBuilder table = new StringBuilder()
                .append("| tagger | valid precision | valid recall | valid F1 | tag time (s, 1 thread) |\n")
                .append("|---|---:|---:|---:|---:|\n");
        for (String name : wanted) {
            Supplier<SentenceTagger> loader = switch (name) {
                case "seqtag" -> SeqTagTagger::bundled;
                case "opennlp" -> OpenNlpTagger::trainedOrCached;
                case "corenlp" -> CoreNlpTagger::conll4Class;
                default -> throw new IllegalArgumentException("unknown tagger " + name + "; use seqtag, opennlp or corenlp");
            };
            SentenceTagger tagger = loader.get();
            long start = System.nanoTime();
            EvaluationReport.Scores scores = score(tagger, sentences).overall();
            double seconds = (System.nanoTime() - start) / 1e9;
            System.err.printf(Locale.ROOT, "%s: F1 %.2f in %.1f s%n", tagger.name(), scores.f1(), seconds);
            table.append(String.format(Locale.ROOT, "| %s | %.2f | %.2f | %.2f | %.1f |%n",
                    tagger.name(), scores.precision(), scores.recall(), scores.f1(), seconds));
        }
        System.out.print(table);
    }

    private static EvaluationReport score(SentenceTagger tagger, List<LabeledSentence> sentences) {
        EntityEvaluator evaluator = new EntityEvaluator();
        if (tagger instanceof SeqTagTagger seqTag) {
            List<List<String>> predicted = seqTag.labelsAll(sentences.stream().map(LabeledSentence::words).toList());
            for (int i = 0; i < sentences.size(); i++) {
                evaluator.add(sentences.get(i).labels(), predicted.get(i));
            }
        } else {
            for (LabeledSentence sentence : sentences) {
                evaluator.add(sentence.labels(), tagger.labels(sentence.words()));
            }
        }
        return evaluator.report();
    }
}
