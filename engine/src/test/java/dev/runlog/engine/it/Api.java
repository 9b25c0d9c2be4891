package dev.runlog.engine.it;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.net.URI;
import java.net.URLEncoder;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.locks.LockSupport;
import java.util.function.Predicate;
import java.util.function.Supplier;

/** A small JSON client of the REST API for tests, with polling against a deadline. */
public final class Api {
  private static final long POLL_INTERVAL_NANOS = TimeUnit.MILLISECONDS.toNanos(50);
  public static final Duration DEADLINE = Duration.ofSeconds(60);
  private static final ObjectMapper JSON = new ObjectMapper();
  private final HttpClient http;
  private final String baseUrl;
  private final String key;

  public Api(String baseUrl) {
    this(baseUrl, HttpClient.newHttpClient(), null);
  }

  /**
   * A client that sends {@code key} (null: none) as its Bearer token, through {@code http} (HTTPS:
   * with the trust it needs).
   */
  public Api(String baseUrl, HttpClient http, String key) {
    this.baseUrl = baseUrl;
    this.http = http;
    this.key = key;
  }

  /** An HTTP answer: its status and JSON body. */
  public record Answer(int status, JsonNode body) {}

  /** The engine's address, for a request this class does not make (a stream). */
  public String baseUrl() {
    return baseUrl;
  }

  public Answer get(String path) {
    return send(HttpRequest.newBuilder(URI.create(baseUrl + path)).GET());
  }

  /** {@code GET path} with these request headers. */
  public Answer get(String path, Map<String, String> headers) {
    HttpRequest.Builder request = HttpRequest.newBuilder(URI.create(baseUrl + path)).GET();
    headers.forEach(request::header);
    return send(request);
  }

  /**
   * One path segment (a run or job id) as a client must send it: percent-encoded, a space as %20.
   */
  public static String segment(String id) {
    return URLEncoder.encode(id, StandardCharsets.UTF_8).replace("+", "%20");
  }

  /** The body of {@code GET path} as text, for answers that are not JSON. */
  public String text(String path) {
    try {
      HttpRequest.Builder request = HttpRequest.newBuilder(URI.create(baseUrl + path)).GET();
      if (key != null) {
        request.header("Authorization", "Bearer " + key);
      }
      return http.send(request.build(), HttpResponse.BodyHandlers.ofString()).body();
    } catch (IOException e) {
      throw new AssertionError("GET " + path + " failed", e);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new AssertionError("interrupted", e);
    }
  }

  public Answer post(String path, String json) {
    return send(
        HttpRequest.newBuilder(URI.create(baseUrl + path))
            .header("Content-Type", "application/json")
            .POST(HttpRequest.BodyPublishers.ofString(json)));
  }

  public Answer put(String path, String json) {
    return send(
        HttpRequest.newBuilder(URI.create(baseUrl + path))
            .header("Content-Type", "application/json")
            .PUT(HttpRequest.BodyPublishers.ofString(json)));
  }

  public Answer delete(String path) {
    return send(HttpRequest.newBuilder(URI.create(baseUrl + path)).DELETE());
  }

  /**
   * Polls {@code path} until its answer satisfies {@code done}, or fails at the deadline with the
   * last answer.
   */
  public JsonNode await(String path, Predicate<Answer> done) {
    return awaitAnswer(() -> get(path), done, "GET " + path).body();
  }

  /**
   * Sends {@code request} again until its answer satisfies {@code done}; fails at the deadline with
   * the last answer.
   */
  public static Answer awaitAnswer(Supplier<Answer> request, Predicate<Answer> done, String what) {
    return awaitAnswer(request, done, what, DEADLINE);
  }

  /** {@link #awaitAnswer(Supplier, Predicate, String)} with a deadline of its own. */
  public static Answer awaitAnswer(
      Supplier<Answer> request, Predicate<Answer> done, String what, Duration within) {
    Instant deadline = Instant.now().plus(within);
    Answer last = null;
    while (Instant.now().isBefore(deadline)) {
      last = request.get();
      if (done.test(last)) {
        return last;
      }
      pause();
    }
    throw new AssertionError(what + " never matched; last answer: " + last);
  }

  /**
   * Waits until instance {@code engine} sees the runs' partitions shared by {@code instances}
   * instances (a joining instance gets its share a rebalance or two after it starts); fails at the
   * deadline.
   */
  public static void awaitSpread(dev.runlog.engine.RunlogEngine engine, int instances) {
    Instant deadline = Instant.now().plus(DEADLINE);
    java.util.Set<String> owners = java.util.Set.of();
    while (Instant.now().isBefore(deadline)) {
      owners =
          java.util.stream.IntStream.range(0, 64)
              .mapToObj(i -> engine.ownerOf("run_spread_" + i))
              .filter(java.util.Objects::nonNull)
              .collect(java.util.stream.Collectors.toSet());
      if (owners.size() == instances) {
        return;
      }
      pause();
    }
    throw new AssertionError("the runs' partitions never spread over " + instances + ": " + owners);
  }

  /** Waits until the run of event {@code eventId} reaches {@code status}; returns the run. */
  public JsonNode awaitRunOfEvent(String eventId, String status) {
    JsonNode runs =
        await(
            "/api/events/" + eventId + "/runs",
            a ->
                a.status() == 200
                    && a.body().path("runs").size() > 0
                    && status.equals(a.body().path("runs").get(0).path("status").asText()));
    return runs.path("runs").get(0);
  }

  /** Waits until job {@code jobId} is registered with the engine. */
  public void awaitJob(String jobId) {
    await(
        "/api/jobs",
        a -> {
          if (a.status() != 200) {
            return false;
          }
          for (JsonNode job : a.body().path("jobs")) {
            if (jobId.equals(job.path("id").asText())) {
              return true;
            }
          }
          return false;
        });
  }

  private Answer send(HttpRequest.Builder request) {
    if (key != null) {
      request.setHeader("Authorization", "Bearer " + key);
    }
    try {
      HttpResponse<String> response =
          http.send(
              request.timeout(Duration.ofSeconds(30)).build(),
              HttpResponse.BodyHandlers.ofString());
      JsonNode body = response.body().isEmpty() ? JSON.nullNode() : JSON.readTree(response.body());
      return new Answer(response.statusCode(), body);
    } catch (IOException e) {
      return new Answer(-1, JSON.getNodeFactory().textNode(e.toString()));
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new AssertionError("interrupted", e);
    }
  }

  /**
   * The polling interval: this paces a poll loop that has a deadline, it does not wait for
   * anything.
   */
  public static void pause() {
    LockSupport.parkNanos(POLL_INTERVAL_NANOS);
    if (Thread.interrupted()) {
      throw new AssertionError("interrupted");
    }
  }
}
