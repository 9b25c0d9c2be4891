package dev.runlog.sdk;

import dev.runlog.connectors.integration.Credentials;
import dev.runlog.protocol.job.IntegrationUse;
import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;

/**
 * Calls a job's auth resolvers before its code is played, each under a time limit, on threads of
 * their own (a resolver that hangs holds one of them, not the run's). What one of them does wrong
 * (throws, gives nothing, takes too long) is the reason the run ends UNRESOLVED_AUTH; the
 * credentials themselves never reach a message.
 */
final class AuthResolvers implements AutoCloseable {
  /** The worker setting of the time limit, in milliseconds. */
  static final String TIMEOUT_SETTING = "auth.resolver.timeout.ms";

  static final Duration DEFAULT_TIMEOUT = Duration.ofSeconds(10);

  private final ExecutorService threads;
  private final Duration timeout;

  AuthResolvers(Duration timeout) {
    this.timeout = timeout;
    this.threads =
        Executors.newCachedThreadPool(
            r -> {
              Thread t = new Thread(r, "runlog-auth-resolver");
              t.setDaemon(true);
              return t;
            });
  }

  /** The time limit of a worker whose {@link #TIMEOUT_SETTING} is {@code value} (empty: 10 s). */
  static Duration timeoutOf(java.util.Optional<String> value) {
    if (value.isEmpty()) {
      return DEFAULT_TIMEOUT;
    }
    try {
      long ms = Long.parseLong(value.get().strip());
      if (ms > 0) {
        return Duration.ofMillis(ms);
      }
    } catch (NumberFormatException e) {
      // falls through
    }
    throw new IllegalArgumentException(
        TIMEOUT_SETTING + " must be a positive number of milliseconds: " + value.get());
  }

  /** How a job's resolvers did for one execution. */
  sealed interface Outcome {}

  /** Every resolver gave credentials: by integration name. */
  record Resolved(Map<String, Credentials> credentials) implements Outcome {
    @Override
    public String toString() {
      return "Resolved" + credentials.keySet(); // the credentials' own toString masks them too
    }
  }

  /** Integration {@code name}'s resolver did not give credentials, for {@code reason}. */
  record Unresolved(String name, String reason) implements Outcome {}

  /**
   * Calls the resolver of each integration of {@code declared} that has one, in order, with the
   * run's {@code context}; stops at the first that fails.
   *
   * @throws InterruptedException when the execution is stopped meanwhile
   */
  Outcome resolve(List<DeclaredIntegration> declared, Context context) throws InterruptedException {
    Map<String, Credentials> resolved = new LinkedHashMap<>();
    for (DeclaredIntegration d : declared) {
      if (!IntegrationUse.RESOLVER.equals(d.auth().kind())) {
        continue;
      }
      AuthResolver resolver = d.auth().resolver();
      Future<Credentials> call = threads.submit(() -> resolver.resolve(context));
      Credentials credentials;
      try {
        credentials = call.get(timeout.toMillis(), TimeUnit.MILLISECONDS);
      } catch (TimeoutException e) {
        call.cancel(true);
        return new Unresolved(
            d.name(), "its auth resolver did not answer within " + timeout.toMillis() + " ms");
      } catch (ExecutionException e) {
        Throwable cause = e.getCause();
        return new Unresolved(
            d.name(),
            "its auth resolver threw "
                + cause.getClass().getName()
                + (cause.getMessage() == null ? "" : ": " + cause.getMessage()));
      } catch (InterruptedException e) {
        call.cancel(true);
        throw e;
      }
      if (credentials == null) {
        return new Unresolved(d.name(), "its auth resolver returned no credentials (null)");
      }
      resolved.put(d.name(), credentials);
    }
    return new Resolved(Map.copyOf(resolved));
  }

  @Override
  public void close() {
    threads.shutdownNow();
  }
}
