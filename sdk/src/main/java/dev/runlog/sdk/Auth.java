package dev.runlog.sdk;

import dev.runlog.protocol.job.IntegrationUse;
import java.util.Objects;

/**
 * Where an integration's credentials come from, as a job declares it.
 *
 * <pre>{@code
 * Job.on("new.star", Star.class)
 *     .run(...)
 *     .integration("slack", Slack.INTEGRATION, Auth.managed())        // PUT /api/connections/slack
 *     .integration("crm", Http.INTEGRATION, Auth.perAccount())        // one per event accountId
 *     .integration("github", Http.INTEGRATION,
 *         Auth.resolver(ctx -> Credentials.bearer(tokens.forAccount(ctx.account()))));
 * }</pre>
 *
 * A run of a job with a managed connection that does not exist yet is WAITING_ON_CONNECTIONS until
 * it is added; a run whose resolver fails ends UNRESOLVED_AUTH without running its code.
 */
public final class Auth {
  private final String kind;
  private final AuthResolver resolver;

  private Auth(String kind, AuthResolver resolver) {
    this.kind = kind;
    this.resolver = resolver;
  }

  /** One connection stored by the engine for every run of the job. */
  public static Auth managed() {
    return new Auth(IntegrationUse.MANAGED, null);
  }

  /**
   * A connection stored by the engine per account: the run's event's {@code accountId} ({@link
   * Context#account()}) picks {@code PUT /api/connections/<name>/<accountId>}.
   */
  public static Auth perAccount() {
    return new Auth(IntegrationUse.PER_ACCOUNT, null);
  }

  /** Credentials from {@code resolver}, called in the worker before each execution. */
  public static Auth resolver(AuthResolver resolver) {
    return new Auth(IntegrationUse.RESOLVER, Objects.requireNonNull(resolver, "resolver"));
  }

  /** No credentials. */
  public static Auth none() {
    return new Auth(IntegrationUse.NONE, null);
  }

  /** {@code managed}, {@code per-account}, {@code resolver} or {@code none}. */
  public String kind() {
    return kind;
  }

  /** The resolver, or null when the credentials are not resolved in the worker. */
  public AuthResolver resolver() {
    return resolver;
  }
}
