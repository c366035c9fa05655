package com.seqtag.api;

import com.seqtag.inference.DocumentToken;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import com.seqtag.api.TokenGroups.Group;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

/** The "simple" aggregation of transformers' token-classification pipeline, case by case. */
class TokenGroupsTest {

    @Test
    void anEntityIsItsBeginAndInsideTokensScoredByTheirMean() {
        List<Group> groups = TokenGroups.simple(tokens("B-PER:0.9", "I-PER:0.7", "O:1.0", "B-LOC:0.8"));

        assertThat(groups).extracting(Group::type).containsExactly("PER", "O", "LOC");
        assertThat(groups.get(0).firstToken()).isZero();
        assertThat(groups.get(0).endToken()).isEqualTo(2);
        assertThat(groups.get(0).score()).isCloseTo(0.8, within(1e-12));
        assertThat(groups.get(2).firstToken()).isEqualTo(3);
        assertThat(groups.get(2).endToken()).isEqualTo(4);
    }

    @Test
    void twoBeginTagsInARowAreTwoEntities() {
        assertThat(TokenGroups.simple(tokens("B-MISC:0.9", "B-MISC:0.8", "I-MISC:0.6")))
                .extracting(g -> g.type() + " " + g.firstToken() + ".." + g.endToken())
                .containsExactly("MISC 0..1", "MISC 1..3");
    }

    @Test
    void consecutiveOutsideTokensFormOneRun() {
        List<Group> groups = TokenGroups.simple(tokens("O:1.0", "O:0.5", "B-ORG:0.9", "O:0.7"));

        assertThat(groups).extracting(g -> g.type() + " " + g.firstToken() + ".." + g.endToken())
                .containsExactly("O 0..2", "ORG 2..3", "O 3..4");
        assertThat(groups.get(0).score()).isCloseTo(0.75, within(1e-12));
    }

    @Test
    void anInsideTagStartsAGroupWhenTheTypeChangesOrNothingPrecedesIt() {
        // Argmax decoding can produce such sequences; transformers starts a new group at each.
        assertThat(TokenGroups.simple(tokens("I-PER:0.6", "I-LOC:0.5", "O:0.9", "I-LOC:0.4", "I-LOC:0.8")))
                .extracting(g -> g.type() + " " + g.firstToken() + ".." + g.endToken())
                .containsExactly("PER 0..1", "LOC 1..2", "O 2..3", "LOC 3..5");
    }

    @Test
    void typesWithHyphensStayWholeAndNoTokensMeansNoGroups() {
        assertThat(TokenGroups.simple(tokens("B-DATE-TIME:0.9", "I-DATE-TIME:0.9")))
                .extracting(Group::type).containsExactly("DATE-TIME");
        assertThat(TokenGroups.simple(List.of())).isEmpty();
    }

    /** Tokens from "LABEL:score" specs, one character each, separated by spaces. */
    private static List<DocumentToken> tokens(String... specs) {
        List<DocumentToken> tokens = new ArrayList<>();
        for (int i = 0; i < specs.length; i++) {
            String[] parts = specs[i].split(":");
            tokens.add(new DocumentToken("w" + i, 3 * i, 3 * i + 2, parts[0], Double.parseDouble(parts[1]), false));
        }
        return tokens;
    }
}
