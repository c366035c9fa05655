package com.seqtag.api;

import static org.assertj.core.api.Assertions.assertThat;

import com.seqtag.support.HttpTestClient;
import com.seqtag.support.TinyModelDirectory;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.Socket;
import java.net.SocketTimeoutException;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.boot.test.web.server.LocalServerPort;
import org.springframework.test.context.DynamicPropertyRegistry;
import org.springframework.test.context.DynamicPropertySource;

/**
 * Slow clients cannot exhaust the server: clients that stall while sending headers hold no thread,
 * clients that stall in the body are cut by the connection timeout, and a client that trickles its
 * body gets 408 once {@code seqtag.http.max-body-read-time} has passed. Runs with four request
 * threads so that "exhausted" is easy to reach.
 */
@SpringBootTest(webEnvironment = SpringBootTest.WebEnvironment.RANDOM_PORT, properties = {
    "server.tomcat.threads.max=4",
    "server.tomcat.threads.min-spare=1",
    "server.tomcat.connection-timeout=1s",
    "seqtag.http.max-body-read-time=2s"})
class SlowClientEndToEndTest {

    private static final TinyModelDirectory MODELS = TinyModelDirectory.create();

    @LocalServerPort
    int port;

    private HttpTestClient http;
    private final List<Socket> slowClients = new ArrayList<>();

    @DynamicPropertySource
    static void modelDirectory(DynamicPropertyRegistry registry) {
        registry.add("seqtag.model-dir", () -> MODELS.directory().toString());
    }

    @BeforeEach
    void awaitReadiness() throws InterruptedException {
        http = new HttpTestClient(port);
        assertThat(http.awaitReady(Duration.ofSeconds(60))).isTrue();
    }

    @AfterEach
    void closeSlowClients() throws IOException {
        for (Socket socket : slowClients) {
            socket.close();
        }
    }

    @Test
    void clientsStalledInHeadersOrBodiesDoNotStarveOthers() throws Exception {
        // Twice as many stalled headers as threads: with NIO they wait without a thread.
        for (int i = 0; i < 8; i++) {
            send(open(), "POST /tag HTTP/1.1\r\nHost: localhost\r\nContent-Ty");
        }
        long start = System.nanoTime();
        assertThat(tag().statusCode()).isEqualTo(200);
        assertThat(Duration.ofNanos(System.nanoTime() - start)).as("answered without waiting for a timeout")
                .isLessThan(Duration.ofMillis(900));

        // As many stalled bodies as threads: each holds a thread until the 1 s connection timeout.
        for (int i = 0; i < 4; i++) {
            send(open(), headers(100) + "{\"text\": \"Anna");
        }
        Thread.sleep(200);
        HttpResponse<String> response = tag();
        assertThat(response.statusCode()).as(response.body()).isEqualTo(200);
    }

    @Test
    void aTrickledBodyGets408OnceTheBodyReadTimeHasPassed() throws Exception {
        Socket socket = open();
        socket.setSoTimeout(15_000);
        String body = "{\"text\": \"" + "a".repeat(200) + "\"}";
        send(socket, headers(body.length()));
        InputStream in = socket.getInputStream();
        long start = System.nanoTime();
        // One byte every 300 ms: always inside the 1 s connection timeout, never done in 2 s.
        for (int i = 0; i < body.length() && in.available() == 0; i++) {
            try {
                send(socket, body.substring(i, i + 1));
            } catch (IOException closedByServer) {
                break;
            }
            Thread.sleep(300);
        }
        String answer = readAll(in);
        assertThat(answer).startsWith("HTTP/1.1 408");
        assertThat(answer).contains("application/problem+json").contains("seqtag.http.max-body-read-time");
        assertThat(Duration.ofNanos(System.nanoTime() - start)).isBetween(Duration.ofSeconds(2), Duration.ofSeconds(6));
        assertThat(tag().statusCode()).isEqualTo(200);
    }

    private HttpResponse<String> tag() {
        return http.postJson("/tag", "{\"text\": \"Anna Berg visited Oslo .\"}");
    }

    private String headers(int contentLength) {
        return "POST /tag HTTP/1.1\r\nHost: localhost\r\nContent-Type: application/json\r\nContent-Length: "
                + contentLength + "\r\n\r\n";
    }

    private Socket open() throws IOException {
        Socket socket = new Socket("localhost", port);
        slowClients.add(socket);
        return socket;
    }

    private static void send(Socket socket, String text) throws IOException {
        OutputStream out = socket.getOutputStream();
        out.write(text.getBytes(StandardCharsets.UTF_8));
        out.flush();
    }

    private static String readAll(InputStream in) throws IOException {
        StringBuilder text = new StringBuilder();
        byte[] buffer = new byte[4096];
        try {
            for (int n; (n = in.read(buffer)) > 0; ) {
                text.append(new String(buffer, 0, n, StandardCharsets.UTF_8));
            }
        } catch (SocketTimeoutException | java.net.SocketException e) {
            // The server closed or stopped answering: what arrived is the answer.
        }
        return text.toString();
    }
}
