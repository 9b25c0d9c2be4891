package dev.runlog.connectors.integration;

import dev.runlog.protocol.job.RetryPolicy;
import java.time.Duration;

/**
 * A kind of integration: builds the client a run's code calls, for one execution. Every call the
 * client makes goes through {@link IntegrationContext#task}, so it is a task: keyed, memoized,
 * retried, and shown with the integration's name. Adding an integration is one class:
 *
 * <pre>{@code
 * public final class Linear {
 *   public static final Integration<Linear> INTEGRATION = Integration.of("linear", Linear::new);
 *   private final IntegrationContext ctx;
 *
 *   private Linear(IntegrationContext ctx) { this.ctx = ctx; }
 *
 *   public Issue createIssue(String key, String title) {
 *     return ctx.task(key, "createIssue", Issue.class, () -> post(ctx.credentials(), title));
 *   }
 * }
 * // in a job:  io.integration("linear", Linear.INTEGRATION).createIssue("file it", "Broken");
 * }</pre>
 *
 * @param <C> the client type the job's code calls
 */
public interface Integration<C> {

  /** What it talks to: {@code slack}, {@code http}; a label and an icon in the dashboard. */
  String kind();

  /** A client for one execution of a run. */
  C client(IntegrationContext context);

  /**
   * How its calls are retried unless the job says otherwise: by default 5 attempts, 1 s doubling to
   * 1 min, randomized. An {@link IntegrationException} that is not retryable ends the task at once;
   * one with a {@code retryAfter} is not retried sooner.
   */
  default RetryPolicy defaultRetry() {
    return RetryPolicy.exponential(5, Duration.ofSeconds(1), 2.0, Duration.ofMinutes(1))
        .randomized();
  }

  /** An integration of {@code kind} whose clients {@code factory} builds. */
  static <C> Integration<C> of(
      String kind, java.util.function.Function<IntegrationContext, C> factory) {
    return new Integration<>() {
      @Override
      public String kind() {
        return kind;
      }

      @Override
      public C client(IntegrationContext context) {
        return factory.apply(context);
      }
    };
  }
}
