package com.seqtag.api;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.seqtag.support.HttpTestClient;
import com.seqtag.support.Multipart;
import com.seqtag.support.ServiceTestBase;
import com.seqtag.support.TinyModels;
import com.seqtag.training.TrainingPlan;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.OutputStream;
import java.io.UncheckedIOException;
import java.net.Socket;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.net.http.HttpTimeoutException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.function.Consumer;
import java.util.function.Function;
import java.util.regex.Pattern;
import java.util.stream.Stream;
import org.junit.jupiter.api.MethodOrderer;
import org.junit.jupiter.api.Order;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestMethodOrder;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;
import org.springframework.test.context.DynamicPropertyRegistry;
import org.springframework.test.context.DynamicPropertySource;
import org.springframework.test.context.TestPropertySource;

/**
 * Hostile input against every public route: empty, huge, malformed, mistyped, misencoded, deeply
 * nested and path-traversing requests. Each must be answered with a 4xx
 * {@code application/problem+json} whose detail names the problem (or with a correct 200/202),
 * quickly, and without a 5xx, a stack trace or a Java class name. Afterwards the service is still
 * ready, still tags, and still serves the model it started with.
 *
 * <p>The admin API is enabled here (token {@value #TOKEN}) with a small upload limit and the tiny
 * training recipe; no server-side corpus is configured, so no hostile request can start training
 * by accident. {@code seqtag.max-text-chars} is raised so that a 10,000-token sentence fits.
 */
@TestMethodOrder(MethodOrderer.OrderAnnotation.class)
@TestPropertySource(properties = {
    "seqtag.admin.token=" + HostileInputTest.TOKEN,
    "seqtag.max-text-chars=" + HostileInputTest.MAX_TEXT_CHARS,
    "seqtag.training.max-upload=" + HostileInputTest.MAX_UPLOAD})
class HostileInputTest extends ServiceTestBase {

    static final String TOKEN = "hostile-admin-token-9c1e";
    static final int MAX_TEXT_CHARS = 25_000;
    static final String MAX_UPLOAD = "256KB";
    static final int MAX_UPLOAD_BYTES = 256 * 1024;

    /** Longest any answer may take: far beyond a normal answer, far below a hang. */
    private static final Duration TIMEOUT = Duration.ofSeconds(30);
    private static final ObjectMapper JSON = new ObjectMapper();
    /** Traces of internals a client must never see: package-qualified names, exception names, stack frames. */
    private static final Pattern LEAK = Pattern.compile(
            "(?:\\b(?:java|javax|jakarta|sun|org\\.springframework|org\\.apache|com\\.fasterxml|com\\.seqtag|org\\.nd4j|org\\.deeplearning4j)\\.[a-zA-Z])"
                    + "|(?:\\b[A-Z][A-Za-z]*(?:Exception|Error)\\b)|(?:\\tat )|(?:\\bat [a-z]+\\.[a-z]+\\.)|(?i:tomcat|<html)|StreamReadConstraints");
    private static final Path TRAVERSAL_TARGET = Path.of(System.getProperty("java.io.tmpdir"), "seqtag-hostile-pwned");

