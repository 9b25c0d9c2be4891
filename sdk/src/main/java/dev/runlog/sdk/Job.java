package dev.runlog.sdk;

import dev.runlog.protocol.job.JobDefinition;
import dev.runlog.protocol.job.KeyLimit;
import dev.runlog.protocol.job.NamedLimit;
import dev.runlog.protocol.job.RetryPolicy;
import java.time.Duration;
import java.time.Instant;
import java.util.Objects;

/**
 * A job: code that runs for every trigger event named {@link #eventName()}. Options are set with
 * {@code with}-style methods, each returning a new job.
 *
 * <pre>{@code
 * record Star(String login, String repo) {}
 *
 * Job<Star> stars = Job.define("github-stars", "new.star", Star.class, (star, io, ctx) -> {
 *   Profile p = io.runTask("profile", () -> github.user(star.login()));
 *   io.runTask("⭐️ New Star", () -> slack.post("@" + p.name() + " starred " + star.repo()));
 *   return p.name();
 * }).concurrencyLimit(5).retry(RetryPolicy.exponential(3, Duration.ofSeconds(1), 2, Duration.ofSeconds(30)));
 * }</pre>
 *
 * @param <P> the payload type; the trigger's JSON payload is read into it
 */
public final class Job<P> {
  /**
   * An execution stops at its next task boundary after this long and resumes on a fresh dispatch.
   */
  public static final Duration DEFAULT_SLICE = Duration.ofMinutes(5);

  /** The engine dispatches again when nothing came from an execution for this long. */
  public static final Duration DEFAULT_LEASE = Duration.ofSeconds(30);

  private final String id;
  private final String eventName;
  private final Class<P> payloadType;
  private final JobFunction<P> function;
  private final Options options;

  /** Everything but the code: a record so that each option change is one copy. */
  private record Options(
      String version,
      String queue,
      RetryPolicy retry,
      Integer concurrencyLimit,
      NamedLimit sharedLimit,
      Duration maxDuration,
      Duration slice,
      Duration lease,
      Integer maxDispatchesWithoutProgress,
      String payloadSchema,
      KeyLimit keyLimit) {}

  private Job(
      String id, String eventName, Class<P> payloadType, JobFunction<P> function, Options options) {
    this.id = requireText(id, "id");
    this.eventName = requireText(eventName, "eventName");
    this.payloadType = Objects.requireNonNull(payloadType, "payloadType");
    this.function = Objects.requireNonNull(function, "function");
    this.options = options;
  }

  /**
   * A job with id {@code id}, version "1", running {@code function} on events named {@code
   * eventName}. Its payload schema is derived from {@code payloadType} ({@link PayloadSchemas}).
   */
  public static <P> Job<P> define(
      String id, String eventName, Class<P> payloadType, JobFunction<P> function) {
    return new Job<>(
        id,
        eventName,
        payloadType,
        function,
        new Options(
            "1",
            JobDefinition.DEFAULT_QUEUE,
            RetryPolicy.none(),
            null,
            null,
            null,
            DEFAULT_SLICE,
            DEFAULT_LEASE,
            null,
            PayloadSchemas.of(payloadType),
            null));
  }

  /** This job with another version label (shown on its runs). */
  public Job<P> version(String version) {
    return with(
        new Options(
            requireText(version, "version"),
            options.queue,
            options.retry,
            options.concurrencyLimit,
            options.sharedLimit,
            options.maxDuration,
            options.slice,
            options.lease,
            options.maxDispatchesWithoutProgress,
            options.payloadSchema,
            options.keyLimit));
  }

  /** This job on another queue: its runs go to that queue's executions topic and its workers. */
  public Job<P> queue(String queue) {
    return with(
        new Options(
            options.version,
            requireText(queue, "queue"),
            options.retry,
            options.concurrencyLimit,
            options.sharedLimit,
            options.maxDuration,
            options.slice,
            options.lease,
            options.maxDispatchesWithoutProgress,
            options.payloadSchema,
            options.keyLimit));
  }

  /** The retry policy of every task of this job that does not pass its own. */
  public Job<P> retry(RetryPolicy retry) {
    return with(
        new Options(
            options.version,
            options.queue,
            Objects.requireNonNull(retry),
            options.concurrencyLimit,
            options.sharedLimit,
            options.maxDuration,
            options.slice,
            options.lease,
            options.maxDispatchesWithoutProgress,
            options.payloadSchema,
            options.keyLimit));
  }

  /**
   * At most {@code limit} runs of this job execute at once; the others are QUEUED, first in first
   * out.
   */
  public Job<P> concurrencyLimit(int limit) {
    requirePositive(limit, "concurrency limit");
    return with(
        new Options(
            options.version,
            options.queue,
            options.retry,
            limit,
            null,
            options.maxDuration,
            options.slice,
            options.lease,
            options.maxDispatchesWithoutProgress,
            options.payloadSchema,
            options.keyLimit));
  }

