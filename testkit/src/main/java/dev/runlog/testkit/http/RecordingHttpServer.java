package dev.runlog.testkit.http;

import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpServer;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.io.UncheckedIOException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Deque;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Objects;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.function.Function;

/**
 * An HTTP server on loopback for tests of integrations: it records every request and answers with
 * the replies scripted for it, in order, then with its default reply ({@code 200 {}} unless {@link
 * #otherwise} says). The JDK's own server ({@code com.sun.net.httpserver}), no dependency.
 *
 * <pre>{@code
 * try (RecordingHttpServer server = RecordingHttpServer.start()) {
 *   server.reply(Reply.text(503, "busy").withHeader("Retry-After", "2"));
 *   // ... the code under test calls server.url() + "/things" twice ...
 *   assertEquals(2, server.requests().size());
 *   assertEquals("Bearer t0ken", server.requests().get(0).header("Authorization"));
 * }
 * }</pre>
 */
public final class RecordingHttpServer implements AutoCloseable {
  private final HttpServer server;
  private final ExecutorService threads;
  private final Clock clock;
  private final List<Recorded> requests = new ArrayList<>();
  private final Deque<Reply> scripted = new ArrayDeque<>();
  private Function<Recorded, Reply> otherwise = r -> Reply.json(200, "{}");

  private RecordingHttpServer(Clock clock) {
    this.clock = clock;
    try {
      server = HttpServer.create(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0), 0);
    } catch (IOException e) {
      throw new UncheckedIOException("cannot open a port on loopback", e);
    }
    threads =
        Executors.newFixedThreadPool(
            4,
            r -> {
              Thread t = new Thread(r, "recording-http-server");
              t.setDaemon(true);
              return t;
            });
    server.setExecutor(threads);
    server.createContext("/", this::handle);
    server.start();
  }

  /** A server on a free port of loopback. */
  public static RecordingHttpServer start() {
    return new RecordingHttpServer(Clock.systemUTC());
  }

  /** Its address, {@code http://127.0.0.1:<port>}, without a trailing slash. */
  public String url() {
    return "http://"
        + server.getAddress().getAddress().getHostAddress()
        + ":"
        + server.getAddress().getPort();
  }

  /** Answers the next request not yet answered by a scripted reply with {@code reply}. */
  public synchronized RecordingHttpServer reply(Reply reply) {
    scripted.addLast(Objects.requireNonNull(reply, "reply"));
    return this;
  }

  /** Answers every request that no scripted reply is left for with what {@code answer} gives. */
  public synchronized RecordingHttpServer otherwise(Function<Recorded, Reply> answer) {
    otherwise = Objects.requireNonNull(answer, "answer");
    return this;
  }

  /** Every request so far, in the order they came. */
  public synchronized List<Recorded> requests() {
    return List.copyOf(requests);
  }

  /**
   * Waits until {@code count} requests came, polling, and returns them.
   *
   * @throws AssertionError when they did not within {@code timeout}
   */
  public List<Recorded> awaitRequests(int count, Duration timeout) {
    Instant deadline = Instant.now().plus(timeout);
    while (true) {
      List<Recorded> now = requests();
      if (now.size() >= count) {
        return now;
      }
      if (Instant.now().isAfter(deadline)) {
        throw new AssertionError(
            "expected " + count + " requests within " + timeout + ", got " + now.size());
      }
      try {
        Thread.sleep(20);
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
        throw new AssertionError("interrupted", e);
      }
    }
  }

  @Override
  public void close() {
    server.stop(0);
    threads.shutdownNow();
  }

  private void handle(HttpExchange exchange) throws IOException {
    try (exchange) {
      byte[] body;
      try (InputStream in = exchange.getRequestBody()) {
        body = in.readAllBytes();
      }
      Map<String, List<String>> headers = new LinkedHashMap<>();
      exchange
          .getRequestHeaders()
          .forEach(
              (name, values) -> headers.put(name.toLowerCase(Locale.ROOT), List.copyOf(values)));
      Recorded request =
          new Recorded(
              exchange.getRequestMethod(),
              exchange.getRequestURI().getPath(),
              exchange.getRequestURI().getRawQuery(),
              Map.copyOf(headers),
              new String(body, StandardCharsets.UTF_8),
              clock.instant());
      Reply reply;
      synchronized (this) {
        requests.add(request);
        reply = scripted.isEmpty() ? otherwise.apply(request) : scripted.removeFirst();
      }
      byte[] out = reply.body().getBytes(StandardCharsets.UTF_8);
      reply.headers().forEach((name, value) -> exchange.getResponseHeaders().add(name, value));
      exchange.sendResponseHeaders(reply.status(), out.length == 0 ? -1 : out.length);
      if (out.length > 0) {
        try (OutputStream os = exchange.getResponseBody()) {
          os.write(out);
        }
      }
    }
  }

  /**
   * A request the server got; header names in lower case.
   *
   * @param query the raw query string, or null
   */
  public record Recorded(
      String method,
      String path,
      String query,
      Map<String, List<String>> headers,
      String body,
      Instant at) {
    /** The first value of header {@code name} (any case), or null. */
    public String header(String name) {
      List<String> values = headers.get(name.toLowerCase(Locale.ROOT));
      return values == null || values.isEmpty() ? null : values.get(0);
    }
  }

  /** What the server answers: a status, headers and a body. */
  public record Reply(int status, Map<String, String> headers, String body) {
    public Reply {
      headers = Map.copyOf(headers);
      body = body == null ? "" : body;
    }

    /** {@code status} with a JSON body. */
    public static Reply json(int status, String json) {
      return new Reply(status, Map.of("Content-Type", "application/json; charset=utf-8"), json);
    }

    /** {@code status} with a plain-text (or HTML: set the header) body. */
    public static Reply text(int status, String text) {
      return new Reply(status, Map.of("Content-Type", "text/plain; charset=utf-8"), text);
    }

    /** This reply with header {@code name} set to {@code value}. */
    public Reply withHeader(String name, String value) {
      Map<String, String> all = new LinkedHashMap<>(headers);
      all.put(name, value);
      return new Reply(status, all, body);
    }
  }
}
