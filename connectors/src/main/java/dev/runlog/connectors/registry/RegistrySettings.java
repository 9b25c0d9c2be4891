package dev.runlog.connectors.registry;

import com.fasterxml.jackson.databind.JsonNode;
import java.net.URI;
import java.nio.file.Path;
import java.util.Iterator;
import java.util.Optional;
import java.util.Set;

/**
 * How to reach a Schema Registry (Confluent's REST API, or a registry that serves it, such as
 * Apicurio's {@code /apis/ccompat/v7}). Secrets are named, never given: a source definition is kept
 * on a Kafka topic, so the password lives in an environment variable of the engine.
 *
 * <pre>{@code
 * {"url": "https://registry:8081", "username": "runlog", "passwordEnv": "REGISTRY_PASSWORD",
 *  "truststore": {"path": "/etc/runlog/registry.p12", "passwordEnv": "TRUSTSTORE_PASSWORD"}}
 * }</pre>
 *
 * @param url the base URL the REST paths ({@code /schemas/ids/{id}}) are appended to
 * @param username basic auth user (empty: no authentication)
 * @param passwordEnv the environment variable holding the basic auth password
 * @param truststore the certificates to trust for {@code https} (empty: the JVM's)
 */
public record RegistrySettings(
    URI url,
    Optional<String> username,
    Optional<String> passwordEnv,
    Optional<Truststore> truststore) {

  /**
   * A truststore file, its password given in clear ({@code password}) or by environment variable.
   */
  public record Truststore(
      Path path, Optional<String> password, Optional<String> passwordEnv, String type) {}

  private static final Set<String> FIELDS = Set.of("url", "username", "passwordEnv", "truststore");
  private static final Set<String> TRUSTSTORE_FIELDS =
      Set.of("path", "password", "passwordEnv", "type");

  /** Reads the settings from their JSON; an {@link IllegalArgumentException} says what is wrong. */
  public static RegistrySettings parse(JsonNode json) {
    if (json == null || !json.isObject()) {
      throw new IllegalArgumentException("\"registry\" must be an object with a \"url\"");
    }
    onlyFields(json, FIELDS, "registry");
    String url =
        text(json, "url", "registry.url")
            .orElseThrow(() -> new IllegalArgumentException("\"registry.url\" is required"));
    URI uri;
    try {
      uri = URI.create(url);
    } catch (IllegalArgumentException e) {
      throw new IllegalArgumentException("\"registry.url\" is not a URL: " + url);
    }
    if (!"http".equals(uri.getScheme()) && !"https".equals(uri.getScheme())
        || uri.getHost() == null) {
      throw new IllegalArgumentException(
          "\"registry.url\" must be an http:// or https:// URL with a host: " + url);
    }
    if (uri.getUserInfo() != null) {
      throw new IllegalArgumentException(
          "\"registry.url\" must not hold credentials: use \"username\" and \"passwordEnv\"");
    }
    Optional<String> user = text(json, "username", "registry.username");
    Optional<String> passwordEnv = text(json, "passwordEnv", "registry.passwordEnv");
    if (passwordEnv.isPresent() && user.isEmpty()) {
      throw new IllegalArgumentException(
          "\"registry.passwordEnv\" needs \"registry.username\" (basic auth)");
    }
    Optional<Truststore> truststore = Optional.empty();
    JsonNode ts = json.get("truststore");
    if (ts != null && !ts.isNull()) {
      if (!ts.isObject()) {
        throw new IllegalArgumentException(
            "\"registry.truststore\" must be an object with a \"path\"");
      }
      onlyFields(ts, TRUSTSTORE_FIELDS, "registry.truststore");
      truststore =
          Optional.of(
              new Truststore(
                  Path.of(
                      text(ts, "path", "registry.truststore.path")
                          .orElseThrow(
                              () ->
                                  new IllegalArgumentException(
                                      "\"registry.truststore.path\" is required"))),
                  text(ts, "password", "registry.truststore.password"),
                  text(ts, "passwordEnv", "registry.truststore.passwordEnv"),
                  text(ts, "type", "registry.truststore.type").orElse("PKCS12")));
    }
    return new RegistrySettings(uri, user, passwordEnv, truststore);
  }

  private static Optional<String> text(JsonNode json, String field, String name) {
    JsonNode value = json.get(field);
    if (value == null || value.isNull()) {
      return Optional.empty();
    }
    if (!value.isTextual() || value.asText().isBlank()) {
      throw new IllegalArgumentException("\"" + name + "\" must be a non-empty string");
    }
    return Optional.of(value.asText());
  }

  private static void onlyFields(JsonNode json, Set<String> known, String where) {
    for (Iterator<String> names = json.fieldNames(); names.hasNext(); ) {
      String name = names.next();
      if (!known.contains(name)) {
        throw new IllegalArgumentException(
            "unknown field \""
                + where
                + "."
                + name
                + "\"; known: "
                + new java.util.TreeSet<>(known));
      }
    }
  }
}
