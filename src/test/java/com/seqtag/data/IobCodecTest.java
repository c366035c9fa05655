package com.seqtag.data;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.List;
import org.junit.jupiter.api.Test;

class IobCodecTest {

    @Test
    void readsBeginInsideSequences() {
        assertThat(IobCodec.spans(List.of("B-PER", "I-PER", "O", "B-LOC", "O")))
                .containsExactly(new EntitySpan("PER", 0, 2), new EntitySpan("LOC", 3, 4));
    }

    @Test
    void noEntitiesInAllOutsideOrEmptySentences() {
        assertThat(IobCodec.spans(List.of("O", "O"))).isEmpty();
        assertThat(IobCodec.spans(List.of())).isEmpty();
    }

    @Test
    void insideAfterOutsideOrAtSentenceStartBeginsAnEntity() {
        assertThat(IobCodec.spans(List.of("I-PER", "I-PER", "O", "I-LOC")))
                .containsExactly(new EntitySpan("PER", 0, 2), new EntitySpan("LOC", 3, 4));
    }

    @Test
    void insideOfAnotherTypeBeginsANewEntity() {
        assertThat(IobCodec.spans(List.of("B-PER", "I-ORG", "I-ORG")))
                .containsExactly(new EntitySpan("PER", 0, 1), new EntitySpan("ORG", 1, 3));
    }

    @Test
    void adjacentBeginsAreSeparateEntities() {
        assertThat(IobCodec.spans(List.of("B-PER", "B-PER", "I-PER", "B-LOC")))
                .containsExactly(new EntitySpan("PER", 0, 1), new EntitySpan("PER", 1, 3),
                        new EntitySpan("LOC", 3, 4));
    }

    @Test
    void entityRunningToTheEndIsClosed() {
        assertThat(IobCodec.spans(List.of("O", "B-MISC", "I-MISC")))
                .containsExactly(new EntitySpan("MISC", 1, 3));
    }

    @Test
    void typesMayContainHyphensAndUnderscores() {
        assertThat(IobCodec.spans(List.of("B-WORK_OF_ART", "I-WORK_OF_ART", "B-GPE-LOC", "I-GPE-LOC", "B-PRODUCT")))
                .containsExactly(new EntitySpan("WORK_OF_ART", 0, 2), new EntitySpan("GPE-LOC", 2, 4),
                        new EntitySpan("PRODUCT", 4, 5));
    }

    @Test
    void rejectsLabelsThatAreNotIob2() {
        for (String bad : List.of("E-PER", "S-PER", "PER", "B-", "o", "")) {
            assertThatThrownBy(() -> IobCodec.spans(List.of("O", bad)))
                    .isInstanceOf(IllegalArgumentException.class)
                    .hasMessageContaining("'" + bad + "'");
        }
    }

    @Test
    void checksIob2Validity() {
        assertThat(IobCodec.isValid(List.of())).isTrue();
        assertThat(IobCodec.isValid(List.of("B-PER", "I-PER", "O", "B-LOC", "B-LOC", "I-LOC"))).isTrue();
        assertThat(IobCodec.isValid(List.of("I-PER"))).isFalse();
        assertThat(IobCodec.isValid(List.of("O", "I-PER"))).isFalse();
        assertThat(IobCodec.isValid(List.of("B-LOC", "I-PER"))).isFalse();
        assertThat(IobCodec.isValid(List.of("B-GPE-LOC", "I-GPE-LOC"))).isTrue();
    }

    @Test
    void labelsAreTheInverseOfSpans() {
        List<String> labels = List.of("B-PER", "I-PER", "O", "B-GPE-LOC", "B-GPE-LOC", "I-GPE-LOC", "O");
        assertThat(IobCodec.labels(labels.size(), IobCodec.spans(labels))).isEqualTo(labels);
        assertThat(IobCodec.labels(3, List.of())).containsExactly("O", "O", "O");
    }

    @Test
    void labelsRefuseSpansThatOverlapOrReachPastTheSentence() {
        assertThatThrownBy(() -> IobCodec.labels(2, List.of(new EntitySpan("PER", 1, 3))))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("past");
        assertThatThrownBy(() -> IobCodec.labels(4, List.of(new EntitySpan("PER", 0, 2), new EntitySpan("LOC", 1, 3))))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("overlaps");
    }

    @Test
    void entityTypesAndLabelSetKeepHyphenatedTypesWhole() {
        List<String> types = IobCodec.entityTypes(List.of("O", "B-creative-work", "I-creative-work", "I-PER", "B-PER"));
        assertThat(types).containsExactly("PER", "creative-work");
        assertThat(IobCodec.labelSet(types))
                .containsExactly("O", "B-PER", "I-PER", "B-creative-work", "I-creative-work");
    }

    @Test
    void parsedLabelsKnowTheirKindTypeAndSpelling() {
        IobLabel label = IobLabel.parse("I-GPE-LOC");
        assertThat(label.isInside()).isTrue();
        assertThat(label.type()).isEqualTo("GPE-LOC");
        assertThat(label).hasToString("I-GPE-LOC");
        assertThat(IobLabel.parse("O").isOutside()).isTrue();
        assertThat(IobLabel.parse("B-PER").mayFollow(IobLabel.outside())).isTrue();
        assertThat(IobLabel.parse("I-PER").mayFollow(IobLabel.parse("B-LOC"))).isFalse();
        assertThat(IobLabel.isValid("B-PER")).isTrue();
        for (String bad : List.of("E-PER", "B-", "B-NEW YORK", "o", "")) {
            assertThat(IobLabel.isValid(bad)).as(bad).isFalse();
        }
    }
}
