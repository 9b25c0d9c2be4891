package dev.runlog.engine.query;

import com.fasterxml.jackson.databind.JsonNode;
import dev.runlog.engine.store.JsonSerde;
import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import org.apache.kafka.streams.state.HostInfo;

/**
 * Asks another engine instance for the part of the state it owns, over its REST API. Forwarded
 * requests carry {@link #FORWARDED_HEADER}, and an instance answers those from its own stores only,
 * so a request is forwarded at most once.
 */
public final class Peers {
  public static final String FORWARDED_HEADER = "X-Runlog-Forwarded";
  private final HttpClient http = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(5)).build();

  /** {@code text} encoded as one URL path segment (a run or event id may hold any character). */
  public static String pathSegment(String text) {
    return java.net.URLEncoder.encode(text, java.nio.charset.StandardCharsets.UTF_8).replace("+", "%20");
  }

  /** The JSON body of {@code GET path} on {@code host}, or null when it answers 404. */
  public JsonNode get(HostInfo host, String path) {
    HttpRequest request = HttpRequest.newBuilder(URI.create("http://" + host.host() + ":" + host.port() + path))
        .header(FORWARDED_HEADER, "1").timeout(Duration.ofSeconds(30)).GET().build();
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
}
