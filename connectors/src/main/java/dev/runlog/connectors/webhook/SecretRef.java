package dev.runlog.connectors.webhook;

import com.fasterxml.jackson.databind.JsonNode;
import dev.runlog.connectors.source.InvalidSourceException;
import java.util.regex.Pattern;

/**
 * Where a webhook's secret is, never the secret itself: a source spec is written to a Kafka topic
 * and shown by the API, so a secret in it would be readable by everyone who can read either. The
 * engine resolves the reference when the source is defined and on each request.
 */
public sealed interface SecretRef {
  /** The environment variable {@code name} of the engine's process. */
  record Env(String name) implements SecretRef {
    @Override
    public String describe() {
      return "environment variable " + name;
    }
  }

  /** The engine setting {@code webhook.secret.<name>} (a file, -D, or RUNLOG_WEBHOOK_SECRET_*). */
  record Setting(String name) implements SecretRef {
    /** The prefix of the engine settings that hold webhook secrets. */
    public static final String PREFIX = "webhook.secret.";

    /** The setting's full key. */
    public String key() {
      return PREFIX + name;
    }

    @Override
    public String describe() {
      return "engine setting " + key();
    }
  }

  /** Where the secret is, for statuses and messages (never what it is). */
  String describe();

  /** Letters, digits, '.', '_', '-': what an environment variable or a setting key holds. */
  Pattern NAME = Pattern.compile("[A-Za-z0-9._-]{1,100}");

  static SecretRef parse(JsonNode node) {
    if (node == null || node.isNull()) {
      throw new InvalidSourceException(
          "signature.secret is required: {\"env\": \"VARIABLE\"} or {\"setting\": \"name\"} (the"
              + " engine setting webhook.secret.<name>)");
    }
    if (node.isTextual()) {
      // the secret would be stored in the sources topic, readable by anyone who reads it
      throw new InvalidSourceException(
          "signature.secret must name where the secret is, not hold it (a spec is stored in Kafka"
              + " and shown by the API): {\"env\": \"VARIABLE\"} or {\"setting\": \"name\"}");
    }
    if (!node.isObject() || node.size() != 1) {
      throw new InvalidSourceException(
          "signature.secret must be {\"env\": \"VARIABLE\"} or {\"setting\": \"name\"}");
    }
    String kind = node.fieldNames().next();
    if (!kind.equals("env") && !kind.equals("setting")) {
      throw new InvalidSourceException(
          "signature.secret must be {\"env\": \"VARIABLE\"} or {\"setting\": \"name\"}, not "
              + kind);
    }
    JsonNode value = node.get(kind);
    if (!value.isTextual() || !NAME.matcher(value.asText()).matches()) {
      throw new InvalidSourceException(
          "signature.secret."
              + kind
              + " must be a name of 1 to 100 letters, digits, '.', '_' or '-'");
    }
    return kind.equals("env") ? new Env(value.asText()) : new Setting(value.asText());
  }
}
