package dev.runlog.sdk.testing;

import dev.runlog.connectors.integration.Credentials;
import dev.runlog.sdk.Job;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.Objects;

/**
 * Tests a job without Kafka: runs it in-process, as a worker would, until it sleeps, waits for a
 * retry or ends. The test then moves time on ({@link TestRun#elapse()}), replays it ({@link
 * TestRun#replay()}) and asserts on its tasks and outputs. Time stands still unless moved, so
 * nothing really waits.
 *
 * <pre>{@code
 * TestRun run = JobTest.of(StarJob.job(github, slack)).start(new Star("ada", "runlog"));
 * assertEquals(List.of("profile"), run.tasks());   // then sleeping 30 s
 * run.runToEnd().replay();                           // every sleep elapsed; a replay runs nothing
 * assertEquals(1, github.calls());
 * }</pre>
 *
 * @param <P> the job's payload type
 */
public final class JobTest<P> {
  /** When a test run starts unless told otherwise. */
  public static final Instant DEFAULT_START = Instant.parse("2026-01-01T00:00:00Z");

  private final Job<P> job;
  private final Instant start;
  private final Map<String, Object> eventContext;
  private final List<Job<?>> children;
  private final Connections connections;

  private JobTest(
      Job<P> job,
      Instant start,
      Map<String, Object> eventContext,
      List<Job<?>> children,
      Connections connections) {
    this.job = Objects.requireNonNull(job, "job");
    this.start = start;
    this.eventContext = eventContext;
    this.children = children;
    this.connections = connections;
  }

  public static <P> JobTest<P> of(Job<P> job) {
    return new JobTest<>(job, DEFAULT_START, Map.of(), null, Connections.NONE);
  }

  /** This test with runs starting at {@code instant}. */
  public JobTest<P> at(Instant instant) {
    return new JobTest<>(job, Objects.requireNonNull(instant), eventContext, children, connections);
  }

  /** This test with runs started by an event with this context. */
  public JobTest<P> withEventContext(Map<String, Object> context) {
    return new JobTest<>(job, start, Map.copyOf(context), children, connections);
  }

  /**
   * This test with {@code jobs} as the only ones its runs may invoke, as a worker checks them: an
   * invoke of another job, or with a payload off the job's schema, fails its task (not retried).
   * Without it, any job id is taken. The jobs are not run: a test ends their runs itself.
   */
  public JobTest<P> withChildJobs(Job<?>... jobs) {
    return new JobTest<>(job, start, eventContext, List.of(jobs), connections);
  }

  /**
   * This test with {@code credentials} as managed connection {@code key}: the integration's name
   * ({@code slack}), or {@code name/accountId} for a connection per account. The job's auth
   * resolvers are called as a worker calls them, before each play.
   *
   * <pre>{@code
   * try (SlackStandIn slack = SlackStandIn.start()) {
   *   TestRun run = JobTest.of(StarJob.job(github))
   *       .withConnection("slack", Credentials.bearer("xoxb-test"))
   *       .withSetting("slack.base.url", slack.baseUrl())
   *       .start(new Star("ada", "runlog"));
   * }
   * }</pre>
   */
  public JobTest<P> withConnection(String key, Credentials credentials) {
    return new JobTest<>(
        job,
        start,
        eventContext,
        children,
        connections.with(Objects.requireNonNull(key), Objects.requireNonNull(credentials)));
  }

  /** This test with worker setting {@code name} (such as {@code slack.base.url}) set. */
  public JobTest<P> withSetting(String name, String value) {
    return new JobTest<>(
        job,
        start,
        eventContext,
        children,
        connections.withSetting(Objects.requireNonNull(name), Objects.requireNonNull(value)));
  }

  /** Starts a run with {@code payload} and plays it until it waits or ends. */
  public TestRun start(P payload) {
    return new TestRun(job, payload, start, eventContext, children, connections).resume();
  }
}
