package dev.runlog.engine.query;

import com.fasterxml.jackson.databind.JsonNode;
import dev.runlog.engine.store.JsonSerde;
import java.io.IOException;
import java.net.URI;
import java.net.URLEncoder;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.Optional;
import java.util.StringJoiner;
import javax.net.ssl.SSLContext;
import org.apache.kafka.streams.state.HostInfo;

/**
 * Asks another engine instance for the part of the state it owns, over its internal endpoints
 * ({@code /api/internal/...}).
 *
 * <p>Which instance answers is decided by the path, never by a header. The public endpoints always
 * route to the owner, whatever headers a client sends; the internal ones always answer from the
 * local stores and never forward, so a forwarded question cannot bounce between two instances that
 * disagree during a rebalance. (An earlier version marked forwarded requests with a header, and any
 * client could send it to get a 503 or a partial listing.) The internal endpoints need no secret of
 * their own: they are read-only and return nothing the public ones do not. When API keys are
 * configured they need a read key like every other {@code /api} route, so an instance sends one
 * ({@code api.peer.key}), which its peers accept because every instance has the same keys.
 *
 * <p>All instances of an application serve the same scheme: over HTTPS, a peer's certificate must
 * be trusted by {@code tls} and name its advertised host.
 */
public final class Peers {
  private final HttpClient http;
  private final String scheme;
  private final Optional<String> key;

  /** Plain HTTP, no key: instances of an engine without TLS or keys. */
  public Peers() {
    this("http", Optional.empty(), Optional.empty());
  }

  /**
   * @param scheme {@code http} or {@code https}
   * @param tls what to trust over HTTPS; empty: the JVM's default
   * @param key the API key to send; empty: none
   */
  public Peers(String scheme, Optional<SSLContext> tls, Optional<String> key) {
    HttpClient.Builder builder = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(5));
    tls.ifPresent(builder::sslContext);
    this.http = builder.build();
    this.scheme = scheme;
    this.key = key;
  }

  /** The JSON body of {@code GET path} on {@code host}, or null when it answers 404. */
  public JsonNode get(HostInfo host, String path) {
    HttpRequest.Builder request =
        HttpRequest.newBuilder(URI.create(scheme + "://" + host.host() + ":" + host.port() + path))
            .timeout(Duration.ofSeconds(30))
            .GET();
    key.ifPresent(k -> request.header("Authorization", "Bearer " + k));
    try {
      HttpResponse<String> response =
          http.send(request.build(), HttpResponse.BodyHandlers.ofString());
      if (response.statusCode() == 404) {
        return null;
      }
      if (response.statusCode() == 401 || response.statusCode() == 403) {
        throw new RunQueries.NotReadyException(
            "engine instance "
                + host
                + " refused this instance's API key ("
                + response.statusCode()
                + " to "
                + path
                + "): every instance needs the same keys, and api.peer.key one of them with the role read or admin");
      }
      if (response.statusCode() != 200) {
        throw new RunQueries.NotReadyException(
            "engine instance " + host + " answered " + response.statusCode() + " to " + path);
      }
      return JsonSerde.MAPPER.readTree(response.body());
    } catch (IOException e) {
      throw new RunQueries.NotReadyException(
          "engine instance " + host + " cannot be reached: " + e.getMessage());
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new RunQueries.NotReadyException("interrupted while asking " + host);
    }
  }

  /**
   * {@code /s1/s2/...}, each segment percent-encoded, so that an id with a space, a quote, '#',
   * '?', '/', '%' or non-ASCII letters stays one segment and reaches the peer as it was.
   */
  static String path(String... segments) {
    StringBuilder path = new StringBuilder();
    for (String segment : segments) {
      path.append('/').append(encode(segment));
    }
    return path.toString();
  }

  /** {@code ?k=v&...} of the pairs whose value is not null, encoded; "" when there is none. */
  static String query(String... keysAndValues) {
    StringJoiner query = new StringJoiner("&", "?", "").setEmptyValue("");
    for (int i = 0; i + 1 < keysAndValues.length; i += 2) {
      if (keysAndValues[i + 1] != null) {
        query.add(encode(keysAndValues[i]) + "=" + encode(keysAndValues[i + 1]));
      }
    }
    return query.toString();
  }

  private static String encode(String text) {
    return URLEncoder.encode(text, StandardCharsets.UTF_8)
        .replace("+", "%20"); // form encoding, but a space is %20 in a path
  }
}
