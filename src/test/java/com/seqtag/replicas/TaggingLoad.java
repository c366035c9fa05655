package com.seqtag.replicas;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.seqtag.support.HaproxyProcess;
import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Collection;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.stream.Collectors;

/**
 * Clients tagging through HAProxy the whole time a scenario runs, each on its own thread and
 * connection, one request after the other: every answer is recorded with its client, when it was
 * sent and received, its status, the model version it names and the replica that served it.
 */
final class TaggingLoad implements AutoCloseable {

    private static final ObjectMapper JSON = new ObjectMapper();
    private static final String[] TEXTS = {
        "Peter Blackburn reports from Brussels.",
        "EU rejects German call to boycott British lamb.",
        "Angela Merkel visited Paris on Tuesday.",
        "Shares of Microsoft rose in New York trading."
    };
    /**
     * A short pause between one client's requests: 8 clients saturating two cores would starve the
     * replicas' own work (polling the store, loading a model, training) that the scenarios measure.
     */
    private static final Duration PAUSE = Duration.ofMillis(40);

    private final URI tag;
    private final AtomicBoolean running = new AtomicBoolean(true);
    private final ConcurrentLinkedQueue<Answer> answers = new ConcurrentLinkedQueue<>();
    private final List<Thread> clients = new ArrayList<>();
    private final long origin = System.nanoTime();

    private TaggingLoad(URI base) {
        this.tag = base.resolve("/tag");
    }

    /** Starts {@code clients} clients sending {@code POST /tag} to {@code base}. */
    static TaggingLoad start(URI base, int clients) {
        TaggingLoad load = new TaggingLoad(base);
        for (int client = 0; client < clients; client++) {
            int id = client;
            Thread thread = new Thread(() -> load.tagUntilStopped(id), "tagging-client-" + id);
            thread.setDaemon(true);
            load.clients.add(thread);
            thread.start();
        }
        return load;
    }

    /**
     * One request's outcome.
     *
     * @param client   which client sent it
     * @param sentAt   when it was sent, in ms since the load started
     * @param answeredAt when its answer (or error) came, in ms since the load started
     * @param status   the HTTP status, or 0 when no answer came (connection error, time-out)
     * @param model    the model version the answer names (null unless 200)
     * @param servedBy the replica HAProxy sent it to (null when none answered)
     * @param error    what went wrong, or null
     */
    record Answer(int client, double sentAt, double answeredAt, int status, String model, String servedBy,
                  String error) {

        boolean failed() {
            return status != 200;
        }

        @Override
        public String toString() {
            return "client " + client + " sent at " + Math.round(sentAt) + " ms: " + status
                    + (error != null ? " " + error : "") + (model != null ? " " + model : "")
                    + (servedBy != null ? " from " + servedBy : "");
        }
    }

    /** Milliseconds since the load started, on the answers' clock. */
    double now() {
        return (System.nanoTime() - origin) / 1e6;
    }

    /** Every answer so far. */
    List<Answer> answers() {
        return answers.stream().sorted(Comparator.comparingDouble(Answer::sentAt)).toList();
    }

    /** Stops the clients after their request in flight and returns every answer, oldest first. */
    List<Answer> stop() throws InterruptedException {
        running.set(false);
        for (Thread client : clients) {
            client.join(Duration.ofSeconds(90).toMillis());
        }
        return answers();
    }

    @Override
    public void close() throws InterruptedException {
        stop();
    }

    /** The failed answers (anything but 200). */
    static List<Answer> failures(Collection<Answer> answers) {
        return answers.stream().filter(Answer::failed).toList();
    }

    /** How many answers each replica served. */
    static Map<String, Long> perReplica(Collection<Answer> answers) {
        return answers.stream().filter(answer -> answer.servedBy() != null)
                .collect(Collectors.groupingBy(Answer::servedBy, TreeMap::new, Collectors.counting()));
    }

    /** How many answers named each model version. */
    static Map<String, Long> perModel(Collection<Answer> answers) {
        return answers.stream().filter(answer -> answer.model() != null)
                .collect(Collectors.groupingBy(Answer::model, TreeMap::new, Collectors.counting()));
    }

    private void tagUntilStopped(int client) {
        // HTTP/1.1: no h2c upgrade attempt; one keep-alive connection per client through HAProxy.
        HttpClient http = HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1)
                .connectTimeout(Duration.ofSeconds(5)).build();
        int sent = 0;
        while (running.get()) {
            String text = TEXTS[(client + sent++) % TEXTS.length];
            HttpRequest request = HttpRequest.newBuilder(tag)
                    .timeout(Duration.ofSeconds(60))
                    .header("Content-Type", "application/json")
                    .POST(HttpRequest.BodyPublishers.ofString("{\"text\": \"" + text + "\"}"))
                    .build();
            double sentAt = now();
            try {
                HttpResponse<String> response = http.send(request, HttpResponse.BodyHandlers.ofString());
                String servedBy = response.headers().firstValue(HaproxyProcess.SERVED_BY).orElse(null);
                if (response.statusCode() == 200) {
                    JsonNode body = JSON.readTree(response.body());
                    answers.add(new Answer(client, sentAt, now(), 200, body.path("model").asText(null), servedBy, null));
                } else {
                    answers.add(new Answer(client, sentAt, now(), response.statusCode(), null, servedBy,
                            response.body().length() > 300 ? response.body().substring(0, 300) : response.body()));
                }
            } catch (IOException e) {
                answers.add(new Answer(client, sentAt, now(), 0, null, null, e.toString()));
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                return;
            }
            try {
                Thread.sleep(PAUSE.toMillis());
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                return;
            }
        }
    }
}
