package dev.runlog.connectors.http;

import dev.runlog.connectors.integration.Credentials;
import dev.runlog.connectors.integration.IntegrationException;
import java.io.IOException;
import java.io.InputStream;
import java.net.ConnectException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpConnectTimeoutException;
import java.net.http.HttpHeaders;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.net.http.HttpTimeoutException;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.time.ZonedDateTime;
import java.time.format.DateTimeFormatter;
import java.time.format.DateTimeParseException;
import java.util.ArrayList;
import java.util.Base64;
import java.util.List;
import java.util.Optional;

/**
 * What every integration that speaks HTTP needs, on the JDK's {@link HttpClient}: credentials as
 * headers, a call whose network failures are retryable {@link IntegrationException}s, and an
 * answer's status turned into a failure that says whether to retry and when ({@code Retry-After}).
 * {@link Http} and {@code Slack} are built on it; so can yours be. Messages never hold a secret: a
 * body excerpt has the credentials' secrets masked.
 */
public final class HttpCall {
  /** How long a call may take unless its request says otherwise. */
  public static final Duration DEFAULT_TIMEOUT = Duration.ofSeconds(30);

  /**
   * The largest body read: a response is a task's output, kept in the run's log (a Kafka record).
   */
  public static final int MAX_BODY_BYTES = 512 * 1024;

  private static final int EXCERPT_CHARS = 200;

  private HttpCall() {}

  /**
   * An answer: its status, headers and body (at most {@link #MAX_BODY_BYTES}).
   *
   * @param complete false when the body was longer and was cut
   */
  public record Answer(int status, HttpHeaders headers, byte[] body, boolean complete) {
    /** The body as text, in the charset its content type names (UTF-8 by default). */
    public String text() {
      return new String(body, ContentType.of(headers).charset());
    }
  }

  /** Sets the headers that carry {@code credentials} (none when null) and returns the builder. */
  public static HttpRequest.Builder authorize(
      HttpRequest.Builder builder, Credentials credentials) {
    if (credentials instanceof Credentials.Bearer b) {
      builder.setHeader("Authorization", "Bearer " + b.token());
    } else if (credentials instanceof Credentials.Basic b) {
      builder.setHeader("Authorization", "Basic " + basic(b));
    } else if (credentials instanceof Credentials.ApiKey k) {
      builder.setHeader(k.header(), k.value());
    }
    return builder;
  }

  /**
   * Sends {@code request}; {@code what} names the call in messages ({@link #describe}).
   *
   * @throws IntegrationException retryable, when the host cannot be reached or does not answer in
   *     time
   */
  public static Answer send(HttpClient client, HttpRequest request, String what)
      throws InterruptedException {
    HttpResponse<InputStream> response;
    try {
      response = client.send(request, HttpResponse.BodyHandlers.ofInputStream());
    } catch (HttpConnectTimeoutException e) {
      throw new IntegrationException(what + ": cannot connect: timed out", e, true);
    } catch (HttpTimeoutException e) {
      Duration timeout = request.timeout().orElse(DEFAULT_TIMEOUT);
      throw new IntegrationException(
          what + ": no answer within " + timeout.toMillis() + " ms", e, true);
    } catch (ConnectException e) {
      throw new IntegrationException(
          what + ": cannot connect to " + hostOf(request.uri()) + " (connection refused)", e, true);
    } catch (IOException e) {
      throw new IntegrationException(
          what + ": " + (e.getMessage() == null ? e.getClass().getSimpleName() : e.getMessage()),
          e,
          true);
    }
    try (InputStream in = response.body()) {
      byte[] body = in.readNBytes(MAX_BODY_BYTES + 1);
      boolean complete = body.length <= MAX_BODY_BYTES;
      if (!complete) {
        body = java.util.Arrays.copyOf(body, MAX_BODY_BYTES);
      }
      return new Answer(response.statusCode(), response.headers(), body, complete);
    } catch (IOException e) {
      throw new IntegrationException(what + ": the answer broke off: " + e.getMessage(), e, true);
    }
  }

