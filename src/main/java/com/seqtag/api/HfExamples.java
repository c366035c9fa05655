package com.seqtag.api;

/** Request and response examples shown in Swagger UI for {@code POST /hf/token-classification}. */
final class HfExamples {

    static final String SIMPLE_REQUEST = """
            {"inputs": "EU rejects German call to boycott British lamb. Peter Blackburn reports from Brussels."}""";

    static final String NONE_REQUEST = """
            {"inputs": "Peter Blackburn reports from Brussels.", "parameters": {"aggregation_strategy": "none"}}""";

    static final String LIST_REQUEST = """
            {"inputs": ["\uD83C\uDF89 Peter Blackburn reports.", "EU rejects German call."],
             "parameters": {"aggregation_strategy": "simple", "ignore_labels": ["O", "MISC"]}}""";

    static final String SIMPLE_RESPONSE = """
            [
              {"entity_group": "ORG", "score": 0.999827, "word": "EU", "start": 0, "end": 2},
              {"entity_group": "MISC", "score": 0.999857, "word": "German", "start": 11, "end": 17},
              {"entity_group": "MISC", "score": 0.999901, "word": "British", "start": 34, "end": 41},
              {"entity_group": "PER", "score": 0.999473, "word": "Peter Blackburn", "start": 48, "end": 63},
              {"entity_group": "LOC", "score": 0.999307, "word": "Brussels", "start": 77, "end": 85}
            ]""";

    static final String NONE_RESPONSE = """
            [
              {"entity": "B-PER", "score": 0.999706, "index": 0, "word": "Peter", "start": 0, "end": 5},
              {"entity": "I-PER", "score": 0.999239, "index": 1, "word": "Blackburn", "start": 6, "end": 15},
              {"entity": "B-LOC", "score": 0.999307, "index": 4, "word": "Brussels", "start": 29, "end": 37}
            ]""";

    static final String LIST_RESPONSE = """
            [
              [{"entity_group": "PER", "score": 0.998365, "word": "Peter Blackburn", "start": 2, "end": 17}],
              [{"entity_group": "ORG", "score": 0.999838, "word": "EU", "start": 0, "end": 2}]
            ]""";

    private HfExamples() {
    }
}
