package com.seqtag.spark;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import com.seqtag.support.HttpTestClient;
import com.seqtag.support.ServiceProcess;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.api.io.TempDir;

/**
 * Spark's answers are the service's: the service runs as its own process ({@code java -jar
 * target/seqtag.jar}, started by the service's own test support) and answers {@code POST /tag} over HTTP; TagCorpus tags the same texts with the
 * same (bundled) model on a local master; every token's label, offsets and score, and every entity,
 * must be the same.
 */
@ExtendWith(LocalMaster.class)
class ServiceEqualityIT {

    private static final ObjectMapper JSON = new ObjectMapper();

    @TempDir
    static Path dir;

    private static ServiceProcess service;

    @BeforeAll
    static void startService() throws Exception {
        // Both in fp32 (TagCorpus's default), so that what is compared to the sixth decimal is the
        // tagging path, not the number format each one's load-time timing would choose.
        service = ServiceProcess.start(dir.resolve("models"), dir, null, List.of("--seqtag.inference.precision=fp32"),
                Map.of(), true);
    }

    @AfterAll
    static void stopService() throws InterruptedException {
        if (service != null) {
            service.close();
        }
    }

    @Test
    void tagCorpusAnswersAsPostTagDoes() throws Exception {
        List<String> texts = documents();
        Path input = dir.resolve("docs.jsonl");
        StringBuilder lines = new StringBuilder();
        for (int i = 0; i < texts.size(); i++) {
            ObjectNode line = JSON.createObjectNode().put("id", "doc-" + i).put("text", texts.get(i));
            lines.append(JSON.writeValueAsString(line)).append('\n');
        }
        Files.writeString(input, lines);
        Path output = dir.resolve("tagged");

        JobRuns.Result run = JobRuns.run(new TagCorpus(), "--model", "bundled", "--input", input.toString(),
                "--input-format", "jsonl", "--output", output.toString(), "--output-format", "jsonl", "--tokens",
                "--partitions", "3", "--batch-documents", "8", "--precision", "fp32");
        assertThat(run.code()).as(run.err()).isZero();

        Map<String, JsonNode> spark = new HashMap<>();
        try (var parts = Files.list(output)) {
            for (Path part : parts.filter(p -> p.getFileName().toString().endsWith(".json")).toList()) {
                for (String line : Files.readAllLines(part, StandardCharsets.UTF_8)) {
                    JsonNode row = JSON.readTree(line);
                    spark.put(row.get("id").asText(), row);
                }
            }
        }
        assertThat(spark).hasSize(texts.size());
        int entities = 0;
        for (int i = 0; i < texts.size(); i++) {
            JsonNode served = tag(texts.get(i));
            JsonNode row = spark.get("doc-" + i);
            assertThat(row.get("error").isNull()).as("error of doc-%d: %s", i, row.get("error")).isTrue();
            assertSame(served.get("entities"), row.get("entities"), List.of("type", "start", "end", "text"),
                    "doc-" + i + " entities");
            assertSame(served.get("tokens"), row.get("tokens"), List.of("text", "start", "end", "label", "unk"),
                    "doc-" + i + " tokens");
            entities += served.get("entities").size();
        }
        assertThat(entities).as("the documents hold entities to compare").isGreaterThan(40);
    }

    /**
     * Equal fields, and scores equal to the last of the six decimals both give: Spark batches other
     * documents' sentences with these (as the service batches concurrent requests), which changes
     * only the order of float additions.
     */
    private static void assertSame(JsonNode served, JsonNode spark, List<String> fields, String what) {
        assertThat(spark.size()).as(what + ": how many").isEqualTo(served.size());
        for (int i = 0; i < served.size(); i++) {
            for (String field : fields) {
                assertThat(spark.get(i).get(field)).as(what + "[" + i + "]." + field).isEqualTo(served.get(i).get(field));
            }
            assertThat(spark.get(i).get("score").asDouble()).as(what + "[" + i + "].score")
                    .isCloseTo(served.get(i).get("score").asDouble(), org.assertj.core.data.Offset.offset(1.01e-6));
        }
    }

    private static JsonNode tag(String text) {
        HttpResponse<String> response = service.http.postJson("/tag", "{\"text\": " + HttpTestClient.jsonString(text) + "}");
        assertThat(response.statusCode()).as(response.body()).isEqualTo(200);
        return HttpTestClient.json(response);
    }

    /** Invented documents in several styles: prose, headlines, results, lower case, Unicode, several sentences. */
    private static List<String> documents() {
        List<String> texts = new ArrayList<>(List.of(
                "EU rejects German call to boycott British lamb. Peter Blackburn reports from Brussels.",
                "Angela Merkel met Emmanuel Macron in Paris on Tuesday to discuss the Airbus contract.",
                "SOCCER - JAPAN GET LUCKY WIN , CHINA IN SURPRISE DEFEAT .",
                "Manchester United 2 Arsenal 1 ( halftime 1-0 ) , attendance 67,000 at Old Trafford .",
                "shares of apple rose after tim cook spoke in cupertino on monday.",
                "Café owner José Müller 🙂 moved from São Paulo to Zürich, where he joined Nestlé.",
                "The United Nations Security Council met in New York. China and Russia abstained.\n\nLater, the "
                        + "World Bank said growth in Brazil would slow.",
                "Reuters reported that Volkswagen AG hired Goldman Sachs to advise on the sale of its Lamborghini unit.",
                "\tIndented  text with   odd spacing about Barack Obama and Michelle Obama in Chicago .",
                "LONDON 1996-08-30 -- West Indian all-rounder Phil Simmons took four for 38 on Friday as Leicestershire"
                        + " beat Somerset by an innings and 39 runs.",
                "Mr. Smith of the U.S. Department of State met Dr. Sato of Toyota Motor Corp. in Tokyo.",
                "Nobody here: just some ordinary words without a single name in them."));
        StringBuilder longDocument = new StringBuilder();
        for (int i = 0; i < 40; i++) {
            longDocument.append("In round ").append(i).append(", Rafael Nadal beat Roger Federer in Madrid while ")
                    .append("the Spanish Tennis Federation watched. ");
        }
        texts.add(longDocument.toString());
        return texts;
    }
}