  /**
   * The failure an answer of status 400 or more is, or null below 400: 5xx and 429 are retryable,
   * not sooner than its {@code Retry-After}; any other 4xx is not (trying again cannot help). The
   * message has the status and an excerpt of the body, with {@code credentials}' secrets masked.
   */
  public static IntegrationException failure(
      String what, Answer answer, Credentials credentials, Instant now) {
    int status = answer.status();
    if (status < 400) {
      return null;
    }
    String message = what + ": " + status + excerpt(answer, credentials);
    if (status >= 500 || status == 429) {
      return new IntegrationException(
          message, true, retryAfter(answer.headers(), now).orElse(null));
    }
    return new IntegrationException(message, false);
  }

  /** The wait an answer's {@code Retry-After} asks for, if it has a readable one. */
  public static Optional<Duration> retryAfter(HttpHeaders headers, Instant now) {
    return headers.firstValue("Retry-After").flatMap(v -> retryAfter(v, now));
  }

  /**
   * A {@code Retry-After} value: seconds ({@code 120}) or an HTTP date ({@code Wed, 21 Oct 2015
   * 07:28:00 GMT}), as the wait from {@code now}; a date passed is no wait. Empty when unreadable.
   */
  public static Optional<Duration> retryAfter(String value, Instant now) {
    if (value == null || value.isBlank()) {
      return Optional.empty();
    }
    String v = value.strip();
    if (v.chars().allMatch(Character::isDigit)) {
      try {
        return Optional.of(Duration.ofSeconds(Long.parseLong(v)));
      } catch (NumberFormatException e) {
        return Optional.empty(); // too many digits
      }
    }
    try {
      Instant at = ZonedDateTime.parse(v, DateTimeFormatter.RFC_1123_DATE_TIME).toInstant();
      return Optional.of(at.isAfter(now) ? Duration.between(now, at) : Duration.ZERO);
    } catch (DateTimeParseException e) {
      return Optional.empty();
    }
  }

  /** {@code METHOD scheme://host[:port]/path}: a call in a message, without its query string. */
  public static String describe(String method, URI uri) {
    String path = uri.getRawPath() == null || uri.getRawPath().isEmpty() ? "/" : uri.getRawPath();
    return method + " " + uri.getScheme() + "://" + hostOf(uri) + path;
  }

  /** {@code text} with every secret of {@code credentials} replaced by {@code ***}. */
  public static String redact(String text, Credentials credentials) {
    if (text == null || credentials == null) {
      return text;
    }
    String out = text;
    for (String secret : secretsOf(credentials)) {
      out = out.replace(secret, "***");
    }
    return out;
  }

  private static String excerpt(Answer answer, Credentials credentials) {
    String text = answer.text().strip().replaceAll("\\s+", " ");
    if (text.isEmpty()) {
      return "";
    }
    text = redact(text, credentials);
    return ": " + (text.length() > EXCERPT_CHARS ? text.substring(0, EXCERPT_CHARS) + "…" : text);
  }

  private static List<String> secretsOf(Credentials credentials) {
    List<String> secrets = new ArrayList<>();
    if (credentials instanceof Credentials.Bearer b) {
      secrets.add(b.token());
    } else if (credentials instanceof Credentials.Basic b) {
      secrets.add(basic(b));
      secrets.add(b.password());
    } else if (credentials instanceof Credentials.ApiKey k) {
      secrets.add(k.value());
    }
    return secrets;
  }

  private static String basic(Credentials.Basic b) {
    return Base64.getEncoder()
        .encodeToString((b.username() + ":" + b.password()).getBytes(StandardCharsets.UTF_8));
  }

  private static String hostOf(URI uri) {
    return uri.getPort() < 0 ? uri.getHost() : uri.getHost() + ":" + uri.getPort();
  }
}
