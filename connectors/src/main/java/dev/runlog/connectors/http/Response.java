package dev.runlog.connectors.http;

import com.fasterxml.jackson.databind.JsonNode;
import java.io.IOException;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.TreeMap;

/**
 * The answer to an {@link Http} request, and the output of its task: stored in the run's log and
 * given back as it was on a replay.
 *
 * <pre>{@code
 * Response r = io.http("crm").get("account", "https://crm.example.com/accounts/42");
 * String plan = r.json().path("plan").asText();
 * Account a = r.read(Account.class);
 * }</pre>
 *
 * @param headers by name in lower case
 * @param json the body when the content type is JSON ({@code application/json}, {@code +json}),
 *     else null
 * @param text the body otherwise (null when it is JSON)
 */
public record Response(int status, Map<String, List<String>> headers, JsonNode json, String text) {
  public Response {
    Map<String, List<String>> lower = new TreeMap<>();
    (headers == null ? Map.<String, List<String>>of() : headers)
        .forEach((k, v) -> lower.put(k.toLowerCase(Locale.ROOT), List.copyOf(v)));
    headers = java.util.Collections.unmodifiableMap(lower);
    json = json == null || json.isNull() || json.isMissingNode() ? null : json;
  }

  /** The first value of header {@code name} (any case), or null. */
  public String header(String name) {
    List<String> values = headers.get(name.toLowerCase(Locale.ROOT));
    return values == null || values.isEmpty() ? null : values.get(0);
  }

  /**
   * The JSON body read as {@code type}.
   *
   * @throws IllegalStateException when the body is not JSON
   * @throws IllegalArgumentException when it does not fit {@code type}
   */
  public <T> T read(Class<T> type) {
    if (json == null) {
      throw new IllegalStateException(
          "the response (status " + status + ") has no JSON body: " + header("content-type"));
    }
    try {
      return Request.JSON.treeToValue(json, type);
    } catch (IOException e) {
      throw new IllegalArgumentException(
          "the response's JSON does not fit " + type.getSimpleName() + ": " + e.getMessage(), e);
    }
  }

  /** What {@link HttpCall#send} got, as a response. */
  static Response of(HttpCall.Answer answer) {
    Map<String, List<String>> headers = new TreeMap<>();
    answer
        .headers()
        .map()
        .forEach(
            (k, v) -> {
              if (!k.startsWith(":")) { // HTTP/2 pseudo-headers
                headers.put(k, v);
              }
            });
    ContentType type = ContentType.of(answer.headers());
    String text = answer.text();
    if (type.isJson() && !text.isBlank()) {
      try {
        return new Response(answer.status(), headers, Request.JSON.readTree(text), null);
      } catch (IOException e) {
        // labelled JSON but is not: kept as text
      }
    }
    return new Response(answer.status(), headers, null, text);
  }
}
