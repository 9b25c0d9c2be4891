package dev.runlog.testkit.registry;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpServer;
import com.sun.net.httpserver.HttpsConfigurator;
import com.sun.net.httpserver.HttpsServer;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.io.UncheckedIOException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.URLDecoder;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.GeneralSecurityException;
import java.security.KeyStore;
import java.util.ArrayList;
import java.util.Base64;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.TreeSet;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import javax.net.ssl.KeyManagerFactory;
import javax.net.ssl.SSLContext;

/**
 * The part of Confluent's Schema Registry REST API that producers and runlog use, in this JVM on a
 * free loopback port (the JDK's HTTP server): {@code GET /schemas/ids/{id}}, {@code POST
 * /subjects/{subject}/versions}, {@code GET /subjects}. Errors as Confluent answers them: 404 with
 * {@code error_code} 40403 for an unknown id, 401 without the basic auth it asks for. Fast, for
 * unit tests; {@link ApicurioRegistry} is a real one.
 */
public final class InProcessRegistry implements TestSchemaRegistry {
  private static final ObjectMapper JSON = new ObjectMapper();
  private static final Pattern BY_ID = Pattern.compile("/schemas/ids/(-?\\d+)");
  private static final Pattern VERSIONS = Pattern.compile("/subjects/([^/]+)/versions");

  private record Entry(String type, String schema) {}

  private final HttpServer server;
  private final String scheme;
  private final ExecutorService threads = Executors.newFixedThreadPool(2);
  private final Optional<String> authorization;
  private final Map<Integer, Entry> byId = new ConcurrentHashMap<>();
  private final Map<Entry, Integer> ids = new ConcurrentHashMap<>();
  private final Map<String, List<Integer>> subjects = new ConcurrentHashMap<>();
  private final Map<Integer, AtomicInteger> lookups = new ConcurrentHashMap<>();
  private final AtomicInteger next = new AtomicInteger(1);

