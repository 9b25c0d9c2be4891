package dev.runlog.cli;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.ConnectException;
import java.net.URI;
import java.net.URLEncoder;
import java.net.http.HttpClient;
import java.net.http.HttpConnectTimeoutException;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.net.http.HttpTimeoutException;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.Optional;
import java.util.StringJoiner;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicLong;
import java.util.function.Predicate;
import java.util.stream.Collectors;
import java.util.stream.Stream;
import javax.net.ssl.SSLHandshakeException;

/**
 * The CLI's only way to the engine: JSON over HTTP to its REST API. Every way a call can go wrong
 * ends in a {@link Failure} that carries its exit code, so the commands only format answers.
 */
final class EngineClient {
  static final ObjectMapper JSON = new ObjectMapper();

  /** A wrong --url should fail fast; a busy engine still accepts a connection within this. */
  private static final Duration CONNECT_TIMEOUT = Duration.ofSeconds(5);

  /**
   * Queries read local stores and events wait for one Kafka ack: an answer this late means a stuck
   * engine.
   */
  private static final Duration REQUEST_TIMEOUT = Duration.ofSeconds(30);

  /**
   * The engine writes at least a heartbeat every 2 s on a stream: one silent this long is a dead
   * connection.
   */
  private static final Duration STREAM_SILENCE = Duration.ofSeconds(30);

  /** How often a stream's time-out and silence are checked. */
  private static final long WATCHDOG_MS = 200;

  private final String baseUrl;
  private final String apiKey;
  // HTTP/1.1 because the engine does not speak h2c: asking for HTTP/2 would only add an upgrade
  // attempt
  private final HttpClient http =
      HttpClient.newBuilder()
          .version(HttpClient.Version.HTTP_1_1)
          .connectTimeout(CONNECT_TIMEOUT)
          .build();

  /**
   * @param apiKey the key sent as {@code Authorization: Bearer}, or null for none
   * @throws IllegalArgumentException if {@code baseUrl} is not an http(s) URL with a host
   */
  EngineClient(String baseUrl, String apiKey) {
    this.apiKey = apiKey;
    URI uri = URI.create(baseUrl);
    if (!("http".equals(uri.getScheme()) || "https".equals(uri.getScheme()))
        || uri.getHost() == null) {
      throw new IllegalArgumentException(
          "'" + baseUrl + "' is not an http(s) URL such as http://localhost:8080");
    }
    this.baseUrl = baseUrl.replaceAll("/+$", "");
  }

  /** A failed call: the message for stderr and the exit code it ends the command with. */
  static final class Failure extends RuntimeException {
    private final int exitCode;
    private final int httpStatus;

    Failure(int exitCode, String message) {
      this(exitCode, 0, message);
    }

    Failure(int exitCode, int httpStatus, String message) {
      super(message);
      this.exitCode = exitCode;
      this.httpStatus = httpStatus;
    }

    int exitCode() {
      return exitCode;
    }

    /** The engine's HTTP status, or 0 when it did not answer. */
    int httpStatus() {
      return httpStatus;
    }
  }

  JsonNode get(String path) {
    return send(request(path).GET());
  }

  /** GET, or empty when the engine answers 404: not there (or, just after a send, not yet). */
  Optional<JsonNode> find(String path) {
    try {
      return Optional.of(get(path));
    } catch (Failure e) {
      if (e.httpStatus() == 404) {
        return Optional.empty();
      }
      throw e;
    }
  }

  /**
   * Reads the Server-Sent Events stream at {@code path}, giving each event to {@code events} until
   * the engine ends the stream, {@code events} returns false, {@code timeout} passes, or the stream
   * falls silent for {@link #STREAM_SILENCE} (a connection that died without a word). No request
   * time-out otherwise: the stream lasts as long as what it follows. Whoever calls this tells those
   * ends apart by what it has seen and by {@link Timeout#passed()}.
   */
  void stream(String path, Predicate<ServerEvents.Event> events, Timeout timeout) {
    HttpRequest request = request(path, "text/event-stream").build();
    HttpResponse<Stream<String>> response = exchange(request, HttpResponse.BodyHandlers.ofLines());
    AtomicBoolean closed = new AtomicBoolean();
    AtomicLong lastLine = new AtomicLong(System.nanoTime());
    ScheduledExecutorService watchdog =
        Executors.newSingleThreadScheduledExecutor(
            r -> {
              Thread t = new Thread(r, "runlog-stream-watchdog");
              t.setDaemon(true);
              return t;
            });
    try (Stream<String> lines = response.body()) {
      if (response.statusCode() != 200) {
        check(request, response.statusCode(), lines.collect(Collectors.joining("\n")));
        throw unreachable("answered " + response.statusCode() + " instead of a stream of events");
      }
      // closing the body is what ends a read that waits for the next line
      watchdog.scheduleAtFixedRate(
          () -> {
            if (timeout.passed() || System.nanoTime() - lastLine.get() > STREAM_SILENCE.toNanos()) {
              closed.set(true);
              lines.close();
            }
          },
          WATCHDOG_MS,
          WATCHDOG_MS,
          TimeUnit.MILLISECONDS);
      ServerEvents.read(lines.peek(line -> lastLine.set(System.nanoTime())).iterator(), events);
    } catch (UncheckedIOException e) {
      if (!closed.get()) {
        throw unreachable("the stream broke: " + e.getCause().getMessage());
      }
    } finally {
      watchdog.shutdownNow();
    }
  }

