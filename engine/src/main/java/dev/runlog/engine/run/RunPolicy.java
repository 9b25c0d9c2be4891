package dev.runlog.engine.run;

import dev.runlog.protocol.job.IntegrationUse;
import dev.runlog.protocol.job.JobDefinition;
import dev.runlog.protocol.job.KeyLimit;
import dev.runlog.protocol.schema.PayloadSchema;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;

/**
 * The rules a job's runs follow, read from its definition with the engine's defaults filled in. The
 * payload schema is parsed once here, not for every run.
 *
 * @param limitKey the concurrency limit its runs take a slot of ({@code job:<id>} or {@code
 *     limit:<name>}), null for none
 * @param maxDuration null for none
 * @param schema null when the job declares none
 * @param keyLimit the job's per-key limit, null for none
 * @param integrations the integrations the job's code calls; a run waits for the managed
 *     connections among them
 */
public record RunPolicy(
    String jobId,
    Duration lease,
    int maxDispatchesWithoutProgress,
    Duration maxDuration,
    String limitKey,
    int limit,
    PayloadSchema schema,
    KeyLimit keyLimit,
    List<IntegrationUse> integrations) {

  public static final Duration DEFAULT_LEASE = Duration.ofSeconds(30);
  public static final int DEFAULT_MAX_DISPATCHES_WITHOUT_PROGRESS = 10;

  /**
   * A job's lease or maximum duration longer than this is taken as this: a century is "never" for a
   * run, and keeps every instant the machine computes from them (now + lease, a delivery time up to
   * the year 9999 + the maximum duration) within what the logs' milliseconds hold. A definition
   * with {@code Long.MAX_VALUE} ms made every run of its job fail to encode its lease.
   */
  public static final Duration LONGEST = Duration.ofDays(36_525);

  public RunPolicy {
    integrations = integrations == null ? List.of() : List.copyOf(integrations);
  }

  /** A policy without integrations. */
  public RunPolicy(
      String jobId,
      Duration lease,
      int maxDispatchesWithoutProgress,
      Duration maxDuration,
      String limitKey,
      int limit,
      PayloadSchema schema,
      KeyLimit keyLimit) {
    this(
        jobId,
        lease,
        maxDispatchesWithoutProgress,
        maxDuration,
        limitKey,
        limit,
        schema,
        keyLimit,
        List.of());
  }

  /** A policy without a per-key limit. */
  public RunPolicy(
      String jobId,
      Duration lease,
      int maxDispatchesWithoutProgress,
      Duration maxDuration,
      String limitKey,
      int limit,
      PayloadSchema schema) {
    this(jobId, lease, maxDispatchesWithoutProgress, maxDuration, limitKey, limit, schema, null);
  }

  /**
   * The per-key concurrency key of a run with {@code payload}: null when the job has no per-key
   * limit, or the payload lacks the field.
   */
  public String concurrencyKeyOf(String payload) {
    return keyLimit == null ? null : keyLimit.valueIn(payload);
  }

  /**
   * The managed connections a run whose event's context is {@code context} needs, by key ({@code
   * integration} or {@code integration/accountId}), in the order the job declares them; none for a
   * per-account integration when the run has no account (see {@link #accountMissing}).
   */
  public List<String> connectionsFor(String context) {
    if (integrations.stream().noneMatch(IntegrationUse::managed)) {
      return List.of(); // the common case: no context to read
    }
    String account = IntegrationUse.accountOf(context);
    List<String> keys = new ArrayList<>();
    for (IntegrationUse use : integrations) {
      String key = use.connectionFor(account);
      if (key != null && !keys.contains(key)) {
        keys.add(key);
      }
    }
    return keys;
  }

  /**
   * The first per-account integration a run whose event's context is {@code context} cannot have a
   * connection of, for want of an {@code accountId}; null when there is none.
   */
  public IntegrationUse accountMissing(String context) {
    for (IntegrationUse use : integrations) {
      if (IntegrationUse.PER_ACCOUNT.equals(use.auth())) {
        return IntegrationUse.accountOf(context) == null ? use : null;
      }
    }
    return null;
  }

  /** The policy of a job that is not registered (any more): defaults, no limit, no schema. */
  public static RunPolicy unregistered(String jobId) {
    return new RunPolicy(
        jobId, DEFAULT_LEASE, DEFAULT_MAX_DISPATCHES_WITHOUT_PROGRESS, null, null, 0, null);
  }

  /**
   * @throws IllegalArgumentException when the job's payload schema is not a valid schema
   */
  public static RunPolicy of(JobDefinition job) {
    String limitKey = null;
    int limit = 0;
    if (job.sharedLimit() != null) {
      limitKey = "limit:" + job.sharedLimit().name();
      limit = job.sharedLimit().limit();
    } else if (job.concurrencyLimit() != null) {
      limitKey = "job:" + job.id();
      limit = job.concurrencyLimit();
    }
    return new RunPolicy(
        job.id(),
        job.leaseMillis() == null ? DEFAULT_LEASE : capped(job.leaseMillis()),
        job.maxDispatchesWithoutProgress() == null
            ? DEFAULT_MAX_DISPATCHES_WITHOUT_PROGRESS
            : job.maxDispatchesWithoutProgress(),
        job.maxDurationMillis() == null ? null : capped(job.maxDurationMillis()),
        limitKey,
        limit,
        job.payloadSchema() == null ? null : PayloadSchema.parse(job.payloadSchema()),
        job.keyLimit(),
        job.integrations());
  }

  private static Duration capped(long millis) {
    return Duration.ofMillis(Math.min(millis, LONGEST.toMillis()));
  }
}