  /**
   * At most {@code limit} runs execute at once per value of the payload field at {@code path}
   * (dotted: {@code "tenantId"}, {@code "customer.id"}), on top of the job's or a shared limit; one
   * key's queued runs never hold up another key's. A payload without the field makes an
   * INVALID_PAYLOAD run.
   *
   * <pre>{@code
   * Job.define("sync", "tenant.changed", Change.class, fn).concurrencyKey("tenantId", 1)
   * }</pre>
   */
  public Job<P> concurrencyKey(String path, int limit) {
    return with(
        new Options(
            options.version,
            options.queue,
            options.retry,
            options.concurrencyLimit,
            options.sharedLimit,
            options.maxDuration,
            options.slice,
            options.lease,
            options.maxDispatchesWithoutProgress,
            options.payloadSchema,
            new KeyLimit(path, limit)));
  }

  /** Shares the limit {@code name} of {@code limit} executing runs with every job that names it. */
  public Job<P> sharedLimit(String name, int limit) {
    requirePositive(limit, "concurrency limit");
    return with(
        new Options(
            options.version,
            options.queue,
            options.retry,
            null,
            new NamedLimit(requireText(name, "limit name"), limit),
            options.maxDuration,
            options.slice,
            options.lease,
            options.maxDispatchesWithoutProgress,
            options.payloadSchema,
            options.keyLimit));
  }

  /** A run still not finished this long after it started is TIMED_OUT. */
  public Job<P> maxDuration(Duration maxDuration) {
    return with(
        new Options(
            options.version,
            options.queue,
            options.retry,
            options.concurrencyLimit,
            options.sharedLimit,
            positive(maxDuration),
            options.slice,
            options.lease,
            options.maxDispatchesWithoutProgress,
            options.payloadSchema,
            options.keyLimit));
  }

  /**
   * How long one execution may run before it stops at a task boundary and resumes on a new
   * dispatch.
   */
  public Job<P> slice(Duration slice) {
    return with(
        new Options(
            options.version,
            options.queue,
            options.retry,
            options.concurrencyLimit,
            options.sharedLimit,
            options.maxDuration,
            positive(slice),
            options.lease,
            options.maxDispatchesWithoutProgress,
            options.payloadSchema,
            options.keyLimit));
  }

  /** How long the engine waits without news from an execution before dispatching the run again. */
  public Job<P> lease(Duration lease) {
    return with(
        new Options(
            options.version,
            options.queue,
            options.retry,
            options.concurrencyLimit,
            options.sharedLimit,
            options.maxDuration,
            options.slice,
            positive(lease),
            options.maxDispatchesWithoutProgress,
            options.payloadSchema,
            options.keyLimit));
  }

  /** A run dispatched this many times in a row without completing a new task is TIMED_OUT. */
  public Job<P> maxDispatchesWithoutProgress(int count) {
    requirePositive(count, "dispatch count");
    return with(
        new Options(
            options.version,
            options.queue,
            options.retry,
            options.concurrencyLimit,
            options.sharedLimit,
            options.maxDuration,
            options.slice,
            options.lease,
            count,
            options.payloadSchema,
            options.keyLimit));
  }

  /**
   * Validates payloads against this JSON Schema instead of the one derived from the payload type;
   * null: no validation.
   */
  public Job<P> payloadSchema(String jsonSchema) {
    return with(
        new Options(
            options.version,
            options.queue,
            options.retry,
            options.concurrencyLimit,
            options.sharedLimit,
            options.maxDuration,
            options.slice,
            options.lease,
            options.maxDispatchesWithoutProgress,
            jsonSchema,
            options.keyLimit));
  }

  public String id() {
    return id;
  }

  public String version() {
    return options.version;
  }

  public String eventName() {
    return eventName;
  }

  public Class<P> payloadType() {
    return payloadType;
  }

  public String queue() {
    return options.queue;
  }

  public RetryPolicy retry() {
    return options.retry;
  }

  public Duration slice() {
    return options.slice;
  }

  public Duration lease() {
    return options.lease;
  }

  JobFunction<P> function() {
    return function;
  }

  /** The definition a worker registers on the jobs topic. */
  public JobDefinition definition(Instant registeredAt, String workerId) {
    return new JobDefinition(
            id,
            options.version,
            eventName,
            options.queue,
            options.payloadSchema,
            options.concurrencyLimit,
            options.sharedLimit,
            millis(options.maxDuration),
            millis(options.slice),
            millis(options.lease),
            options.maxDispatchesWithoutProgress,
            options.retry,
            registeredAt,
            workerId)
        .withKeyLimit(options.keyLimit);
  }

  private Job<P> with(Options changed) {
    return new Job<>(id, eventName, payloadType, function, changed);
  }

  private static Long millis(Duration d) {
    return d == null ? null : d.toMillis();
  }

  private static Duration positive(Duration d) {
    if (d == null || d.isNegative() || d.isZero()) {
      throw new IllegalArgumentException("a duration option must be positive: " + d);
    }
    return d;
  }

  private static void requirePositive(int value, String name) {
    if (value < 1) {
      throw new IllegalArgumentException("a " + name + " must be at least 1");
    }
  }

  private static String requireText(String value, String name) {
    if (value == null || value.isBlank()) {
      throw new IllegalArgumentException("a job needs a non-empty " + name);
    }
    return value;
  }
}