  JsonNode post(String path, JsonNode body) {
    return send(
        request(path)
            .header("Content-Type", "application/json")
            .POST(HttpRequest.BodyPublishers.ofString(body.toString())));
  }

  JsonNode put(String path, JsonNode body) {
    return send(
        request(path)
            .header("Content-Type", "application/json")
            .PUT(HttpRequest.BodyPublishers.ofString(body.toString())));
  }

  JsonNode delete(String path) {
    return send(request(path).DELETE());
  }

  /**
   * A POST that carries nothing (cancel, replay): still an empty JSON object, declared as JSON,
   * since the engine refuses a POST of any other content type.
   */
  JsonNode post(String path) {
    return post(path, JSON.createObjectNode());
  }

  /** One path segment, such as a run or job id, escaped so that it stays one segment. */
  static String segment(String value) {
    return URLEncoder.encode(value, StandardCharsets.UTF_8).replace("+", "%20");
  }

  /** {@code ?k=v&...} of the pairs whose value is not null, or "" when there is none. */
  static String query(String... keysAndValues) {
    StringJoiner query = new StringJoiner("&", "?", "").setEmptyValue("");
    for (int i = 0; i + 1 < keysAndValues.length; i += 2) {
      if (keysAndValues[i + 1] != null) {
        query.add(
            URLEncoder.encode(keysAndValues[i], StandardCharsets.UTF_8)
                + "="
                + URLEncoder.encode(keysAndValues[i + 1], StandardCharsets.UTF_8));
      }
    }
    return query.toString();
  }

  private HttpRequest.Builder request(String path) {
    return request(path, "application/json").timeout(REQUEST_TIMEOUT);
  }

  private HttpRequest.Builder request(String path, String accept) {
    HttpRequest.Builder request =
        HttpRequest.newBuilder(URI.create(baseUrl + path)).header("Accept", accept);
    if (apiKey != null) {
      request.header("Authorization", "Bearer " + apiKey);
    }
    return request;
  }

  private JsonNode send(HttpRequest.Builder builder) {
    HttpRequest request = builder.build();
    HttpResponse<String> response = exchange(request, HttpResponse.BodyHandlers.ofString());
    return check(request, response.statusCode(), response.body());
  }

  private <T> HttpResponse<T> exchange(HttpRequest request, HttpResponse.BodyHandler<T> body) {
    try {
      return http.send(request, body);
    } catch (HttpConnectTimeoutException e) {
      throw unreachable("no connection within " + CONNECT_TIMEOUT.toSeconds() + "s");
    } catch (HttpTimeoutException e) {
      throw unreachable("no answer within " + REQUEST_TIMEOUT.toSeconds() + "s");
    } catch (ConnectException e) {
      throw unreachable("connection refused");
    } catch (IOException e) {
      if (e instanceof SSLHandshakeException || e.getCause() instanceof SSLHandshakeException) {
        throw unreachable(
            "its TLS certificate is not trusted ("
                + e.getMessage()
                + "); give java its CA or certificate with "
                + "RUNLOG_JAVA_OPTS='-Djavax.net.ssl.trustStore=<file> -Djavax.net.ssl.trustStorePassword=<password>'");
      }
      throw unreachable(e.toString());
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw unreachable("interrupted");
    }
  }

  /** The engine's JSON answer, or the failure its status means. */
  private JsonNode check(HttpRequest request, int status, String text) {
    JsonNode body = parse(text);
    String said =
        body != null && body.hasNonNull("error") ? body.get("error").asText() : abbreviate(text);
    if (status == 401) {
      throw new Failure(
          EngineConnection.REFUSED,
          status,
          said
              + " (401 from "
              + request.method()
              + " "
              + request.uri()
              + "): "
              + (apiKey == null
                  ? "the engine needs an API key: set RUNLOG_API_KEY or --api-key"
                  : "the engine does not know this API key"));
    }
    if (status >= 400 && status < 500) {
      throw new Failure(
          EngineConnection.REFUSED,
          status,
          said + " (" + status + " from " + request.method() + " " + request.uri() + ")");
    }
    if (status >= 500) {
      throw new Failure(
          EngineConnection.UNREACHABLE,
          status,
          "the engine at " + baseUrl + " cannot answer now (" + status + "): " + said);
    }
    if (status / 100 != 2
        || body == null) { // a proxy, a redirect, or some other server at that URL
      throw unreachable(
          "answered " + status + " without engine JSON: " + said + "; is --url a runlog engine?");
    }
    return body;
  }

  private Failure unreachable(String why) {
    return new Failure(
        EngineConnection.UNREACHABLE,
        "cannot reach the engine at "
            + baseUrl
            + ": "
            + why
            + " (set --url or RUNLOG_URL to the engine's REST address)");
  }

  private static JsonNode parse(String body) {
    try {
      return body == null || body.isBlank() ? null : JSON.readTree(body);
    } catch (JsonProcessingException e) {
      return null;
    }
  }

  private static String abbreviate(String body) {
    return body == null || body.isBlank() ? "(empty body)" : Cells.truncate(body.strip(), 200);
  }
}
