package dev.runlog.connectors.registry;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.io.IOException;
import java.io.InputStream;
import java.net.URI;
import java.net.URLEncoder;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.security.GeneralSecurityException;
import java.security.KeyStore;
import java.time.Duration;
import java.util.Base64;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;
import java.util.function.UnaryOperator;
import javax.net.ssl.SSLContext;
import javax.net.ssl.TrustManagerFactory;

/**
 * A client of the Schema Registry REST API as Confluent documents it: {@code GET /schemas/ids/{id}}
 * (and {@code POST /subjects/{subject}/versions}, which tests use to register). Schemas are
 * immutable once registered, so what it got for an id is kept for ever; a failure is not kept, so a
 * schema registered later is found.
 *
 * <p>The JDK's {@link HttpClient}, not a library: two GETs' worth of HTTP with basic auth and a
 * truststore, and Confluent's own client is not on Maven Central.
 */
public final class SchemaRegistryClient implements SchemaLookup {
  private static final ObjectMapper JSON = new ObjectMapper();
  private static final Duration CONNECT_TIMEOUT = Duration.ofSeconds(5);
  private static final Duration REQUEST_TIMEOUT = Duration.ofSeconds(10);
  private static final String CONTENT_TYPE = "application/vnd.schemaregistry.v1+json";

  private final String base;
  private final Optional<String> authorization;
  private final HttpClient http;
  private final Map<Integer, RegisteredSchema> byId = new ConcurrentHashMap<>();

  /**
   * A client of the registry at {@code url} (the base the REST paths are appended to), sending
   * {@code authorization} (a whole {@code Authorization} header value) when present.
   */
  public SchemaRegistryClient(URI url, Optional<String> authorization, HttpClient http) {
    String text = url.toString();
    this.base = text.endsWith("/") ? text.substring(0, text.length() - 1) : text;
    this.authorization = authorization;
    this.http = http;
  }

  /** A client of the registry at {@code url} without authentication or TLS settings. */
  public static SchemaRegistryClient of(URI url) {
    return new SchemaRegistryClient(
        url, Optional.empty(), HttpClient.newBuilder().connectTimeout(CONNECT_TIMEOUT).build());
  }

  /**
   * A client for {@code settings}, with the secrets they name read through {@code env} (the process
   * environment: {@code System::getenv}).
   *
   * @throws RegistryException of kind {@code MISCONFIGURED} when a variable is not set or the
   *     truststore cannot be read
   */
  public static SchemaRegistryClient connect(RegistrySettings settings, UnaryOperator<String> env)
      throws RegistryException {
    try {
      Optional<String> authorization = Optional.empty();
      if (settings.username().isPresent()) {
        String password = settings.passwordEnv().map(name -> required(env, name)).orElse("");
        String pair = settings.username().get() + ":" + password;
        authorization =
            Optional.of(
                "Basic "
                    + Base64.getEncoder().encodeToString(pair.getBytes(StandardCharsets.UTF_8)));
      }
      HttpClient.Builder http = HttpClient.newBuilder().connectTimeout(CONNECT_TIMEOUT);
      if (settings.truststore().isPresent()) {
        http.sslContext(sslContext(settings.truststore().get(), env));
      }
      return new SchemaRegistryClient(settings.url(), authorization, http.build());
    } catch (MissingVariable e) {
      throw new RegistryException(
          RegistryException.Kind.MISCONFIGURED,
          "the schema registry settings of this source need " + e.getMessage());
    }
  }

  @Override
  public RegisteredSchema byId(int id) throws RegistryException {
    RegisteredSchema known = byId.get(id);
    if (known != null) {
      return known;
    }
    String path = "/schemas/ids/" + id;
    HttpResponse<String> answer = send(request(path).GET(), "GET " + path);
    if (answer.statusCode() == 404 && errorCode(answer.body()) == 40403) {
      throw new RegistryException(
          RegistryException.Kind.UNKNOWN_ID,
          "schema registry " + base + " has no schema with id " + id + " (404, error_code 40403)");
    }
    JsonNode body = okBody(answer, "GET " + path);
    JsonNode schema = body.get("schema");
    if (schema == null || !schema.isTextual()) {
      throw new RegistryException(
          RegistryException.Kind.ERROR_ANSWER,
          "schema registry "
              + base
              + " answered GET "
              + path
              + " without a \"schema\": "
              + cut(answer.body()));
    }
    RegisteredSchema found =
        new RegisteredSchema(
            id, body.path("schemaType").asText(RegisteredSchema.AVRO), schema.asText());
    byId.put(id, found);
    return found;
  }