    private static final HttpClient CLIENT = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(5)).build();

    @DynamicPropertySource
    static void trainingPlan(DynamicPropertyRegistry registry) {
        registry.add("seqtag.training.plan", () -> tinyPlan().toString());
    }

    private static Path tinyPlan() {
        try {
            Path plan = Files.createTempFile("seqtag-hostile-plan", ".json");
            JSON.writeValue(plan.toFile(), new TrainingPlan(TinyModels.CONFIG, TinyModels.TRAINING).asMap());
            plan.toFile().deleteOnExit();
            return plan;
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    // ---------------------------------------------------------------------------------------------
    // The cases

    static Stream<Case> cases() {
        List<Case> cases = new ArrayList<>();

        // POST /tag: bodies
        cases.add(problem("tag: empty body", s -> s.post("/tag", "application/json", ""), 400, "empty"));
        cases.add(problem("tag: whitespace-only body", s -> s.post("/tag", "application/json", " \n\t\r\n "), 400, "empty"));
        cases.add(problem("tag: JSON null", s -> s.post("/tag", "application/json", "null"), 400, "JSON object"));
        cases.add(problem("tag: JSON array instead of object", s -> s.post("/tag", "application/json", "[]"), 400, "JSON object"));
        cases.add(problem("tag: JSON string instead of object", s -> s.post("/tag", "application/json", "\"Anna\""), 400, "JSON object"));
        cases.add(problem("tag: truncated JSON", s -> s.post("/tag", "application/json", "{\"text\": \"Anna"), 400, "malformed JSON"));
        cases.add(problem("tag: empty text", s -> s.post("/tag", "application/json", "{\"text\": \"\"}"), 400, "\"text\" is empty"));
        cases.add(problem("tag: whitespace-only text", s -> s.post("/tag", "application/json",
                "{\"text\": \" \\n\\t\\u00a0\\u2003 \"}"), 400, "only whitespace"));
        cases.add(problem("tag: only control characters", s -> s.post("/tag", "application/json",
                "{\"text\": \"\\u0000\\u0001\\u001b\\u200b\"}"), 400, "nothing to tag"));
        cases.add(problem("tag: 5 MB text", s -> s.post("/tag", "application/json",
                "{\"text\": \"" + "Anna visited Oslo. ".repeat(5 * 1024 * 1024 / 19 + 1) + "\"}"), 413, "seqtag.max-text-chars"));
        cases.add(problem("tag: 25 MB string (beyond the JSON string limit)", s -> s.post("/tag", "application/json",
                "{\"text\": \"" + "a".repeat(25 * 1024 * 1024) + "\"}"), 413, "seqtag.max-text-chars"));
        cases.add(problem("tag: invalid UTF-8 bytes", s -> s.post("/tag", "application/json",
                concat("{\"text\": \"Anna ".getBytes(StandardCharsets.UTF_8), new byte[] {(byte) 0xC3, 0x28, (byte) 0xFF, (byte) 0xFE},
                        " Oslo\"}".getBytes(StandardCharsets.UTF_8))), 400, "UTF-8"));
        cases.add(problem("tag: raw NUL byte inside a JSON string", s -> s.post("/tag", "application/json",
                "{\"text\": \"Anna\u0000Berg\"}"), 400, "malformed JSON"));
        cases.add(ok("tag: escaped NUL and control characters are tagged", s -> s.post("/tag", "application/json",
                "{\"text\": \"Anna\\u0000 Berg\\u0007 visited\\u001b Oslo\\u007f.\"}"), HostileInputTest::tokensHaveOffsets));
        cases.add(ok("tag: right-to-left, bidi controls and combining marks", s -> s.post("/tag", "application/json",
                "{\"text\": \"\u0645\u0631\u062d\u0628\u0627 \u202eevil\u202c Ze\u0301\u0301\u0301\u0301\u0308\u0308 \u05e9\u05dc\u05d5\u05dd "
                        + "\\ud83d\\udc69\\u200d\\ud83d\\udcbb Oslo.\"}"), HostileInputTest::tokensHaveOffsets));
        cases.add(ok("tag: lone surrogate escape", s -> s.post("/tag", "application/json",
                "{\"text\": \"Anna \\ud800 Oslo\"}"), HostileInputTest::tokensHaveOffsets));
        cases.add(ok("tag: one sentence of 10,000 tokens", s -> s.post("/tag", "application/json",
                "{\"tokens\": [" + "\"a\",".repeat(9_999) + "\"z\"]}"), reply -> {
                    assertThat(reply.json().get("tokens").size()).isEqualTo(10_000);
                }));
        cases.add(ok("tag: 10,000 words of text without punctuation", s -> s.post("/tag", "application/json",
                "{\"text\": \"" + "a ".repeat(10_000).strip() + "\"}"), reply -> {
                    assertThat(reply.json().get("tokens").size()).isEqualTo(10_000);
                }));
        cases.add(problem("tag: 100k nested arrays", s -> s.post("/tag", "application/json",
                "{\"tokens\": " + "[".repeat(100_000) + "]".repeat(100_000) + "}"), 400, "\"tokens[0]\""));
        cases.add(problem("tag: 100k nested objects", s -> s.post("/tag", "application/json",
                "{\"x\":".repeat(100_000) + "1" + "}".repeat(100_000)), 400, "nested more than 1000 levels"));
        cases.add(problem("tag: 100k nested arrays as the body", s -> s.post("/tag", "application/json",
                "[".repeat(100_000) + "]".repeat(100_000)), 400, "JSON object"));
        cases.add(problem("tag: text is a number", s -> s.post("/tag", "application/json", "{\"text\": 42}"), 400, "\"text\" must be a string"));
        cases.add(problem("tag: text is an object", s -> s.post("/tag", "application/json", "{\"text\": {\"a\": 1}}"), 400, "\"text\" must be a string"));
        cases.add(problem("tag: tokens is a string", s -> s.post("/tag", "application/json", "{\"tokens\": \"Anna Berg\"}"), 400, "\"tokens\" must be an array"));
        cases.add(problem("tag: tokens hold a number", s -> s.post("/tag", "application/json", "{\"tokens\": [\"Anna\", 7]}"), 400, "\"tokens[1]\""));
        cases.add(problem("tag: offsetUnit of 2,000 digits", s -> s.post("/tag", "application/json",
                "{\"text\": \"Anna\", \"offsetUnit\": " + "9".repeat(2_000) + "}"), 400, "digits"));
        cases.add(problem("tag: unknown offsetUnit", s -> s.post("/tag", "application/json",
                "{\"text\": \"Anna\", \"offsetUnit\": \"bytes\"}"), 400, "\"utf16\""));
        cases.add(problem("tag: duplicate keys", s -> s.post("/tag", "application/json",
                "{\"text\": \"Anna\", \"text\": \"Berg\"}"), 400, "Duplicate field"));
        cases.add(problem("tag: unknown field", s -> s.post("/tag", "application/json", "{\"txt\": \"Anna\"}"), 400, "unknown field \"txt\""));
        cases.add(problem("tag: text/plain content type", s -> s.post("/tag", "text/plain", "Anna visited Oslo."), 415, "text/plain"));
        cases.add(problem("tag: form content type", s -> s.post("/tag", "application/x-www-form-urlencoded", "text=Anna"), 415, "application/x-www-form-urlencoded"));
        cases.add(problem("tag: no Content-Type", s -> s.send("POST", "/tag", null, utf8("{\"text\": \"Anna\"}")), 415, "Content-Type"));
        cases.add(problem("tag: garbage Content-Type", s -> s.post("/tag", "}}not a type{{", "{\"text\": \"Anna\"}"), 415, "Content-Type"));
        cases.add(problem("tag: GET", s -> s.send("GET", "/tag", null, null), 405, "GET"));
        cases.add(problem("tag: PATCH", s -> s.send("PATCH", "/tag", "application/json", utf8("{\"text\": \"Anna\"}")), 405, "PATCH"));
        cases.add(problem("tag: extra path segment", s -> s.post("/tag/extra/segment", "application/json", "{\"text\": \"Anna\"}"), 404, "no endpoint POST /tag/extra/segment"));

        // POST /tag/batch
        cases.add(problem("batch: empty body", s -> s.post("/tag/batch", "application/json", ""), 400, "empty"));
        cases.add(problem("batch: documents is an object", s -> s.post("/tag/batch", "application/json",
                "{\"documents\": {\"text\": \"Anna\"}}"), 400, "\"documents\" must be an array"));
        cases.add(problem("batch: empty documents", s -> s.post("/tag/batch", "application/json", "{\"documents\": []}"), 400, "\"documents\" is empty"));
        cases.add(problem("batch: over max-documents", s -> s.post("/tag/batch", "application/json",
                "{\"documents\": [" + "{\"text\": \"Anna\"},".repeat(5) + "{\"text\": \"Berg\"}]}"), 413, "seqtag.batch.max-documents"));
        cases.add(problem("batch: 100,000 documents (1.7 MB of JSON)", s -> s.post("/tag/batch", "application/json",
                "{\"documents\": [" + "{\"text\": \"Anna\"},".repeat(99_999) + "{\"text\": \"Berg\"}]}"), 413, "seqtag.batch.max-documents"));
        cases.add(problem("batch: over max-total-chars", s -> s.post("/tag/batch", "application/json",
                "{\"documents\": [{\"text\": \"" + "x ".repeat(1_000) + "\"}, {\"text\": \"" + "y ".repeat(1_000) + "\"}]}"),
                413, "seqtag.batch.max-total-chars"));
        cases.add(ok("batch: null, blank and oversized documents get their own errors", s -> s.post("/tag/batch", "application/json",
                "{\"documents\": [null, {\"text\": \" \"}, {\"text\": \"Anna visited Oslo.\"}, {}]}"), reply -> {
                    JsonNode results = reply.json().get("results");
                    assertThat(results).hasSize(4);
                    assertThat(results.get(0).get("error").get("status").asInt()).isEqualTo(400);
                    assertThat(results.get(1).get("error").get("status").asInt()).isEqualTo(400);
                    assertThat(results.get(2).get("tokens")).isNotNull();
                    assertThat(results.get(3).get("error").get("detail").asText()).contains("documents[3]");
                }));
        cases.add(problem("batch: document with unknown field", s -> s.post("/tag/batch", "application/json",
                "{\"documents\": [{\"text\": \"Anna\", \"lang\": \"en\"}]}"), 400, "unknown field \"lang\""));
        cases.add(problem("batch: GET", s -> s.send("GET", "/tag/batch", null, null), 405, "GET"));

        // POST /hf/token-classification
        cases.add(problem("hf: empty body", s -> s.post("/hf/token-classification", "application/json", ""), 400, "empty"));
        cases.add(problem("hf: inputs is a number", s -> s.post("/hf/token-classification", "application/json",
                "{\"inputs\": 5}"), 400, "\"inputs\" must be a string or an array of strings"));
        cases.add(problem("hf: inputs nested 100k deep", s -> s.post("/hf/token-classification", "application/json",
                "{\"inputs\": " + "[".repeat(100_000) + "]".repeat(100_000) + "}"), 400, "nested more than 1000 levels"));
        cases.add(problem("hf: whitespace input", s -> s.post("/hf/token-classification", "application/json",
                "{\"inputs\": \"\\t \\n\"}"), 400, "\"inputs\" is empty or only whitespace"));
        cases.add(problem("hf: too many inputs", s -> s.post("/hf/token-classification", "application/json",
                "{\"inputs\": [" + "\"Anna\",".repeat(6) + "\"Berg\"]}"), 413, "seqtag.batch.max-documents"));
        cases.add(problem("hf: unknown aggregation strategy", s -> s.post("/hf/token-classification", "application/json",
                "{\"inputs\": \"Anna\", \"parameters\": {\"aggregation_strategy\": \"../../etc/passwd\"}}"), 400, "\"simple\""));
        cases.add(problem("hf: negative stride", s -> s.post("/hf/token-classification", "application/json",
                "{\"inputs\": \"Anna\", \"parameters\": {\"stride\": -1}}"), 400, "stride"));

        // GET /model
        cases.add(ok("model: query string is ignored", s -> s.send("GET", "/model?version=../../etc/passwd", null, null),
                reply -> assertThat(reply.json().get("version").asText()).isEqualTo(models().manifest().version())));
        cases.add(problem("model: POST", s -> s.post("/model", "application/json", "{}"), 405, "POST"));
        cases.add(problem("model: extra path segment", s -> s.raw("GET", "/model/../../etc/passwd", false), 400, "\"..\" segments"));

        // Admin: authentication
        cases.add(problem("admin: no token", s -> s.send("GET", "/admin/jobs", null, null), 401, "Bearer"));
        cases.add(problem("admin: wrong token", s -> s.send("GET", "/admin/jobs", null, null, "Authorization", "Bearer nope"), 401, "not the admin token"));
        cases.add(problem("admin: token of 100 kB", s -> s.send("GET", "/admin/jobs", null, null,
                "Authorization", "Bearer " + "x".repeat(100_000)), 400, "server.max-http-request-header-size"));

        // POST /admin/retrain (JSON)
        cases.add(problem("retrain: empty body", s -> s.admin("POST", "/admin/retrain", "application/json", ""), 400, "empty"));
        cases.add(problem("retrain: no data and no server corpus", s -> s.admin("POST", "/admin/retrain", "application/json", "{}"),
                400, "seqtag.training.train-file"));
        cases.add(problem("retrain: trainConll is a number", s -> s.admin("POST", "/admin/retrain", "application/json",
                "{\"trainConll\": 12}"), 400, "\"trainConll\" must be a string"));
        cases.add(problem("retrain: config is a string", s -> s.admin("POST", "/admin/retrain", "application/json",
                "{\"config\": \"epochs=3\"}"), 400, "\"config\""));
        cases.add(problem("retrain: config nested 100k deep", s -> s.admin("POST", "/admin/retrain", "application/json",
                "{\"config\": " + "{\"a\":".repeat(100_000) + "1" + "}".repeat(100_000) + "}"), 400, "nested more than 1000 levels"));
        cases.add(problem("retrain: unknown setting naming a path", s -> s.admin("POST", "/admin/retrain", "application/json",
                "{\"config\": {\"trainFile\": \"../../etc/passwd\"}, \"trainConll\": \"" + conllJson(GOOD_CONLL) + "\"}"),
                400, "unknown setting \"trainFile\""));
        cases.add(problem("retrain: unknown field naming a path", s -> s.admin("POST", "/admin/retrain", "application/json",
                "{\"trainFile\": \"/etc/passwd\"}"), 400, "unknown field \"trainFile\""));
        cases.add(problem("retrain: impossible setting", s -> s.admin("POST", "/admin/retrain", "application/json",
                "{\"config\": {\"hiddenSize\": 2147483647}, \"trainConll\": \"" + conllJson(GOOD_CONLL) + "\"}"), 422, "hiddenSize"));
        cases.add(problem("retrain: wrong column count", s -> s.admin("POST", "/admin/retrain", "application/json",
                "{\"trainConll\": \"" + conllJson("Anna NNP B-PER\nBerg I-PER\n") + "\"}"), 400, "line 2"));
        cases.add(problem("retrain: one-column line", s -> s.admin("POST", "/admin/retrain", "application/json",
                "{\"trainConll\": \"" + conllJson("Anna\n") + "\"}"), 400, "line 1"));
        cases.add(problem("retrain: label that is not IOB2", s -> s.admin("POST", "/admin/retrain", "application/json",
                "{\"trainConll\": \"" + conllJson("Anna X-PER\nBerg O\n") + "\"}"), 400, "not IOB2"));
        cases.add(problem("retrain: validation label not in the training label set", s -> s.admin("POST", "/admin/retrain", "application/json",
                "{\"trainConll\": \"" + conllJson(GOOD_CONLL) + "\", \"validConll\": \"" + conllJson("Zorbix B-XYZ\nsold O\n") + "\"}"),
                400, "XYZ"));
        cases.add(problem("retrain: empty trainConll", s -> s.admin("POST", "/admin/retrain", "application/json",
                "{\"trainConll\": \"\"}"), 400, "trainConll"));
        cases.add(problem("retrain: binary garbage as trainConll", s -> s.admin("POST", "/admin/retrain", "application/json",
                "{\"trainConll\": \"\\u0000\\u0001\\ufffe\\uffff\\u0007\\u0008\"}"), 400, "trainConll"));
        cases.add(problem("retrain: huge single line", s -> s.admin("POST", "/admin/retrain", "application/json",
                "{\"trainConll\": \"" + "a".repeat(200_000) + "\"}"), 400, "line 1"));
        cases.add(problem("retrain: trainConll over max-upload", s -> s.admin("POST", "/admin/retrain", "application/json",
                "{\"trainConll\": \"" + "Anna B-PER\\n".repeat(MAX_UPLOAD_BYTES / 11 + 1) + "\"}"), 413, "seqtag.training.max-upload"));
        cases.add(problem("retrain: text/plain", s -> s.admin("POST", "/admin/retrain", "text/plain", "Anna B-PER"), 415, "text/plain"));
        cases.add(problem("retrain: GET", s -> s.admin("GET", "/admin/retrain", null, null), 405, "GET"));

        // POST /admin/retrain (multipart)
        cases.add(problem("retrain multipart: binary garbage file", s -> s.multipart(new Multipart()
                .file("trainConll", "garbage.bin", new byte[] {(byte) 0xFF, (byte) 0xD8, 0x00, (byte) 0x80, 0x0A})), 400, "not UTF-8"));
        cases.add(problem("retrain multipart: empty file", s -> s.multipart(new Multipart()
                .file("trainConll", "empty.conll", new byte[0])), 400, "trainConll"));
        cases.add(problem("retrain multipart: file over max-upload", s -> s.multipart(new Multipart()
                .file("trainConll", "big.conll", "Anna B-PER\n".repeat(MAX_UPLOAD_BYTES / 11 + 1).getBytes(StandardCharsets.UTF_8))),
                413, "seqtag.training.max-upload"));
        cases.add(problem("retrain multipart: traversing file name is never used as a path", s -> s.multipart(new Multipart()
                .file("trainConll", "../../../../../../" + TRAVERSAL_TARGET, utf8(GOOD_CONLL))), 400, "seqtag.training.valid-file"));
        cases.add(problem("retrain multipart: config is not JSON", s -> s.multipart(new Multipart()
                .field("config", "{epochs: three").file("trainConll", "t.conll", utf8(GOOD_CONLL))), 400, "\"config\""));
        cases.add(problem("retrain multipart: config nested 100k deep", s -> s.multipart(new Multipart()
                .field("config", "[".repeat(100_000) + "]".repeat(100_000)).file("trainConll", "t.conll", utf8(GOOD_CONLL))), 400, "\"config\""));
        cases.add(problem("retrain multipart: flag is not a boolean", s -> s.multipart(new Multipart()
                .field("force", "../../etc/passwd")), 400, "\"force\" must be true or false"));
        cases.add(problem("retrain multipart: no boundary", s -> s.admin("POST", "/admin/retrain", "multipart/form-data",
                "--x\r\nContent-Disposition: form-data; name=\"force\"\r\n\r\ntrue\r\n--x--\r\n"), 400, "multipart"));
        cases.add(problem("retrain multipart: truncated body", s -> s.admin("POST", "/admin/retrain", "multipart/form-data; boundary=x",
                "--x\r\nContent-Disposition: form-data; name=\"trainConll\"; filename=\"a\"\r\n\r\nAnna B-PER"), 400, "multipart"));
        cases.add(ok("retrain: I- without B- is read as conlleval does, and the job can be cancelled", s -> {
            Reply accepted = s.admin("POST", "/admin/retrain", "application/json", "{\"config\": {\"epochs\": 1000, \"patience\": 1000}, "
                    + "\"trainConll\": \"" + conllJson("Anna I-ZZZ\nvisited O\nOslo I-ZZZ\n") + "\", "
                    + "\"validConll\": \"" + conllJson("Berg I-ZZZ\nleft O\n") + "\"}");
            assertThat(accepted.status()).as(accepted.body()).isEqualTo(202);
            String id = accepted.json().get("id").asText();
            Reply cancelled = s.admin("DELETE", "/admin/jobs/" + id, null, null);
            assertThat(cancelled.status()).as(cancelled.body()).isIn(202, 409);
            return s.awaitJobEnd(id);
        }, reply -> assertThat(reply.json().get("state").asText()).isEqualTo("cancelled")));

        // Jobs
        cases.add(ok("jobs: list", s -> s.admin("GET", "/admin/jobs", null, null), reply -> assertThat(reply.json().get("jobs")).isNotNull()));
        cases.add(problem("jobs: unknown id", s -> s.admin("GET", "/admin/jobs/no-such-job", null, null), 404, "no training job"));
        cases.add(problem("jobs: id of 5,000 characters", s -> s.admin("DELETE", "/admin/jobs/" + "j".repeat(5_000), null, null), 404, "no training job"));
        cases.add(problem("jobs: ../ traversal (raw)", s -> s.raw("GET", "/admin/jobs/../../../../etc/passwd", true), 400, "\"..\" segments"));
        cases.add(problem("jobs: encoded ../ traversal", s -> s.raw("GET", "/admin/jobs/..%2F..%2F..%2Fetc%2Fpasswd", true), 400, "encoded slash"));
        cases.add(problem("jobs: encoded dots", s -> s.raw("DELETE", "/admin/jobs/%2e%2e", true), 404, "no training job \"..\""));
        cases.add(problem("jobs: double-encoded traversal", s -> s.admin("GET", "/admin/jobs/..%252F..%252Fetc%252Fpasswd", null, null), 404, "no training job"));
        cases.add(problem("jobs: encoded NUL", s -> s.raw("GET", "/admin/jobs/%00", true), 400, "NUL"));
        cases.add(problem("jobs: cancel an ended job", s -> {
            String id = s.admin("GET", "/admin/jobs", null, null).json().get("jobs").path(0).path("id").asText("none");
            return s.admin("DELETE", "/admin/jobs/" + id, null, null);
        }, 409, "has already ended"));
        cases.add(problem("jobs: extra path segment", s -> s.admin("GET", "/admin/jobs/a/b", null, null), 404, "no endpoint"));
        cases.add(problem("jobs: PUT", s -> s.admin("PUT", "/admin/jobs/x", "application/json", "{}"), 405, "PUT"));

        // Models
        cases.add(ok("models: list", s -> s.admin("GET", "/admin/models", null, null),
                reply -> assertThat(reply.json().get("active").asText()).isEqualTo(models().manifest().version())));
        cases.add(problem("models: activate ../../etc/passwd (raw)", s -> s.raw("POST", "/admin/models/../../etc/passwd/activate", true), 404, "no endpoint"));
        cases.add(problem("models: activate ..%2F..%2Fetc%2Fpasswd", s -> s.raw("POST", "/admin/models/..%2F..%2Fetc%2Fpasswd/activate", true), 400, "encoded slash"));
        cases.add(problem("models: activate ..%252F (double-encoded)", s -> s.admin("POST", "/admin/models/..%252F..%252Fetc%252Fpasswd/activate", null, null),
                404, "no model version"));
        cases.add(problem("models: activate ..", s -> s.raw("POST", "/admin/models/%2e%2e/activate", true), 404, "no model version \"..\""));
        cases.add(problem("models: activate a version with a backslash", s -> s.admin("POST", "/admin/models/..%5C..%5Cwindows/activate", null, null),
                400, "encoded slash or backslash"));
        cases.add(problem("models: activate the ACTIVE marker file", s -> s.admin("POST", "/admin/models/ACTIVE/activate", null, null),
                404, "no model version"));
        cases.add(problem("models: activate unknown version", s -> s.admin("POST", "/admin/models/ner-20990101-000000-deadbeef/activate", null, null),
                404, "no model version"));
        cases.add(problem("models: activate without a version", s -> s.admin("POST", "/admin/models//activate", null, null), 404, "no endpoint"));
        cases.add(problem("models: activate with GET", s -> s.admin("GET", "/admin/models/x/activate", null, null), 405, "GET"));
        cases.add(problem("models: DELETE the list", s -> s.admin("DELETE", "/admin/models", null, null), 405, "DELETE"));

        // Actuator and unknown paths
        cases.add(ok("actuator: readiness", s -> s.send("GET", "/actuator/health/readiness", null, null),
                reply -> assertThat(reply.json().get("status").asText()).isEqualTo("UP")));
        cases.add(problem("actuator: POST to health", s -> s.post("/actuator/health", "application/json", "{}"), 405, "POST"));
        cases.add(problem("actuator: unexposed env", s -> s.send("GET", "/actuator/env", null, null), 404, "no endpoint"));
        cases.add(problem("actuator: unexposed shutdown", s -> s.post("/actuator/shutdown", "application/json", "{}"), 404, "no endpoint"));
        cases.add(problem("unknown path", s -> s.send("GET", "/definitely/not/here", null, null), 404, "no endpoint"));
        cases.add(problem("unknown path: WEB-INF", s -> s.raw("GET", "/WEB-INF/web.xml", false), 404, "no endpoint"));
        cases.add(problem("unknown path: encoded traversal at the root", s -> s.raw("GET", "/%2e%2e/%2e%2e/etc/passwd", false), 400, "\"..\" segments"));
        return cases.stream();
    }

    private static final String GOOD_CONLL = "Anna B-PER\nBerg I-PER\nvisited O\nOslo B-LOC\n. O\n";

    @Order(1)
    @ParameterizedTest(name = "{0}")
    @MethodSource("cases")
    void hostileRequestGetsAPreciseAnswer(Case hostile) {
        Instant started = Instant.now();
        Reply reply = hostile.request().apply(new Service(port));
        String body = reply.body();
        String what = hostile.name() + ": " + abbreviate(body);
        assertThat(reply.status()).as(what).isLessThan(500);
        assertThat(LEAK.matcher(body).find()).as("internals in " + what).isFalse();
        assertThat(Duration.between(started, Instant.now())).isLessThan(TIMEOUT);
        if (hostile.status() >= 400) {
            assertThat(reply.status()).as(what).isEqualTo(hostile.status());
            assertThat(reply.contentType()).as(what).startsWith("application/problem+json");
            JsonNode problem = reply.json();
            assertThat(problem.path("status").asInt()).as(what).isEqualTo(hostile.status());
            assertThat(problem.path("title").asText()).as(what).isNotBlank();
            assertThat(problem.path("detail").asText()).as(what).contains(hostile.detail());
            assertThat(problem.path("instance").asText()).as("instance names the client's path, " + what)
                    .isNotEqualTo("/error");
        } else {
            assertThat(reply.status()).as(what).isEqualTo(hostile.status());
            assertThat(reply.contentType()).as(what).startsWith("application/").contains("json");
            hostile.check().accept(reply);
        }
    }

    @Order(2)
    @Test
    void theServiceIsStillHealthyAndServesTheSameModel() throws IOException {
        Service service = new Service(port);
        Reply ready = service.send("GET", "/actuator/health/readiness", null, null);
        assertThat(ready.status()).isEqualTo(200);
        assertThat(ready.json().get("status").asText()).isEqualTo("UP");

        Reply tagged = service.post("/tag", "application/json", "{\"text\": \"Anna Berg visited Oslo.\"}");
        assertThat(tagged.status()).as(tagged.body()).isEqualTo(200);
        assertThat(tagged.json().get("tokens")).hasSize(5);
        assertThat(tagged.json().get("model").asText()).isEqualTo(models().manifest().version());
        assertThat(service.send("GET", "/model", null, null).json().get("version").asText())
                .isEqualTo(models().manifest().version());

        // No job of this suite stored a model, and no upload's name became a file.
        try (Stream<Path> files = Files.list(models().directory())) {
            assertThat(files.map(file -> file.getFileName().toString()))
                    .containsExactlyInAnyOrder(models().manifest().version() + ".seqtag", "ACTIVE", "cluster");
        }
        // The shared job records hold job ids only, whatever the uploads were called.
        try (Stream<Path> files = Files.walk(models().directory().resolve("cluster"))) {
            assertThat(files.filter(Files::isRegularFile).map(file -> models().directory().relativize(file).toString()))
                    .allMatch(name -> name.matches("cluster/jobs/[0-9a-f-]{36}\\.json"));
        }
        assertThat(Files.readString(models().directory().resolve("ACTIVE")).strip()).isEqualTo(models().manifest().version());
        assertThat(TRAVERSAL_TARGET).doesNotExist();
    }

    // ---------------------------------------------------------------------------------------------
    // Plumbing

    /** One hostile request, the status it must get, and either a detail fragment or a check of the 2xx answer. */
    record Case(String name, Function<Service, Reply> request, int status, String detail, Consumer<Reply> check) {
        @Override
        public String toString() {
            return name;
        }
    }

    private static Case problem(String name, Function<Service, Reply> request, int status, String detail) {
        return new Case(name, request, status, detail == null ? "" : detail, reply -> { });
    }

    private static Case ok(String name, Function<Service, Reply> request, Consumer<Reply> check) {
        return new Case(name, request, 200, "", check);
    }

    /** An answer: status, Content-Type and body text. */
    record Reply(int status, String contentType, String body) {
        JsonNode json() {
            return HttpTestClient.json(body);
        }
    }

    /** The service under test, reached with java.net.http or, for requests it would refuse to send, a raw socket. */
    record Service(int port) {

        Reply post(String path, String contentType, String body) {
            return send("POST", path, contentType, utf8(body));
        }

        Reply post(String path, String contentType, byte[] body) {
            return send("POST", path, contentType, body);
        }

        Reply admin(String method, String path, String contentType, String body) {
            return send(method, path, contentType, body == null ? null : utf8(body), "Authorization", "Bearer " + TOKEN);
        }

        Reply multipart(Multipart form) {
            HttpRequest.Builder request = HttpRequest.newBuilder(URI.create("http://localhost:" + port + "/admin/retrain"))
                    .header("Content-Type", form.contentType())
                    .header("Authorization", "Bearer " + TOKEN)
                    .POST(form.publisher());
            return exchange(request);
        }

        Reply send(String method, String path, String contentType, byte[] body, String... headers) {
            HttpRequest.Builder request = HttpRequest.newBuilder(URI.create("http://localhost:" + port + path))
                    .method(method, body == null ? HttpRequest.BodyPublishers.noBody() : HttpRequest.BodyPublishers.ofByteArray(body));
            if (contentType != null) {
                request.header("Content-Type", contentType);
            }
            if (headers.length > 0) {
                request.headers(headers);
            }
            return exchange(request);
        }

        private static Reply exchange(HttpRequest.Builder request) {
            try {
                HttpResponse<String> response = CLIENT.send(request.timeout(TIMEOUT).build(), HttpResponse.BodyHandlers.ofString());
                return new Reply(response.statusCode(), response.headers().firstValue("Content-Type").orElse(""), response.body());
            } catch (HttpTimeoutException e) {
                throw new AssertionError("no answer within " + TIMEOUT, e);
            } catch (IOException e) {
                throw new UncheckedIOException(e);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                throw new IllegalStateException(e);
            }
        }

        /** Sends the request line exactly as given (no client-side normalisation or encoding) over a socket. */
        Reply raw(String method, String target, boolean admin) {
            try (Socket socket = new Socket("localhost", port)) {
                socket.setSoTimeout((int) TIMEOUT.toMillis());
                String head = method + " " + target + " HTTP/1.1\r\nHost: localhost:" + port + "\r\n"
                        + (admin ? "Authorization: Bearer " + TOKEN + "\r\n" : "")
                        + "Content-Length: 0\r\nConnection: close\r\n\r\n";
                OutputStream out = socket.getOutputStream();
                out.write(head.getBytes(StandardCharsets.ISO_8859_1));
                out.flush();
                return parse(socket.getInputStream().readAllBytes());
            } catch (IOException e) {
                throw new UncheckedIOException(e);
            }
        }

        private static Reply parse(byte[] bytes) {
            String all = new String(bytes, StandardCharsets.ISO_8859_1);
            int split = all.indexOf("\r\n\r\n");
            assertThat(split).as("an HTTP response, got: " + abbreviate(all)).isPositive();
            String[] lines = all.substring(0, split).split("\r\n");
            int status = Integer.parseInt(lines[0].split(" ")[1]);
            Map<String, String> headers = new LinkedHashMap<>();
            for (int i = 1; i < lines.length; i++) {
                int colon = lines[i].indexOf(':');
                headers.put(lines[i].substring(0, colon).strip().toLowerCase(Locale.ROOT), lines[i].substring(colon + 1).strip());
            }
            byte[] body = java.util.Arrays.copyOfRange(bytes, split + 4, bytes.length);
            if ("chunked".equalsIgnoreCase(headers.get("transfer-encoding"))) {
                body = dechunk(body);
            }
            return new Reply(status, headers.getOrDefault("content-type", ""), new String(body, StandardCharsets.UTF_8));
        }

        private static byte[] dechunk(byte[] chunked) {
            ByteArrayOutputStream out = new ByteArrayOutputStream();
            int at = 0;
            while (at < chunked.length) {
                int lineEnd = indexOf(chunked, at);
                int size = Integer.parseInt(new String(chunked, at, lineEnd - at, StandardCharsets.ISO_8859_1).split(";")[0].strip(), 16);
                if (size == 0) {
                    break;
                }
                out.write(chunked, lineEnd + 2, size);
                at = lineEnd + 2 + size + 2;
            }
            return out.toByteArray();
        }

        private static int indexOf(byte[] bytes, int from) {
            for (int i = from; i + 1 < bytes.length; i++) {
                if (bytes[i] == '\r' && bytes[i + 1] == '\n') {
                    return i;
                }
            }
            throw new IllegalStateException("truncated chunked body");
        }

        /** Polls a job until it has ended; its last snapshot. */
        Reply awaitJobEnd(String id) {
            Instant deadline = Instant.now().plus(TIMEOUT);
            while (Instant.now().isBefore(deadline)) {
                Reply job = admin("GET", "/admin/jobs/" + id, null, null);
                if (List.of("succeeded", "failed", "rejected", "cancelled").contains(job.json().get("state").asText())) {
                    return job;
                }
                try {
                    Thread.sleep(100);
                } catch (InterruptedException e) {
                    Thread.currentThread().interrupt();
                    throw new IllegalStateException(e);
                }
            }
            throw new AssertionError("job " + id + " did not end within " + TIMEOUT);
        }
    }

    /** The answer has tokens, each with a non-empty span. */
    private static void tokensHaveOffsets(Reply reply) {
        JsonNode answer = reply.json();
        assertThat(answer.get("tokens").size()).isPositive();
        for (JsonNode token : answer.get("tokens")) {
            assertThat(token.get("end").asInt()).isGreaterThan(token.get("start").asInt());
        }
    }

    private static String conllJson(String conll) {
        return conll.replace("\\", "\\\\").replace("\"", "\\\"").replace("\n", "\\n").replace("\t", "\\t");
    }

    private static byte[] utf8(String text) {
        return text.getBytes(StandardCharsets.UTF_8);
    }

    private static byte[] concat(byte[]... parts) {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        for (byte[] part : parts) {
            out.writeBytes(part);
        }
        return out.toByteArray();
    }

    private static String abbreviate(String text) {
        return text.length() <= 600 ? text : text.substring(0, 600) + "...";
    }
}
