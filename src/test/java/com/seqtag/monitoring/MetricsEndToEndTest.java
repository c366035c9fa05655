package com.seqtag.monitoring;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.seqtag.support.HttpTestClient;
import com.seqtag.support.ServiceTestBase;
import java.net.http.HttpResponse;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;

/**
 * {@code GET /actuator/prometheus} after tagging over real HTTP: per-route request histograms with
 * route templates, tagging counters and batch sizes that add up to what was sent, the active model
 * and training job gauges.
 */
class MetricsEndToEndTest extends ServiceTestBase {

    private static final Pattern LABEL = Pattern.compile("(\\w+)=\"((?:[^\"\\\\]|\\\\.)*)\"");

    @Test
    void scrapeShowsWhatTaggingRequestsDid() {
        Scrape before = scrape();

        JsonNode tagged = HttpTestClient.json(http.postJson("/tag",
                "{\"text\": \"Anna Berg visited Oslo on Friday. Acme Corp hired Tom Lund in Paris .\"}"));
        JsonNode batch = HttpTestClient.json(http.postJson("/tag/batch", "{\"documents\": ["
                + "{\"text\": \"Maria Solis visited Lima .\"}, {\"tokens\": [\"Tom\", \"Lund\"]}]}"));
        HttpResponse<String> hf = http.postJson("/hf/token-classification",
                "{\"inputs\": \"Jonas Krell joined Norvik Bank .\", "
                        + "\"parameters\": {\"aggregation_strategy\": \"none\", \"ignore_labels\": []}}");
        assertThat(hf.statusCode()).as(hf.body()).isEqualTo(200);
        // Admin is disabled here (404), but the route still matched: its template must be the uri tag, not the id.
        assertThat(http.get("/admin/jobs/metrics-probe-id").statusCode()).isEqualTo(404);

        Scrape after = scrape();

        int tokens = tagged.get("tokens").size() + batch.get("results").get(0).get("tokens").size()
                + batch.get("results").get(1).get("tokens").size() + HttpTestClient.json(hf).size();
        assertThat(tokens).isEqualTo(15 + 5 + 2 + 6);
        assertThat(after.sum("seqtag_tokens_tagged_total") - before.sum("seqtag_tokens_tagged_total"))
                .isEqualTo(tokens);
        assertThat(after.sum("seqtag_documents_tagged_total") - before.sum("seqtag_documents_tagged_total"))
                .isEqualTo(4);
        double sentences = after.sum("seqtag_sentences_tagged_total") - before.sum("seqtag_sentences_tagged_total");
        assertThat(sentences).isBetween(4.0, (double) tokens);

        // Every tagged sentence and token went through exactly one forward pass; at least one pass per request.
        assertThat(after.sum("seqtag_inference_batch_sentences_sum") - before.sum("seqtag_inference_batch_sentences_sum"))
                .isEqualTo(sentences);
        assertThat(after.sum("seqtag_inference_batch_tokens_sum") - before.sum("seqtag_inference_batch_tokens_sum"))
                .isEqualTo(tokens);
        assertThat(after.sum("seqtag_inference_batch_sentences_count")
                - before.sum("seqtag_inference_batch_sentences_count")).isGreaterThanOrEqualTo(3);
        assertThat(after.samples("seqtag_inference_batch_sentences_bucket", "le", "64.0")).isNotEmpty();
        assertThat(after.samples("seqtag_inference_batch_tokens_bucket")).isNotEmpty();
        // The queue's view: each sequential request formed its own batch, and nothing waits now.
        assertThat(after.sum("seqtag_inference_batch_requests_sum") - before.sum("seqtag_inference_batch_requests_sum"))
                .isGreaterThanOrEqualTo(3);
        assertThat(after.samples("seqtag_inference_queue_depth")).isNotEmpty();
        assertThat(after.sum("seqtag_inference_queue_depth")).isZero();

        for (String uri : List.of("/tag", "/tag/batch", "/hf/token-classification", "/admin/jobs/{id}")) {
            assertThat(after.samples("http_server_requests_seconds_bucket", "uri", uri)).as(uri).isNotEmpty();
            assertThat(after.sum("http_server_requests_seconds_count", "uri", uri)
                    - before.sum("http_server_requests_seconds_count", "uri", uri)).as(uri).isEqualTo(1);
        }
        assertThat(after.samples("http_server_requests_seconds_count", "uri", "/tag").get(0).labels())
                .containsEntry("method", "POST").containsEntry("status", "200").containsEntry("application", "seqtag");
        assertThat(after.text()).doesNotContain("metrics-probe-id");
    }

    @Test
    void scrapeShowsTheActiveModelAndTrainingJobsByState() {
        Scrape scrape = scrape();

        List<Sample> active = scrape.samples("seqtag_model_active");
        assertThat(active).hasSize(1);
        assertThat(active.get(0).labels()).containsEntry("version", models().manifest().version())
                .containsKey("precision");
        assertThat(active.get(0).value()).isEqualTo(1.0);

        for (String state : List.of("queued", "running", "succeeded", "failed", "rejected", "cancelled")) {
            assertThat(scrape.samples("seqtag_training_jobs", "state", state)).as(state)
                    .singleElement().extracting(Sample::value).isEqualTo(0.0);
        }
    }

    private Scrape scrape() {
        HttpResponse<String> response = http.get("/actuator/prometheus");
        assertThat(response.statusCode()).as(response.body()).isEqualTo(200);
        return Scrape.parse(response.body());
    }

    /** One line of the Prometheus text format. */
    private record Sample(String name, Map<String, String> labels, double value) {
    }

    /** A parsed scrape: its samples, looked up by metric name and optionally one label. */
    private record Scrape(String text, List<Sample> all) {

        static Scrape parse(String text) {
            List<Sample> samples = new ArrayList<>();
            for (String line : text.split("\n")) {
                if (line.isBlank() || line.startsWith("#")) {
                    continue;
                }
                int brace = line.indexOf('{');
                int close = line.lastIndexOf('}');
                String name = brace < 0 ? line.substring(0, line.indexOf(' ')) : line.substring(0, brace);
                Map<String, String> labels = new HashMap<>();
                if (brace >= 0) {
                    Matcher matcher = LABEL.matcher(line.substring(brace + 1, close));
                    while (matcher.find()) {
                        labels.put(matcher.group(1), matcher.group(2));
                    }
                }
                String rest = line.substring(brace < 0 ? name.length() : close + 1).strip();
                samples.add(new Sample(name, labels, Double.parseDouble(rest.split(" ")[0])));
            }
            return new Scrape(text, samples);
        }

        List<Sample> samples(String name) {
            return all.stream().filter(sample -> sample.name().equals(name)).toList();
        }

        List<Sample> samples(String name, String label, String value) {
            return samples(name).stream().filter(sample -> value.equals(sample.labels().get(label))).toList();
        }

        /** The sum over all series of {@code name}; 0 when it has none yet. */
        double sum(String name) {
            return samples(name).stream().mapToDouble(Sample::value).sum();
        }

        double sum(String name, String label, String value) {
            return samples(name, label, value).stream().mapToDouble(Sample::value).sum();
        }
    }
}
