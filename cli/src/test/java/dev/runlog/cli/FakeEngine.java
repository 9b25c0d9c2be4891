package dev.runlog.cli;

import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpServer;
import java.io.IOException;
import java.io.OutputStream;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Map;
import java.util.Queue;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ConcurrentLinkedQueue;

/**
 * An HTTP server standing in for the engine: canned JSON per method and path, every request kept.
 * Unknown paths answer 404 the way the engine does, so a wrong path shows up as a failed test.
 */
final class FakeEngine implements AutoCloseable {
  /**
   * One request as the engine would have received it; {@code query} is raw (still URL-encoded), or
   * null; {@code contentType} and {@code authorization} are those headers, or null.
   */
  record Request(
      String method,
      String path,
      String query,
      String contentType,
      String body,
      String authorization) {}

  private record Answer(int status, String body, String contentType) {}

  private final HttpServer server;
  private final Map<String, Answer> answers = new ConcurrentHashMap<>();
  // the server's thread adds, the test thread reads: a concurrent queue makes the requests visible
  private final Queue<Request> requests = new ConcurrentLinkedQueue<>();

  FakeEngine() throws IOException {
    server = HttpServer.create(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0), 0);
    server.createContext("/", this::handle);
    server.start();
  }

  /**
   * Answers {@code method path} (path without query) with {@code status} and the body {@code json}.
   */
  FakeEngine answer(String method, String path, int status, String json) {
    answers.put(method + " " + path, new Answer(status, json, "application/json"));
    return this;
  }

  /**
   * Answers {@code GET path} with a stream of Server-Sent Events, {@code events} as they go on the
   * wire; the stream ends after them.
   */
  FakeEngine stream(String path, String events) {
    answers.put("GET " + path, new Answer(200, events, "text/event-stream"));
    return this;
  }

  String url() {
    return "http://" + server.getAddress().getHostString() + ":" + server.getAddress().getPort();
  }

  List<Request> requests() {
    return List.copyOf(requests);
  }

  /** The one request the command sent; fails the test if it sent another number. */
  Request onlyRequest() {
    List<Request> all = requests();
    if (all.size() != 1) {
      throw new AssertionError("expected one request, got " + all);
    }
    return all.get(0);
  }

  private void handle(HttpExchange exchange) throws IOException {
    String method = exchange.getRequestMethod();
    String path = exchange.getRequestURI().getRawPath();
    String body = new String(exchange.getRequestBody().readAllBytes(), StandardCharsets.UTF_8);
    requests.add(
        new Request(
            method,
            path,
            exchange.getRequestURI().getRawQuery(),
            exchange.getRequestHeaders().getFirst("Content-Type"),
            body,
            exchange.getRequestHeaders().getFirst("Authorization")));
    Answer answer =
        answers.getOrDefault(
            method + " " + path,
            new Answer(
                404,
                "{\"error\": \"no such endpoint: " + method + " " + path + "\"}",
                "application/json"));
    byte[] bytes = answer.body().getBytes(StandardCharsets.UTF_8);
    exchange.getResponseHeaders().set("Content-Type", answer.contentType());
    exchange.sendResponseHeaders(answer.status(), bytes.length == 0 ? -1 : bytes.length);
    try (OutputStream out = exchange.getResponseBody()) {
      out.write(bytes);
    }
  }

  @Override
  public void close() {
    server.stop(0);
  }
}
