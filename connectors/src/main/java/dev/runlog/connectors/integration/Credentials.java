package dev.runlog.connectors.integration;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.util.Objects;

/**
 * What an integration authenticates with: from a managed connection (stored sealed by the engine)
 * or from the worker's auth resolver, never from the job's code. {@link #toString()} never shows
 * the secret.
 *
 * <pre>{@code
 * Credentials slackBot = Credentials.bearer(System.getenv("SLACK_BOT_TOKEN"));
 * Credentials api = Credentials.apiKey("X-Api-Key", key);
 * }</pre>
 *
 * As JSON (a connection's body): {@code {"type":"bearer","token":"..."}}, {@code
 * {"type":"basic","username":"...","password":"..."}}, {@code
 * {"type":"api-key","header":"X-Api-Key","value":"..."}}.
 */
public sealed interface Credentials {
  ObjectMapper JSON = new ObjectMapper();

  /** {@code bearer}, {@code basic} or {@code api-key}: not secret. */
  String type();

  /** The JSON form, secret included: for sealing only, never for a log. */
  String toJson();

  /** An {@code Authorization: Bearer <token>} credential (a Slack bot token is one). */
  static Credentials bearer(String token) {
    return new Bearer(token);
  }

  /** HTTP basic authentication. */
  static Credentials basic(String username, String password) {
    return new Basic(username, password);
  }

  /** A secret sent in a header of its own, such as {@code X-Api-Key}. */
  static Credentials apiKey(String header, String value) {
    return new ApiKey(header, value);
  }

  /**
   * Reads credentials from their JSON form.
   *
   * @throws InvalidCredentialsException saying what is wrong, without the secret
   */
  static Credentials parse(String json) {
    JsonNode node;
    try {
      node = JSON.readTree(json);
    } catch (Exception e) {
      throw new InvalidCredentialsException("credentials must be a JSON object");
    }
    if (node == null || !node.isObject()) {
      throw new InvalidCredentialsException("credentials must be a JSON object");
    }
    String type = text(node, "type");
    try {
      return switch (type) {
        case "bearer" -> new Bearer(text(node, "token"));
        case "basic" -> new Basic(text(node, "username"), text(node, "password"));
        case "api-key" -> new ApiKey(text(node, "header"), text(node, "value"));
        default ->
            throw new InvalidCredentialsException(
                "unknown credentials type '" + type + "': bearer, basic or api-key");
      };
    } catch (IllegalArgumentException e) {
      throw new InvalidCredentialsException(e.getMessage());
    }
  }

  private static String text(JsonNode node, String field) {
    JsonNode value = node.get(field);
    if (value == null || !value.isTextual() || value.asText().isEmpty()) {
      throw new InvalidCredentialsException("credentials need a non-empty string '" + field + "'");
    }
    return value.asText();
  }

  private static String require(String value, String field) {
    if (value == null || value.isEmpty()) {
      throw new IllegalArgumentException("credentials need a non-empty " + field);
    }
    if (value.chars().anyMatch(c -> c == '\r' || c == '\n')) {
      throw new IllegalArgumentException("the credentials' " + field + " holds a line break");
    }
    return value;
  }

  /** A bearer token. */
  record Bearer(String token) implements Credentials {
    public Bearer {
      require(token, "token");
    }

    @Override
    public String type() {
      return "bearer";
    }

    @Override
    public String toJson() {
      return JSON.createObjectNode().put("type", type()).put("token", token).toString();
    }

    @Override
    public String toString() {
      return "Bearer[***]";
    }
  }

  /** A user name and password. */
  record Basic(String username, String password) implements Credentials {
    public Basic {
      require(username, "username");
      require(password, "password");
      if (username.contains(":")) {
        throw new IllegalArgumentException("a basic credential's username cannot hold ':'");
      }
    }

    @Override
    public String type() {
      return "basic";
    }

    @Override
    public String toJson() {
      ObjectNode node = JSON.createObjectNode().put("type", type());
      return node.put("username", username).put("password", password).toString();
    }

    @Override
    public String toString() {
      return "Basic[" + username + ", ***]";
    }
  }

  /** A secret in a header of its own. */
  record ApiKey(String header, String value) implements Credentials {
    public ApiKey {
      require(header, "header");
      require(value, "value");
      if (!header.matches("[A-Za-z0-9!#$%&'*+.^_`|~-]+")) {
        throw new IllegalArgumentException("'" + header + "' is not a header name");
      }
      Objects.requireNonNull(value);
    }

    @Override
    public String type() {
      return "api-key";
    }

    @Override
    public String toJson() {
      ObjectNode node = JSON.createObjectNode().put("type", type());
      return node.put("header", header).put("value", value).toString();
    }

    @Override
    public String toString() {
      return "ApiKey[" + header + ", ***]";
    }
  }
}