  /**
   * Registers {@code schema} of {@code type} under {@code subject} and returns its id (the same id
   * when it is registered already).
   */
  public int register(String subject, String type, String schema) throws RegistryException {
    ObjectNode body = JSON.createObjectNode().put("schema", schema);
    if (!RegisteredSchema.AVRO.equals(type)) {
      body.put("schemaType", type);
    }
    String path =
        "/subjects/"
            + URLEncoder.encode(subject, StandardCharsets.UTF_8).replace("+", "%20")
            + "/versions";
    HttpResponse<String> answer =
        send(
            request(path)
                .header("Content-Type", CONTENT_TYPE)
                .POST(HttpRequest.BodyPublishers.ofString(body.toString())),
            "POST " + path);
    JsonNode id = okBody(answer, "POST " + path).get("id");
    if (id == null || !id.canConvertToInt()) {
      throw new RegistryException(
          RegistryException.Kind.ERROR_ANSWER,
          "schema registry "
              + base
              + " answered POST "
              + path
              + " without an id: "
              + cut(answer.body()));
    }
    return id.intValue();
  }

  /** The base URL requests go to. */
  public String url() {
    return base;
  }

  private HttpRequest.Builder request(String path) {
    HttpRequest.Builder request =
        HttpRequest.newBuilder(URI.create(base + path))
            .timeout(REQUEST_TIMEOUT)
            .header("Accept", CONTENT_TYPE + ", application/json");
    authorization.ifPresent(value -> request.header("Authorization", value));
    return request;
  }

  private HttpResponse<String> send(HttpRequest.Builder request, String what)
      throws RegistryException {
    try {
      return http.send(request.build(), HttpResponse.BodyHandlers.ofString());
    } catch (IOException e) {
      throw new RegistryException(
          RegistryException.Kind.UNREACHABLE,
          "schema registry " + base + " is unreachable (" + what + "): " + describe(e),
          e);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new RegistryException(
          RegistryException.Kind.UNREACHABLE, "interrupted while asking " + base, e);
    }
  }

  private JsonNode okBody(HttpResponse<String> answer, String what) throws RegistryException {
    if (answer.statusCode() != 200) {
      throw new RegistryException(
          RegistryException.Kind.ERROR_ANSWER,
          "schema registry "
              + base
              + " answered "
              + answer.statusCode()
              + " to "
              + what
              + ": "
              + cut(answer.body()));
    }
    try {
      return JSON.readTree(answer.body());
    } catch (IOException e) {
      throw new RegistryException(
          RegistryException.Kind.ERROR_ANSWER,
          "schema registry "
              + base
              + " answered "
              + what
              + " with a body that is not JSON: "
              + cut(answer.body()));
    }
  }

  private static int errorCode(String body) {
    try {
      return JSON.readTree(body).path("error_code").asInt(-1);
    } catch (IOException e) {
      return -1;
    }
  }

  private static String required(UnaryOperator<String> env, String name) {
    String value = env.apply(name);
    if (value == null) {
      throw new MissingVariable(name);
    }
    return value;
  }

  private static SSLContext sslContext(RegistrySettings.Truststore store, UnaryOperator<String> env)
      throws RegistryException {
    try {
      char[] password =
          store
              .password()
              .or(() -> store.passwordEnv().map(name -> required(env, name)))
              .map(String::toCharArray)
              .orElse(null);
      KeyStore keys = KeyStore.getInstance(store.type());
      try (InputStream in = Files.newInputStream(store.path())) {
        keys.load(in, password);
      }
      TrustManagerFactory trust =
          TrustManagerFactory.getInstance(TrustManagerFactory.getDefaultAlgorithm());
      trust.init(keys);
      SSLContext context = SSLContext.getInstance("TLS");
      context.init(null, trust.getTrustManagers(), null);
      return context;
    } catch (IOException | GeneralSecurityException e) {
      throw new RegistryException(
          RegistryException.Kind.MISCONFIGURED,
          "cannot read the registry truststore " + store.path() + ": " + describe(e),
          e);
    }
  }

  private static String describe(Throwable e) {
    return e.getClass().getSimpleName() + (e.getMessage() == null ? "" : ": " + e.getMessage());
  }

  private static String cut(String text) {
    return text == null ? "" : text.length() > 300 ? text.substring(0, 300) + "..." : text;
  }

  /** An environment variable the settings name is not set. */
  private static final class MissingVariable extends RuntimeException {
    MissingVariable(String name) {
      super("environment variable " + name + ", which is not set");
    }
  }
}
