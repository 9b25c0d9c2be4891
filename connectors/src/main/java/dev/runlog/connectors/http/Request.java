package dev.runlog.connectors.http;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;
import com.fasterxml.jackson.datatype.jsr310.JavaTimeModule;
import java.net.URI;
import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.Locale;
import java.util.Map;
import java.util.Objects;
import java.util.Set;

/**
 * An HTTP request of {@link Http}: a method, a URL, headers and a body (JSON or text). Its
 * credentials are not here: they come from the integration's connection or auth resolver, so an
 * {@code Authorization} header is refused.
 *
 * <pre>{@code
 * Request r = Request.post("https://api.example.com/orders").json(order).header("Idempotency-Key", id);
 * }</pre>
 *
 * @param body null: none
 * @param timeout how long the call may take
 */
public record Request(
    String method, URI url, Map<String, String> headers, String body, Duration timeout) {
  static final ObjectMapper JSON =
      new ObjectMapper()
          .registerModule(new JavaTimeModule())
          .disable(SerializationFeature.WRITE_DATES_AS_TIMESTAMPS);

  /** Headers the JDK client sets itself, and the one that credentials set. */
  private static final Set<String> REFUSED =
      Set.of("authorization", "connection", "content-length", "expect", "host", "upgrade");

  public Request {
    Objects.requireNonNull(method, "method");
    Objects.requireNonNull(url, "url");
    if (!method.matches("[A-Z]+")) {
      throw new IllegalArgumentException("'" + method + "' is not an HTTP method");
    }
    String scheme = url.getScheme() == null ? "" : url.getScheme().toLowerCase(Locale.ROOT);
    if (!scheme.equals("http") && !scheme.equals("https") || url.getHost() == null) {
      throw new IllegalArgumentException(
          "an HTTP request needs an http(s) URL with a host: '" + url + "'");
    }
    headers = Map.copyOf(headers);
    timeout = timeout == null ? HttpCall.DEFAULT_TIMEOUT : timeout;
    if (timeout.isNegative() || timeout.isZero()) {
      throw new IllegalArgumentException("a request's timeout must be positive: " + timeout);
    }
  }

  /** A request of {@code method} to {@code url}, without headers or body. */
  public static Request of(String method, String url) {
    return new Request(method, uri(url), Map.of(), null, null);
  }

  public static Request get(String url) {
    return of("GET", url);
  }

  public static Request post(String url) {
    return of("POST", url);
  }

  public static Request put(String url) {
    return of("PUT", url);
  }

  public static Request delete(String url) {
    return of("DELETE", url);
  }

  /**
   * This request with header {@code name} set to {@code value}.
   *
   * @throws IllegalArgumentException for {@code Authorization} (credentials come from the
   *     connection) and the headers the HTTP client sets itself
   */
  public Request header(String name, String value) {
    Objects.requireNonNull(value, "value");
    if (name == null || !name.matches("[A-Za-z0-9!#$%&'*+.^_`|~-]+")) {
      throw new IllegalArgumentException("'" + name + "' is not a header name");
    }
    if (REFUSED.contains(name.toLowerCase(Locale.ROOT))) {
      throw new IllegalArgumentException(
          name.equalsIgnoreCase("authorization")
              ? "credentials come from the integration's connection or auth resolver, not from"
                  + " code: remove the Authorization header"
              : "the HTTP client sets " + name + " itself");
    }
    Map<String, String> all = new LinkedHashMap<>();
    headers.forEach((k, v) -> all.put(k, v));
    all.keySet().removeIf(k -> k.equalsIgnoreCase(name));
    all.put(name, value);
    return new Request(method, url, all, body, timeout);
  }

  /** This request with {@code value} written as JSON for body ({@code Content-Type} JSON). */
  public Request json(Object value) {
    String json;
    try {
      json = JSON.writeValueAsString(value);
    } catch (JsonProcessingException e) {
      throw new IllegalArgumentException("cannot write the body as JSON: " + e.getMessage(), e);
    }
    return withBody(json, "application/json");
  }

  /** This request with {@code text} for body ({@code Content-Type} plain text, unless set). */
  public Request text(String text) {
    return withBody(Objects.requireNonNull(text, "text"), "text/plain; charset=utf-8");
  }

  /** This request with a time limit of its own (30 s by default). */
  public Request timeout(Duration limit) {
    return new Request(method, url, headers, body, limit);
  }

  /** Its {@code Content-Type} header, if set. */
  String contentType() {
    return headers.entrySet().stream()
        .filter(e -> e.getKey().equalsIgnoreCase("Content-Type"))
        .map(Map.Entry::getValue)
        .findFirst()
        .orElse(null);
  }

  private Request withBody(String content, String type) {
    Request typed = contentType() == null ? header("Content-Type", type) : this;
    return new Request(method, url, typed.headers, content, timeout);
  }

  private static URI uri(String url) {
    Objects.requireNonNull(url, "url");
    try {
      return URI.create(url);
    } catch (IllegalArgumentException e) {
      throw new IllegalArgumentException("'" + url + "' is not a URL: " + e.getMessage());
    }
  }
}
