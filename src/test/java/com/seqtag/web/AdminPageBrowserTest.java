package com.seqtag.web;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.seqtag.support.Browser;
import com.seqtag.support.HttpTestClient;
import com.seqtag.support.TinyModelDirectory;
import com.seqtag.support.TinyModels;
import com.seqtag.training.TrainingPlan;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import com.seqtag.retrain.TrainingJobs;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.openqa.selenium.By;
import org.openqa.selenium.WebElement;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.boot.test.web.server.LocalServerPort;
import org.springframework.test.context.DynamicPropertyRegistry;
import org.springframework.test.context.DynamicPropertySource;

/**
 * The admin page in a real headless Chromium: the token, the model and job lists, and a small
 * retrain from uploaded CoNLL files followed live to its verdict.
 *
 * <p>Not a {@code ServiceTestBase}: a retrain may promote a new model, which writes {@code ACTIVE}
 * in the model directory; this class gets a directory of its own so the tiny model the other
 * end-to-end tests share stays what they expect. The server trains with the tiny recipe.
 */
@SpringBootTest(webEnvironment = SpringBootTest.WebEnvironment.RANDOM_PORT)
class AdminPageBrowserTest {

    private static final String TOKEN = "web-admin-token-93c1";

    private static Browser browser;

    @LocalServerPort
    int port;

    @DynamicPropertySource
    static void properties(DynamicPropertyRegistry registry) throws IOException {
        TinyModelDirectory models = TinyModelDirectory.create();
        Path plan = Files.createTempDirectory("seqtag-web-admin").resolve("plan.json");
        new ObjectMapper().writeValue(plan.toFile(), new TrainingPlan(TinyModels.CONFIG, TinyModels.TRAINING).asMap());
        registry.add("seqtag.admin.token", () -> TOKEN);
        registry.add("seqtag.model-dir", () -> models.directory().toString());
        registry.add("seqtag.training.plan", plan::toString);
    }


    @AfterAll
    static void stopBrowser() {
        if (browser != null) {
            browser.close();
        }
    }

    @BeforeEach
    void openPage() throws InterruptedException {
        // Per test rather than in @BeforeAll, so a machine without Chromium reports each test as skipped.
        Browser.assumeAvailable();
        if (browser == null) {
            browser = Browser.start(Browser.DESKTOP);
        }
        assertThat(new HttpTestClient(port).awaitReady(Duration.ofSeconds(60))).isTrue();
        browser.open("http://localhost:" + port + "/admin.html");
    }

    @Test
    void aWrongTokenIsShownAsAMessage() {
        signIn("not-the-token");
        WebElement message = browser.until(d -> {
            WebElement m = d.findElement(By.id("message"));
            return m.isDisplayed() ? m : null;
        });
        assertThat(message.getText()).contains("the bearer token is not the admin token");
        assertThat(browser.driver().findElement(By.id("signed-in")).isDisplayed()).isFalse();
    }

