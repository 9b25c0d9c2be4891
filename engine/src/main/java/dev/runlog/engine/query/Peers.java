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
import java.util.StringJoiner;
import org.apache.kafka.streams.state.HostInfo;

/**
 * Asks another engine instance for the part of the state it owns, over its internal endpoints
 * ({@code /api/internal/...}).
 *
 * <p>Which instance answers is decided by the path, never by a header. The public endpoints always
 * route to the owner, whatever headers a client sends; the internal ones always answer from the
 * local stores and never forward, so a forwarded question cannot bounce between two instances that
 * disagree during a rebalance. (An earlier version marked forwarded requests with a header, and any
 * client could send it to get a 503 or a partial listing.) The internal endpoints need no secret:
 * they are read-only and return nothing the public ones do not, so a client that calls them directly
 * learns nothing new and changes nothing; a shared secret would protect nothing and be one more
 * setting every instance must agree on.
 */
public final class Peers {
  private final HttpClient http = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(5)).build();

  /** The JSON body of {@code GET path} on {@code host}, or null when it answers 404. */
  public JsonNode get(HostInfo host, String path) {
    HttpRequest request = HttpRequest.newBuilder(URI.create("http://" + host.host() + ":" + host.port() + path))
        .timeout(Duration.ofSeconds(30)).GET().build();
    try {
      HttpResponse<String> response = http.send(request, HttpResponse.BodyHandlers.ofString());
      if (response.statusCode() == 404) {
        return null;
      }
      if (response.statusCode() != 200) {
        throw new RunQueries.NotReadyException("engine instance " + host + " answered " + response.statusCode() + " to " + path);
      }
      return JsonSerde.MAPPER.readTree(response.body());
    } catch (IOException e) {
      throw new RunQueries.NotReadyException("engine instance " + host + " cannot be reached: " + e.getMessage());
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new RunQueries.NotReadyException("interrupted while asking " + host);
    }
  }

  /**
   * {@code /s1/s2/...}, each segment percent-encoded, so that an id with a space, a quote, '#', '?',
   * '/', '%' or non-ASCII letters stays one segment and reaches the peer as it was.
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
    return URLEncoder.encode(text, StandardCharsets.UTF_8).replace("+", "%20"); // form encoding, but a space is %20 in a path
  }
}
