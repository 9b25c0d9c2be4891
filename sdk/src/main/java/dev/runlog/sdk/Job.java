package dev.runlog.sdk;

import dev.runlog.connectors.integration.Integration;
import dev.runlog.protocol.job.JobDefinition;
import dev.runlog.protocol.job.KeyLimit;
import dev.runlog.protocol.job.NamedLimit;
import dev.runlog.protocol.job.RetryPolicy;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;
import java.util.function.Consumer;

/**
 * A job: code that runs for every trigger event named {@link #eventName()}. Options are set with
 * {@code with}-style methods, each returning a new job.
 *
 * <pre>{@code
 * record Star(String login, String repo) {}
 *
 * Job<Star> stars = Job.on("new.star", Star.class).run((star, io) -> {
 *   Profile p = io.runTask("profile", Profile.class, () -> github.user(star.login()));
 *   io.runTask("⭐️ New Star", () -> slack.post("@" + p.name() + " starred " + star.repo()));
 * }).concurrencyLimit(5);
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

  /** Everything but the code, immutable; {@link Edit} changes a copy. */
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
      KeyLimit keyLimit,
      List<Schedule> schedules,
      List<DeclaredIntegration> integrations) {}

  private Job(
      String id, String eventName, Class<P> payloadType, JobFunction<P> function, Options options) {
    this.id = requireText(id, "id");
    this.eventName = requireText(eventName, "eventName");
    this.payloadType = Objects.requireNonNull(payloadType, "payloadType");
    this.function = Objects.requireNonNull(function, "function");
    this.options = options;
  }

  /** Every task of a job made by {@link #on} or {@link #named} retries this often by default. */
  public static final Retry DEFAULT_RETRY = Retry.times(3);

  /**
   * A job that runs for every event named {@code eventName}, its id the event name: {@code
   * Job.on("new.star", Star.class).run((star, io) -> ...)}. Its tasks retry {@link #DEFAULT_RETRY}.
   * Give it another id with {@link #named} when two jobs run on one event.
   */
  public static <P> JobBuilder.On<P> on(String eventName, Class<P> payloadType) {
    return new JobBuilder(requireText(eventName, "eventName")).on(eventName, payloadType);
  }

  /**
   * The first step of defining a job with its own id: then {@link JobBuilder#on the event it runs
   * on}, then {@link JobBuilder.On#run its code}. Its tasks retry {@link #DEFAULT_RETRY}.
   */
  public static JobBuilder named(String id) {
    return new JobBuilder(requireText(id, "id"));
  }

  /**
   * A job with id {@code id}, version "1", running {@code function} on events named {@code
   * eventName}: the form before {@link #on} and {@link #named}, whose function also takes the
   * {@link Context} and whose tasks do not retry unless {@link #retry(Retry)} says so.
   */
  public static <P> Job<P> define(
      String id, String eventName, Class<P> payloadType, JobFunction<P> function) {
    return of(id, eventName, payloadType, function);
  }

  /**
   * The defaults; its payload schema is derived from {@code payloadType} ({@link PayloadSchemas}).
   */
  static <P> Job<P> of(String id, String eventName, Class<P> payloadType, JobFunction<P> function) {
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
            null,
            List.of(),
            List.of()));
  }

  /** This job with another version label (shown on its runs). */
  public Job<P> version(String version) {
    return edit(o -> o.version = requireText(version, "version"));
  }

  /** This job on another queue: its runs go to that queue's executions topic and its workers. */
  public Job<P> queue(String queue) {
    return edit(o -> o.queue = requireText(queue, "queue"));
  }

  /**
   * The retry policy of every task of this job that does not pass its own (default: none).
   *
   * <pre>{@code
   * job.retry(Retry.times(3))
   * }</pre>
   */
  public Job<P> retry(Retry retry) {
    return retry(retry.policy());
  }

  /** {@link #retry(Retry)} in the engine's terms. */
  public Job<P> retry(RetryPolicy retry) {
    return edit(o -> o.retry = Objects.requireNonNull(retry));
  }

  /**
   * At most {@code limit} runs of this job execute at once; the others are QUEUED, first in first
   * out.
   */
  public Job<P> concurrencyLimit(int limit) {
    requirePositive(limit, "concurrency limit");
    return edit(
        o -> {
          o.concurrencyLimit = limit;
          o.sharedLimit = null;
        });
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
    return edit(o -> o.keyLimit = new KeyLimit(path, limit));
  }

  /** Shares the limit {@code name} of {@code limit} executing runs with every job that names it. */
  public Job<P> sharedLimit(String name, int limit) {
    requirePositive(limit, "concurrency limit");
    return edit(
        o -> {
          o.concurrencyLimit = null;
          o.sharedLimit = new NamedLimit(requireText(name, "limit name"), limit);
        });
  }

  /** A run still not finished this long after it started is TIMED_OUT. */
  public Job<P> maxDuration(Duration maxDuration) {
    return edit(o -> o.maxDuration = positive(maxDuration));
  }

  /**
   * How long one execution may run before it stops at a task boundary and resumes on a new
   * dispatch.
   */
  public Job<P> slice(Duration slice) {
    return edit(o -> o.slice = positive(slice));
  }

  /** How long the engine waits without news from an execution before dispatching the run again. */
  public Job<P> lease(Duration lease) {
    return edit(o -> o.lease = positive(lease));
  }

  /** A run dispatched this many times in a row without completing a new task is TIMED_OUT. */
  public Job<P> maxDispatchesWithoutProgress(int count) {
    requirePositive(count, "dispatch count");
    return edit(o -> o.maxDispatchesWithoutProgress = count);
  }

  /**
   * Validates payloads against this JSON Schema instead of the one derived from the payload type;
   * null: no validation.
   */
  public Job<P> payloadSchema(String jsonSchema) {
    return edit(o -> o.payloadSchema = jsonSchema);
  }

  /**
   * Also runs this job on a cron schedule: {@code "0 9 * * MON-FRI"} in {@code "Europe/Berlin"}
   * (see {@link Schedule#cron}). One run per tick, its payload the tick ({@link ScheduledTick}).
   * Several schedules add up; the engine removes a schedule the job no longer declares.
   *
   * <pre>{@code
   * Job.on("report.daily", ScheduledTick.class)
   *     .run((tick, io) -> io.runTask("send", () -> reports.send(tick.scheduledAt())))
   *     .cron("0 9 * * MON-FRI", "Europe/Berlin");
   * }</pre>
   */
  public Job<P> cron(String expression, String timeZone) {
    return schedule(Schedule.cron(expression, timeZone));
  }

  /** Also runs this job every {@code interval} (see {@link Schedule#every}). */
  public Job<P> every(Duration interval) {
    return schedule(Schedule.every(interval));
  }

  /** Also runs this job on {@code schedule}. */
  public Job<P> schedule(Schedule schedule) {
    Objects.requireNonNull(schedule, "schedule");
    return edit(
        o -> {
          List<Schedule> all = new ArrayList<>(o.schedules);
          all.add(schedule);
          o.schedules = List.copyOf(all);
        });
  }

  /**
   * This job calls integration {@code integration} under {@code name}, with credentials from {@code
   * auth}; its code reaches it as {@code io.integration(name, integration)} (or {@code
   * io.slack(name)}, {@code io.http(name)}). A managed connection makes each run wait,
   * WAITING_ON_CONNECTIONS, until the connection exists.
   *
   * <pre>{@code
   * .integration("slack", Slack.INTEGRATION, Auth.managed())
   * }</pre>
   */
  public Job<P> integration(String name, Integration<?> integration, Auth auth) {
    return declare(new DeclaredIntegration(name, integration, auth, null));
  }

  /** {@link #integration(String, Integration, Auth)} with its calls retried by {@code retry}. */
  public Job<P> integration(String name, Integration<?> integration, Auth auth, Retry retry) {
    return declare(new DeclaredIntegration(name, integration, auth, retry.policy()));
  }

  private Job<P> declare(DeclaredIntegration declared) {
    return edit(
        o -> {
          List<DeclaredIntegration> all = new ArrayList<>(o.integrations);
          all.removeIf(d -> d.name().equals(declared.name()));
          all.add(declared);
          o.integrations = List.copyOf(all);
        });
  }

  /** The integrations this job declared, by name. */
  List<DeclaredIntegration> integrations() {
    return options.integrations;
  }

  /** The schedules this job runs on, in the order they were added. */
  public List<Schedule> schedules() {
    return options.schedules;
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
        options.keyLimit,
        millis(options.maxDuration),
        millis(options.slice),
        millis(options.lease),
        options.maxDispatchesWithoutProgress,
        options.retry,
        registeredAt,
        workerId,
        options.schedules.stream().map(Schedule::definition).toList(),
        options.integrations.stream().map(DeclaredIntegration::use).toList());
  }

  /** This job with the options {@code change} sets; the others as they are. */
  private Job<P> edit(Consumer<Edit> change) {
    Edit edit = new Edit(options);
    change.accept(edit);
    return with(edit.options());
  }

  /** A mutable copy of {@link Options}: one option method changes one field, not twelve. */
  private static final class Edit {
    String version;
    String queue;
    RetryPolicy retry;
    Integer concurrencyLimit;
    NamedLimit sharedLimit;
    Duration maxDuration;
    Duration slice;
    Duration lease;
    Integer maxDispatchesWithoutProgress;
    String payloadSchema;
    KeyLimit keyLimit;
    List<Schedule> schedules;
    List<DeclaredIntegration> integrations;

    Edit(Options o) {
      version = o.version;
      queue = o.queue;
      retry = o.retry;
      concurrencyLimit = o.concurrencyLimit;
      sharedLimit = o.sharedLimit;
      maxDuration = o.maxDuration;
      slice = o.slice;
      lease = o.lease;
      maxDispatchesWithoutProgress = o.maxDispatchesWithoutProgress;
      payloadSchema = o.payloadSchema;
      keyLimit = o.keyLimit;
      schedules = o.schedules;
      integrations = o.integrations;
    }

    Options options() {
      return new Options(
          version,
          queue,
          retry,
          concurrencyLimit,
          sharedLimit,
          maxDuration,
          slice,
          lease,
          maxDispatchesWithoutProgress,
          payloadSchema,
          keyLimit,
          schedules,
          integrations);
    }
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
