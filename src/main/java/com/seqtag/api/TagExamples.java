package com.seqtag.api;

/** Request and response examples shown in Swagger UI for {@code POST /tag} and {@code POST /tag/batch}. */
final class TagExamples {

    static final String TEXT_REQUEST = """
            {"text": "EU rejects German call to boycott British lamb. Peter Blackburn reports from Brussels."}""";

    static final String TOKENS_REQUEST = """
            {"tokens": ["EU", "rejects", "German", "call", "to", "boycott", "British", "lamb", "."]}""";

    static final String RESPONSE = """
            {
              "model": "ner-20261123-080011-fcbf6fb1",
              "tokens": [
                {"text": "EU", "start": 0, "end": 2, "label": "B-ORG", "score": 0.991, "unk": false},
                {"text": "rejects", "start": 3, "end": 10, "label": "O", "score": 0.999, "unk": false},
                {"text": "German", "start": 11, "end": 17, "label": "B-MISC", "score": 0.997, "unk": false},
                {"text": "call", "start": 18, "end": 22, "label": "O", "score": 0.999, "unk": false},
                {"text": "to", "start": 23, "end": 25, "label": "O", "score": 0.999, "unk": false},
                {"text": "boycott", "start": 26, "end": 33, "label": "O", "score": 0.999, "unk": false},
                {"text": "British", "start": 34, "end": 41, "label": "B-MISC", "score": 0.996, "unk": false},
                {"text": "lamb", "start": 42, "end": 46, "label": "O", "score": 0.998, "unk": false},
                {"text": ".", "start": 46, "end": 47, "label": "O", "score": 0.999, "unk": false},
                {"text": "Peter", "start": 48, "end": 53, "label": "B-PER", "score": 0.998, "unk": false},
                {"text": "Blackburn", "start": 54, "end": 63, "label": "I-PER", "score": 0.998, "unk": false},
                {"text": "reports", "start": 64, "end": 71, "label": "O", "score": 0.999, "unk": false},
                {"text": "from", "start": 72, "end": 76, "label": "O", "score": 0.999, "unk": false},
                {"text": "Brussels", "start": 77, "end": 85, "label": "B-LOC", "score": 0.995, "unk": false},
                {"text": ".", "start": 85, "end": 86, "label": "O", "score": 0.999, "unk": false}
              ],
              "entities": [
                {"text": "EU", "type": "ORG", "start": 0, "end": 2, "score": 0.991},
                {"text": "German", "type": "MISC", "start": 11, "end": 17, "score": 0.997},
                {"text": "British", "type": "MISC", "start": 34, "end": 41, "score": 0.996},
                {"text": "Peter Blackburn", "type": "PER", "start": 48, "end": 63, "score": 0.998},
                {"text": "Brussels", "type": "LOC", "start": 77, "end": 85, "score": 0.995}
              ]
            }""";

    static final String CODEPOINT_REQUEST = """
            {"text": "\uD83C\uDF89 Peter Blackburn reports from Brussels.", "offsetUnit": "codepoint"}""";

    static final String BATCH_REQUEST = """
            {
              "documents": [
                {"text": "Peter Blackburn reports from Brussels."},
                {"text": "   "},
                {"tokens": ["EU", "rejects", "German", "call"]}
              ],
              "offsetUnit": "utf16"
            }""";

    static final String BATCH_RESPONSE = """
            {
              "results": [
                {
                  "model": "ner-20261123-080011-fcbf6fb1",
                  "tokens": [
                    {"text": "Peter", "start": 0, "end": 5, "label": "B-PER", "score": 0.999706, "unk": false},
                    {"text": "Blackburn", "start": 6, "end": 15, "label": "I-PER", "score": 0.999239, "unk": false},
                    {"text": "reports", "start": 16, "end": 23, "label": "O", "score": 1.0, "unk": false},
                    {"text": "from", "start": 24, "end": 28, "label": "O", "score": 1.0, "unk": false},
                    {"text": "Brussels", "start": 29, "end": 37, "label": "B-LOC", "score": 0.999307, "unk": false},
                    {"text": ".", "start": 37, "end": 38, "label": "O", "score": 0.999533, "unk": false}
                  ],
                  "entities": [
                    {"text": "Peter Blackburn", "type": "PER", "start": 0, "end": 15, "score": 0.998945},
                    {"text": "Brussels", "type": "LOC", "start": 29, "end": 37, "score": 0.999016}
                  ]
                },
                {
                  "error": {
                    "status": 400,
                    "title": "Invalid request",
                    "detail": "\\"documents[1].text\\" is empty or only whitespace; there is nothing to tag"
                  }
                },
                {
                  "model": "ner-20261123-080011-fcbf6fb1",
                  "tokens": [
                    {"text": "EU", "start": 0, "end": 2, "label": "B-ORG", "score": 0.99986, "unk": false},
                    {"text": "rejects", "start": 3, "end": 10, "label": "O", "score": 0.999999, "unk": false},
                    {"text": "German", "start": 11, "end": 17, "label": "B-MISC", "score": 0.999843, "unk": false},
                    {"text": "call", "start": 18, "end": 22, "label": "O", "score": 0.999976, "unk": false}
                  ],
                  "entities": [
                    {"text": "EU", "type": "ORG", "start": 0, "end": 2, "score": 0.99986},
                    {"text": "German", "type": "MISC", "start": 11, "end": 17, "score": 0.999826}
                  ]
                }
              ]
            }""";

    private TagExamples() {
    }
}