  private InProcessRegistry(Optional<String> authorization, Optional<SSLContext> tls) {
    this.authorization = authorization;
    InetSocketAddress address = new InetSocketAddress(InetAddress.getLoopbackAddress(), 0);
    try {
      if (tls.isPresent()) {
        HttpsServer https = HttpsServer.create(address, 0);
        https.setHttpsConfigurator(new HttpsConfigurator(tls.get()));
        server = https;
      } else {
        server = HttpServer.create(address, 0);
      }
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
    this.scheme = tls.isPresent() ? "https" : "http";
    server.setExecutor(threads);
    server.createContext("/", this::handle);
    server.start();
  }

  /** A registry that asks for no authentication. */
  public static InProcessRegistry start() {
    return new InProcessRegistry(Optional.empty(), Optional.empty());
  }

  /**
   * A registry served over HTTPS with the key and certificate of {@code keystore} (PKCS12), which
   * should name 127.0.0.1.
   */
  public static InProcessRegistry startHttps(Path keystore, String password) {
    try (InputStream in = Files.newInputStream(keystore)) {
      KeyStore keys = KeyStore.getInstance("PKCS12");
      keys.load(in, password.toCharArray());
      KeyManagerFactory factory =
          KeyManagerFactory.getInstance(KeyManagerFactory.getDefaultAlgorithm());
      factory.init(keys, password.toCharArray());
      SSLContext context = SSLContext.getInstance("TLS");
      context.init(factory.getKeyManagers(), null, null);
      return new InProcessRegistry(Optional.empty(), Optional.of(context));
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    } catch (GeneralSecurityException e) {
      throw new IllegalStateException("cannot use keystore " + keystore, e);
    }
  }

  /** A registry that answers 401 to any request without this basic auth user and password. */
  public static InProcessRegistry startWithBasicAuth(String user, String password) {
    String pair = user + ":" + password;
    return new InProcessRegistry(
        Optional.of(
            "Basic " + Base64.getEncoder().encodeToString(pair.getBytes(StandardCharsets.UTF_8))),
        Optional.empty());
  }

  @Override
  public String url() {
    return scheme + "://127.0.0.1:" + server.getAddress().getPort();
  }

  @Override
  public String description() {
    return "the in-process test registry (Confluent's REST API on the JDK's HTTP server)";
  }

  /**
   * Registers {@code schema} of {@code type} (AVRO, JSON) under {@code subject}; returns its id.
   */
  public int register(String subject, String type, String schema) {
    int id = ids.computeIfAbsent(new Entry(type, schema), e -> next.getAndIncrement());
    byId.put(id, new Entry(type, schema));
    List<Integer> versions = subjects.computeIfAbsent(subject, s -> new ArrayList<>());
    synchronized (versions) {
      if (!versions.contains(id)) {
        versions.add(id);
      }
    }
    return id;
  }

  /** How many times {@code GET /schemas/ids/{id}} was asked (to check a client's cache). */
  public int lookups(int id) {
    AtomicInteger count = lookups.get(id);
    return count == null ? 0 : count.get();
  }

  @Override
  public void close() {
    server.stop(0);
    threads.shutdownNow();
  }

  private void handle(HttpExchange exchange) throws IOException {
    try (exchange) {
      if (authorization.isPresent()
          && !authorization.get().equals(exchange.getRequestHeaders().getFirst("Authorization"))) {
        send(exchange, 401, error(40101, "Unauthorized"));
        return;
      }
      String path = exchange.getRequestURI().getPath();
      String method = exchange.getRequestMethod();
      Matcher byIdPath = BY_ID.matcher(path);
      Matcher versionsPath = VERSIONS.matcher(path);
      if (method.equals("GET") && byIdPath.matches()) {
        int id = Integer.parseInt(byIdPath.group(1));
        lookups.computeIfAbsent(id, i -> new AtomicInteger()).incrementAndGet();
        Entry entry = byId.get(id);
        if (entry == null) {
          send(exchange, 404, error(40403, "Schema " + id + " not found"));
          return;
        }
        ObjectNode body = JSON.createObjectNode().put("schema", entry.schema());
        if (!entry.type().equals("AVRO")) {
          body.put("schemaType", entry.type());
        }
        send(exchange, 200, body);
      } else if (method.equals("POST") && versionsPath.matches()) {
        JsonNode body;
        try {
          body = JSON.readTree(exchange.getRequestBody());
        } catch (IOException e) {
          send(exchange, 422, error(42201, "Invalid schema: the body is not JSON"));
          return;
        }
        if (body == null || !body.path("schema").isTextual()) {
          send(exchange, 422, error(42201, "Invalid schema: no \"schema\""));
          return;
        }
        String subject = URLDecoder.decode(versionsPath.group(1), StandardCharsets.UTF_8);
        int id =
            register(subject, body.path("schemaType").asText("AVRO"), body.get("schema").asText());
        send(exchange, 200, JSON.createObjectNode().put("id", id));
      } else if (method.equals("GET") && path.equals("/subjects")) {
        send(exchange, 200, JSON.valueToTree(new TreeSet<>(subjects.keySet())));
      } else {
        send(exchange, 404, error(404, "HTTP 404 Not Found"));
      }
    }
  }

  private static JsonNode error(int code, String message) {
    Map<String, Object> body = new LinkedHashMap<>();
    body.put("error_code", code);
    body.put("message", message);
    return JSON.valueToTree(body);
  }

  private static void send(HttpExchange exchange, int status, JsonNode body) throws IOException {
    byte[] bytes = JSON.writeValueAsBytes(body);
    exchange.getResponseHeaders().set("Content-Type", "application/vnd.schemaregistry.v1+json");
    exchange.sendResponseHeaders(status, bytes.length);
    try (OutputStream out = exchange.getResponseBody()) {
      out.write(bytes);
    }
  }
}
