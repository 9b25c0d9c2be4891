package dev.runlog.protocol.job;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.util.Objects;

/**
 * An integration a job's code calls, as its definition declares it: the engine makes a run wait for
 * a missing managed connection before it starts.
 *
 * @param name the name the code calls it by; a managed connection is stored under it
 * @param kind {@code slack}, {@code http}, {@code kafka}, or a custom integration's kind
 * @param auth where its credentials come from: {@link #MANAGED}, {@link #PER_ACCOUNT}, {@link
 *     #RESOLVER} or {@link #NONE}
 */
public record IntegrationUse(String name, String kind, String auth) {
  /** One managed connection for every run of the job. */
  public static final String MANAGED = "managed";

  /** A managed connection per account: the run's event's {@code accountId} picks it. */
  public static final String PER_ACCOUNT = "per-account";

  /** The worker's auth resolver gives the credentials; nothing is stored. */
  public static final String RESOLVER = "resolver";

  /** No credentials (the Kafka integration writes to runlog's own cluster). */
  public static final String NONE = "none";

  private static final ObjectMapper JSON = new ObjectMapper();

  public IntegrationUse {
    Objects.requireNonNull(name, "name");
    Objects.requireNonNull(kind, "kind");
    auth = auth == null ? NONE : auth;
  }

  /** True when the engine stores its credentials: a run waits until they exist. */
  public boolean managed() {
    return MANAGED.equals(auth) || PER_ACCOUNT.equals(auth);
  }

  /**
   * The key of the managed connection a run with {@code accountId} needs, or null when it needs
   * none (not managed, or per account and the run has no account).
   */
  public String connectionFor(String accountId) {
    if (MANAGED.equals(auth)) {
      return name;
    }
    if (PER_ACCOUNT.equals(auth)) {
      return accountId == null
          ? null
          : dev.runlog.protocol.connection.Connection.key(name, accountId);
    }
    return null;
  }

  /**
   * The account of a run whose event's context is {@code contextJson}: its {@code accountId}, a
   * string or a number as text (what the SDK's {@code Context.account()} gives), or null.
   */
  public static String accountOf(String contextJson) {
    if (contextJson == null) {
      return null;
    }
    JsonNode id;
    try {
      id = JSON.readTree(contextJson).get("accountId");
    } catch (JsonProcessingException e) {
      return null;
    }
    return id != null && (id.isTextual() || id.isNumber()) ? id.asText() : null;
  }
}
