package com.seqtag.model;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.List;
import org.junit.jupiter.api.Test;

class BioDecoderTest {

    @Test
    void readsBeginInsideSequences() {
        assertThat(BioDecoder.spans(List.of("B-PER", "I-PER", "O", "B-LOC", "O")))
                .containsExactly(new EntitySpan("PER", 0, 2), new EntitySpan("LOC", 3, 4));
    }

    @Test
    void noEntitiesInAllOutsideOrEmptySentences() {
        assertThat(BioDecoder.spans(List.of("O", "O"))).isEmpty();
        assertThat(BioDecoder.spans(List.of())).isEmpty();
    }

    @Test
    void insideAfterOutsideOrAtSentenceStartBeginsAnEntity() {
        assertThat(BioDecoder.spans(List.of("I-PER", "I-PER", "O", "I-LOC")))
                .containsExactly(new EntitySpan("PER", 0, 2), new EntitySpan("LOC", 3, 4));
    }

    @Test
    void insideOfAnotherTypeBeginsANewEntity() {
        assertThat(BioDecoder.spans(List.of("B-PER", "I-ORG", "I-ORG")))
                .containsExactly(new EntitySpan("PER", 0, 1), new EntitySpan("ORG", 1, 3));
    }

    @Test
    void adjacentBeginsAreSeparateEntities() {
        assertThat(BioDecoder.spans(List.of("B-PER", "B-PER", "I-PER", "B-LOC")))
                .containsExactly(new EntitySpan("PER", 0, 1), new EntitySpan("PER", 1, 3),
                        new EntitySpan("LOC", 3, 4));
    }

    @Test
    void entityRunningToTheEndIsClosed() {
        assertThat(BioDecoder.spans(List.of("O", "B-MISC", "I-MISC")))
                .containsExactly(new EntitySpan("MISC", 1, 3));
    }

    @Test
    void typesMayContainHyphensAndUnderscores() {
        assertThat(BioDecoder.spans(List.of("B-WORK_OF_ART", "I-WORK_OF_ART", "B-GPE-LOC", "I-GPE-LOC", "B-PRODUCT")))
                .containsExactly(new EntitySpan("WORK_OF_ART", 0, 2), new EntitySpan("GPE-LOC", 2, 4),
                        new EntitySpan("PRODUCT", 4, 5));
    }

    @Test
    void rejectsLabelsThatAreNotIob2() {
        for (String bad : List.of("E-PER", "S-PER", "PER", "B-", "o", "")) {
            assertThatThrownBy(() -> BioDecoder.spans(List.of("O", bad)))
                    .isInstanceOf(IllegalArgumentException.class)
                    .hasMessageContaining("'" + bad + "'");
        }
    }
}