    @Test
    void retrainsFromAnUploadAndDrawsTheCurvesLiveUntilTheVerdict() {
        signIn(TOKEN);
        browser.until(d -> d.findElement(By.id("signed-in")).isDisplayed());
        // The token stays in memory: nothing in storage, nothing in cookies, nothing in the address.
        assertThat(browser.script("return localStorage.length + sessionStorage.length")).isEqualTo(0L);
        assertThat(browser.script("return document.cookie")).isEqualTo("");
        assertThat(browser.driver().getCurrentUrl()).doesNotContain(TOKEN);
        List<WebElement> models = browser.driver().findElements(By.cssSelector("#models tbody tr"));
        assertThat(models).isNotEmpty();
        assertThat(browser.driver().findElements(By.cssSelector("#models tbody tr.active-row"))).hasSize(1);

        browser.driver().findElement(By.id("train-file")).sendKeys(fixture("tiny-train.conll"));
        browser.driver().findElement(By.id("valid-file")).sendKeys(fixture("tiny-valid.conll"));
        WebElement epochs = browser.driver().findElement(By.id("epochs"));
        epochs.clear();
        epochs.sendKeys("6");
        // Records what the job panel shows at every change, to see it follow the job while it runs.
        browser.script("window.seen = [];"
                + "new MutationObserver(() => window.seen.push(document.getElementById('job-state').textContent + ':'"
                + " + document.getElementById('curve').dataset.epochs))"
                + ".observe(document.getElementById('job'), {subtree: true, childList: true, characterData: true});");
        browser.driver().findElement(By.id("start")).click();

        // The job panel follows the job: the curve gains a point per finished epoch.
        browser.until(d -> d.findElement(By.id("job")).isDisplayed());
        String jobId = browser.driver().findElement(By.id("job-id")).getText();
        assertThat(jobId).isNotBlank();
        WebElement verdict = browser.until(Duration.ofSeconds(180), d -> {
            WebElement v = d.findElement(By.id("verdict"));
            return v.isDisplayed() ? v : null;
        });

        JsonNode job = HttpTestClient.json(new HttpTestClient(port).send(new HttpTestClient(port)
                .request("/admin/jobs/" + jobId).header("Authorization", "Bearer " + TOKEN).GET()).body());
        String state = job.get("state").asText();
        assertThat(state).isIn("succeeded", "rejected");
        int finishedEpochs = job.get("epochs").size();
        assertThat(finishedEpochs).isBetween(1, 6);
        WebElement curve = browser.driver().findElement(By.id("curve"));
        assertThat(curve.getAttribute("data-epochs")).isEqualTo(String.valueOf(finishedEpochs));
        assertThat(curve.findElement(By.cssSelector("polyline.loss")).getAttribute("data-points"))
                .isEqualTo(String.valueOf(finishedEpochs));
        assertThat(curve.findElements(By.cssSelector("circle.f1"))).hasSize(finishedEpochs);
        assertThat(browser.driver().findElements(By.cssSelector("#epochs-table tbody tr"))).hasSize(finishedEpochs);
        assertThat(browser.driver().findElement(By.id("job-state")).getText()).isEqualTo(state);
        assertThat(browser.driver().findElement(By.id("job-started-from")).getText())
                .isEqualTo("scratch (random weights)");
        assertThat(browser.driver().findElement(By.id("job-replica")).getText())
                .as("the replica training it: this test's service runs in this JVM")
                .isEqualTo(TrainingJobs.Cluster.thisReplica());
        @SuppressWarnings("unchecked")
        List<String> seen = (List<String>) browser.script("return window.seen");
        assertThat(seen).as("the panel showed the job running, then its end").anyMatch(s -> s.startsWith("running:"))
                .last().isEqualTo(state + ":" + finishedEpochs);
        if (state.equals("succeeded")) {
            assertThat(verdict.getText()).startsWith("Promoted").contains(job.get("modelVersion").asText());
        } else {
            assertThat(verdict.getText()).startsWith("Rejected: the active model stays.");
        }
        assertThat(verdict.getText()).contains(String.format(java.util.Locale.ROOT, "Candidate F1 %.2f vs active model",
                job.get("gate").get("candidateF1").asDouble()));
        // The lists were refreshed: the new version is listed, and the job with its outcome.
        browser.until(d -> d.findElements(By.cssSelector("#models tbody tr")).size() == models.size() + 1);
        browser.until(d -> d.findElements(By.cssSelector("#jobs tbody tr[data-id='" + jobId + "']")).size() == 1);
        browser.screenshot("admin-page");
    }

    @Test
    void startingFromTheActiveModelIsAChoiceAndTheJobShowsTheStartingModel() {
        signIn(TOKEN);
        browser.until(d -> d.findElement(By.id("signed-in")).isDisplayed());
        String active = HttpTestClient.json(new HttpTestClient(port).get("/model")).get("version").asText();
        assertThat(browser.driver().findElement(By.id("init-scratch")).isSelected()).as("the default").isTrue();

        browser.driver().findElement(By.id("train-file")).sendKeys(fixture("new-type-train.conll"));
        browser.driver().findElement(By.id("valid-file")).sendKeys(fixture("new-type-valid.conll"));
        WebElement epochs = browser.driver().findElement(By.id("epochs"));
        epochs.clear();
        epochs.sendKeys("2");
        browser.driver().findElement(By.id("init-active")).click();
        browser.driver().findElement(By.id("start")).click();

        browser.until(d -> d.findElement(By.id("job")).isDisplayed());
        browser.until(d -> d.findElement(By.id("job-started-from")).getText().equals("model " + active));
        String jobId = browser.driver().findElement(By.id("job-id")).getText();
        browser.until(Duration.ofSeconds(180), d -> d.findElement(By.id("verdict")).isDisplayed());
        JsonNode job = HttpTestClient.json(new HttpTestClient(port).send(new HttpTestClient(port)
                .request("/admin/jobs/" + jobId).header("Authorization", "Bearer " + TOKEN).GET()).body());
        assertThat(job.get("startedFrom").asText()).isEqualTo(active);
        assertThat(job.get("overrides").get("initFrom").asText()).isEqualTo("active");
        assertThat(browser.driver().findElement(By.id("job-started-from")).getText()).isEqualTo("model " + active);
    }

    private static void signIn(String token) {
        WebElement field = browser.driver().findElement(By.id("token"));
        field.clear();
        field.sendKeys(token);
        browser.driver().findElement(By.id("sign-in")).click();
    }

    private static String fixture(String name) {
        try {
            Path file = Files.createTempDirectory("seqtag-upload").resolve(name);
            Files.writeString(file, TinyModels.fixtureText(name));
            return file.toAbsolutePath().toString();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
