package com.seqtag.api;

import static org.assertj.core.api.Assertions.assertThat;

import com.seqtag.support.HttpTestClient;
import java.net.http.HttpResponse;
import java.time.Duration;
import org.junit.jupiter.api.Test;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.boot.test.web.server.LocalServerPort;

/** Without seqtag.admin.token the admin endpoints do not exist, whatever token a client sends. */
@SpringBootTest(webEnvironment = SpringBootTest.WebEnvironment.RANDOM_PORT, properties = "seqtag.admin.token=")
class AdminDisabledTest {

    @LocalServerPort
    int port;

    @Test
    void everyAdminRouteAnswers404() throws InterruptedException {
        HttpTestClient http = new HttpTestClient(port);
        assertThat(http.awaitReady(Duration.ofSeconds(60))).isTrue();
        for (HttpResponse<String> response : java.util.List.of(
                http.get("/admin/jobs"),
                http.get("/admin/models"),
                http.send(http.request("/admin/jobs/x").header("Authorization", "Bearer anything").GET()),
                http.postJson("/admin/retrain", "{\"config\": {\"epochs\": 1}}"))) {
            assertThat(response.statusCode()).isEqualTo(404);
            assertThat(response.headers().firstValue("Content-Type")).hasValueSatisfying(type ->
                    assertThat(type).startsWith("application/problem+json"));
            assertThat(HttpTestClient.json(response).get("detail").asText()).contains("disabled");
        }
    }
}
