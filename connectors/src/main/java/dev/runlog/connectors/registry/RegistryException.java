package dev.runlog.connectors.registry;

/**
 * The registry could not give a schema: it is unreachable, it does not know the id, it answered
 * with an error, or the settings to reach it cannot work here. Each kind is something to report and
 * retry later, not the fault of the record that needed the schema.
 */
public final class RegistryException extends Exception {
  /** Why the registry gave no schema. */
  public enum Kind {
    /** 404 with Confluent's error code 40403: no schema has this id. */
    UNKNOWN_ID,
    /** No answer: connection refused, a time-out, a TLS failure. */
    UNREACHABLE,
    /** Any other answer than 200: 401, 500, ... */
    ERROR_ANSWER,
    /** The settings cannot work here: an environment variable not set, a truststore unreadable. */
    MISCONFIGURED
  }

  private final Kind kind;

  public RegistryException(Kind kind, String message, Throwable cause) {
    super(message, cause);
    this.kind = kind;
  }

  public RegistryException(Kind kind, String message) {
    this(kind, message, null);
  }

  public Kind kind() {
    return kind;
  }
}
