package dev.runlog.sdk;

import dev.runlog.connectors.http.Http;
import dev.runlog.connectors.integration.Credentials;
import dev.runlog.connectors.integration.Integration;
import dev.runlog.connectors.integration.IntegrationContext;
import dev.runlog.connectors.integration.IntegrationException;
import dev.runlog.connectors.slack.Slack;
import dev.runlog.protocol.execution.TaskSnapshot;
import dev.runlog.protocol.job.RetryPolicy;
import dev.runlog.protocol.limits.RecordLimits;
import dev.runlog.protocol.run.ChildResult;
import dev.runlog.protocol.run.ErrorInfo;
import dev.runlog.protocol.run.TaskIntegration;
import dev.runlog.protocol.trigger.TriggerEvent;
import java.lang.reflect.Type;
import java.net.http.HttpClient;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.UUID;
import java.util.concurrent.Callable;
import java.util.concurrent.ThreadLocalRandom;
import java.util.function.DoubleSupplier;

/**
 * What a run does durably. Its one rule: <b>side effects go inside {@link #runTask}</b>.
 *
 * <p>A run is replayed from the start whenever it resumes (its worker died, its slice ran out, a
 * sleep elapsed, a retry came due). During a replay, {@code runTask} returns the output a task
 * stored the first time and does not call its function again. Tasks are identified by their keys,
 * not by call order, so a key must be unique within a run and stable across replays; calling a key
 * twice runs it once. Sleeps and sent events are keyed the same way.
 *
 * <pre>{@code
 * // good: the charge happens once, whatever the number of replays
 * Receipt r = io.runTask("charge", Receipt.class, () -> payments.charge(order));
 *
 * // bad: runs again on every replay
 * payments.charge(order);
 *
 * // in a loop, put the index in the key
 * for (int i = 0; i < 3; i++) {
 *   io.sleep("pause " + i, Duration.ofSeconds(30));
 *   io.runTask("reminder " + i, () -> slack.post("Reminder"));
 * }
 * }</pre>
 *
 * Outside tasks, use {@link #now()}, {@link #random()} and {@link #uuid()} instead of the clock and
 * {@code Random}: they give the same values on every replay. The durable wait is {@link #sleep}:
 * {@code io.wait(30_000)} is {@code Object.wait}, which throws IllegalMonitorStateException.
 */
public final class Io {
  private final Map<String, String> completed;
  private final Map<String, TaskSnapshot> attempted;
  private final Map<String, Boolean> waits;
  private final Map<String, String> waitResults;
  private final RunSteps steps;
  private final RetryPolicy defaultRetry;
  private final Clock clock;
  private final DoubleSupplier random;
  private final Context context;
  private final StableValues stable;
  private final RunLogger logger = new RunLogger(this::log);
  private final Map<String, DeclaredIntegration> declared = new HashMap<>();
  private final Map<String, Object> clients = new HashMap<>();
  private final Integrations integrations;
  private final int recordedSteps;
  private int stepsPassed;
  private int linesSinceStep;
  private int nows;
  private boolean inTask;

  Io(
      Map<String, String> completed,
      Map<String, TaskSnapshot> attempted,
      Map<String, Boolean> waits,
      RunSteps steps,
      RetryPolicy defaultRetry,
      Clock clock,
      DoubleSupplier random,
      Context context) {
    this(completed, attempted, waits, Map.of(), steps, defaultRetry, clock, random, context);
  }

  /**
   * @param waitResults what waits that are over got (a child run's {@code ChildResult} JSON, the
   *     event of a wait for an event), by key
   */
  Io(
      Map<String, String> completed,
      Map<String, TaskSnapshot> attempted,
      Map<String, Boolean> waits,
      Map<String, String> waitResults,
      RunSteps steps,
      RetryPolicy defaultRetry,
      Clock clock,
      DoubleSupplier random,
      Context context) {
    this(
        completed,
        attempted,
        waits,
        waitResults,
        steps,
        defaultRetry,
        clock,
        random,
        context,
        List.of(),
        Integrations.NONE);
  }

  /**
   * @param declared the integrations the job declared
   * @param integrations where their credentials and settings come from
   */
  Io(
      Map<String, String> completed,
      Map<String, TaskSnapshot> attempted,
      Map<String, Boolean> waits,
      Map<String, String> waitResults,
      RunSteps steps,
      RetryPolicy defaultRetry,
      Clock clock,
      DoubleSupplier random,
      Context context,
      List<DeclaredIntegration> declared,
      Integrations integrations) {
    declared.forEach(d -> this.declared.put(d.name(), d));
    this.integrations = Objects.requireNonNull(integrations, "integrations");
    this.completed = completed;
    this.attempted = new HashMap<>(attempted);
    this.waits = waits;
    this.waitResults = waitResults;
    this.steps = steps;
    this.defaultRetry = defaultRetry;
    this.clock = clock;
    this.random = random;
    this.context = Objects.requireNonNull(context, "context");
    this.stable = new StableValues(context.runId());
    this.recordedSteps = completed.size() + attempted.size() + waits.size();
  }

  /** What the run knows about itself: its id, its job, the event that started it. */
  public Context context() {
    return context;
  }

  /** Log lines kept with the run (see {@link RunLogger}). */
  public RunLogger logger() {
    return logger;
  }

  /**
   * Runs {@code fn} once for this run; on a replay, does not call it again. A failure is retried
   * with the job's retry policy.
   *
   * <pre>{@code
   * io.runTask("⭐️ New Star", () -> slack.post("@" + login + " starred " + repo));
   * }</pre>
   *
   * @throws TaskFailedException when {@code fn} failed on its last attempt; the run fails if it is
   *     not caught
   */
  public void runTask(String key, VoidTask fn) {
    runTask(key, defaultRetry, fn);
  }

  /** {@link #runTask(String, VoidTask)} with this task's own retry policy. */
  public void runTask(String key, Retry retry, VoidTask fn) {
    runTask(key, retry.policy(), fn);
  }

  /**
   * Runs {@code fn} once for this run and returns its output; on a replay, returns the output
   * stored the first time, read as {@code type}, without calling {@code fn}. A failure is retried
   * with the job's retry policy. For a generic type, such as {@code List<Profile>}, use {@link
   * #runTask(String, TypeRef, Task)}: {@code List.class} is refused, before {@code fn} runs,
   * because a replay could not know the element type.
   *
   * <pre>{@code
   * Profile p = io.runTask("profile", Profile.class, () -> github.profile(login));
   * }</pre>
   *
   * @throws TaskFailedException when {@code fn} failed on its last attempt; the run fails if it is
   *     not caught
   */
  public <T> T runTask(String key, Class<T> type, Task<T> fn) {
    return runTask(key, type, defaultRetry, fn);
  }

  /** {@link #runTask(String, Class, Task)} with this task's own retry policy. */
  public <T> T runTask(String key, Class<T> type, Retry retry, Task<T> fn) {
    return runTask(key, type, retry.policy(), fn);
  }

  /**
   * {@link #runTask(String, Class, Task)} for a generic output type.
   *
   * <pre>{@code
   * List<Profile> team = io.runTask("team", new TypeRef<List<Profile>>() {}, () -> github.team(org));
   * }</pre>
   */
  public <T> T runTask(String key, TypeRef<T> type, Task<T> fn) {
    return task(key, type.type(), defaultRetry, fn);
  }

  /** {@link #runTask(String, TypeRef, Task)} with this task's own retry policy. */
  public <T> T runTask(String key, TypeRef<T> type, Retry retry, Task<T> fn) {
    return task(key, type.type(), retry.policy(), fn);
  }

  /** {@link #runTask(String, VoidTask)} with a retry policy in the engine's terms. */
  public void runTask(String key, RetryPolicy retry, VoidTask fn) {
    Objects.requireNonNull(fn, "fn");
    task(
        key,
        Object.class,
        retry,
        () -> {
          fn.run();
          return null;
        });
  }

  /** {@link #runTask(String, Class, Task)} with a retry policy in the engine's terms. */
  public <T> T runTask(String key, Class<T> type, RetryPolicy retry, Task<T> fn) {
    if (type.getTypeParameters().length > 0) {
      throw new IllegalArgumentException(
          "task '"
              + key
              + "': "
              + type.getSimpleName()
              + ".class loses its type arguments, so a replay would not know what is inside; pass"
              + " new TypeRef<"
              + type.getSimpleName()
              + "<...>>() {} instead");
    }
    return task(key, type, retry, fn);
  }

  private <T> T task(String key, Type outputType, RetryPolicy retry, Task<T> fn) {
    return task("task", key, outputType, retry, fn, null);
  }

  private <T> T task(String kind, String key, Type outputType, RetryPolicy retry, Task<T> fn) {
    return task(kind, key, outputType, retry, fn, null);
  }

  /**
   * A task; {@code kind} is the step a replay check sees ("task", or "invoke" for a child), {@code
   * label} the integration it calls (null: none).
   */
  private <T> T task(
      String kind,
      String key,
      Type outputType,
      RetryPolicy retry,
      Task<T> fn,
      TaskIntegration label) {
    return task(kind, key, outputType, retry, fn, label, null);
  }

  /**
   * A task; {@code completing}, when not null, runs instead of {@code fn} and appends the task's
   * {@code TaskCompleted} itself (a Kafka send commits it with its records), returning the output's
   * JSON.
   */
  private <T> T task(
      String kind,
      String key,
      Type outputType,
      RetryPolicy retry,
      Task<T> fn,
      TaskIntegration label,
      SelfCompleting completing) {
    Objects.requireNonNull(fn, "fn");
    Objects.requireNonNull(retry, "retry");
    Objects.requireNonNull(outputType, "type");
    requireKey(key);
    passStep();
    steps.asked(kind, key);
    String stored = completed.get(key);
    if (stored != null) {
      T replayed = Json.read(stored, outputType);
      steps.returned(key, replayed);
      return replayed;
    }
    TaskSnapshot before = attempted.get(key);
    int attempt = before == null ? 1 : before.attempts() + 1;
    if (before != null && (before.failed() || !retry.allowsAfter(before.attempts()))) {
      throw new TaskFailedException(
          key, before.lastError()); // failed for good in an earlier execution
    }
    steps.boundary();
    Instant startedAt = clock.instant();
    T output;
    String committed = null;
    steps.taskStarting(key);
    inTask = true;
    try {
      if (completing == null) {
        output = fn.call();
      } else {
        committed = completing.run(startedAt, attempt);
        output = Json.read(committed, outputType);
      }
    } catch (Exception e) {
      steps.checkCanceled();
      ErrorInfo error = ErrorInfo.of(e);
      IntegrationException refused = e instanceof IntegrationException i ? i : null;
      if (retry.allowsAfter(attempt) && (refused == null || refused.retryable())) {
        Duration delay = retry.delayAfter(attempt, random.getAsDouble());
        if (refused != null && refused.retryAfter().isPresent()) {
          Duration asked = refused.retryAfter().get(); // Retry-After: never sooner than asked
          delay = asked.compareTo(delay) > 0 ? asked : delay;
        }
        Instant retryAt = clock.instant().plus(delay);
        steps.taskFailed(key, error, attempt, startedAt, retryAt, label);
        throw new Suspension(Suspension.Reason.WAITING);
      }
      steps.taskFailed(key, error, attempt, startedAt, null, label);
      attempted.put(key, TaskSnapshot.failed(key, attempt, error, true));
      throw new TaskFailedException(key, e);
    } finally {
      inTask = false;
      steps.taskEnded();
    }
    String json = committed;
    if (json == null) {
      json = Json.write(output);
      ErrorInfo tooLarge = OutputLimit.check("task '" + key + "'", json);
      if (tooLarge != null) { // it could not be recorded: failed for good, never run again
        steps.taskFailed(key, tooLarge, attempt, startedAt, null, label);
        attempted.put(key, TaskSnapshot.failed(key, attempt, tooLarge, true));
        throw new TaskFailedException(key, tooLarge);
      }
      steps.taskCompleted(key, json, startedAt, attempt, label);
    }
    completed.put(key, json);
    steps.returned(key, output);
    return output;
  }

  /**
   * The client of the integration the job declared under {@code name}: each of its calls is a task
   * (keyed, memoized, retried by the integration's policy) labelled with the integration, and its
   * credentials come from the declared connection or resolver, never from code.
   *
   * <pre>{@code
   * io.integration("slack", Slack.INTEGRATION).postMessage("⭐️ New Star", "#stars", text);
   * }</pre>
   *
   * @throws IllegalArgumentException when the job did not declare {@code name}, or declared it as
   *     another kind
   */
  public <C> C integration(String name, Integration<C> integration) {
    Objects.requireNonNull(integration, "integration");
    DeclaredIntegration d = declared.get(name);
    if (d == null) {
      throw new IllegalArgumentException(
          "job "
              + context.jobId()
              + " has no integration '"
              + name
              + "': declare it with .integration(\""
              + name
              + "\", ..., Auth.managed())");
    }
    if (!d.integration().kind().equals(integration.kind())) {
      throw new IllegalArgumentException(
          "integration '"
              + name
              + "' is declared as "
              + d.integration().kind()
              + ", not "
              + integration.kind());
    }
    @SuppressWarnings("unchecked")
    C client = (C) clients.computeIfAbsent(name, n -> integration.client(new Connected(d)));
    return client;
  }

  /**
   * The HTTP integration the job declared under {@code name}: each request is a task whose output
   * is the response, with the connection's (or resolver's) credentials.
   *
   * <pre>{@code
   * Response r = io.http("crm").post("record payment", "https://crm.example.com/payments", invoice);
   * }</pre>
   *
   * @throws IllegalArgumentException when the job did not declare {@code name} as {@code
   *     Http.INTEGRATION}
   */
  public Http http(String name) {
    return integration(name, Http.INTEGRATION);
  }

  /**
   * The Slack integration the job declared under {@code name}: each post is a task, with the
   * connection's (or resolver's) bot token.
   *
   * <pre>{@code
   * io.slack("slack").postMessage("⭐️ New Star", "#stars", "@ada starred runlog");
   * }</pre>
   *
   * @throws IllegalArgumentException when the job did not declare {@code name} as {@code
   *     Slack.INTEGRATION}
   */
  public Slack slack(String name) {
    return integration(name, Slack.INTEGRATION);
  }

  /** What an integration's client of this run gets. */
  private final class Connected implements IntegrationContext {
    private final DeclaredIntegration declared;

    Connected(DeclaredIntegration declared) {
      this.declared = declared;
    }

    @Override
    public String name() {
      return declared.name();
    }

    @Override
    public Credentials credentials() {
      return integrations.credentials(declared, context);
    }

    @Override
    public Optional<String> setting(String name) {
      return integrations.setting(name);
    }

    @Override
    public HttpClient httpClient() {
      return integrations.httpClient();
    }

    @Override
    public <T> T task(String key, String operation, Type outputType, Callable<T> call) {
      Objects.requireNonNull(call, "call");
      return Io.this.task(
          "task",
          key,
          outputType,
          declared.effectiveRetry(),
          call::call,
          new TaskIntegration(declared.integration().kind(), declared.name(), operation));
    }
  }

  /**
   * Writes records to Kafka exactly once: each {@link Kafka#send} commits its records and its
   * task's completion in one Kafka transaction (see {@link Kafka}).
   *
   * <pre>{@code
   * io.kafka().send("notify", "orders.shipped", KafkaRecord.of(order.id(), shipped));
   * }</pre>
   */
  public Kafka kafka() {
    return new Kafka(this);
  }

  private static final Type WRITTEN = new TypeRef<List<RecordWritten>>() {}.type();

  /** The task of a {@link Kafka#send}: retried by the job's policy, labelled {@code kafka send}. */
  List<RecordWritten> sendToKafka(String key, String topic, List<KafkaRecord> records) {
    return task(
        "task",
        key,
        WRITTEN,
        defaultRetry,
        () -> {
          throw new IllegalStateException("a Kafka send completes itself");
        },
        TaskIntegration.KAFKA_SEND,
        (startedAt, attempt) -> steps.sendInTransaction(key, topic, records, startedAt, attempt));
  }

  /** What a self-completing task does: returns its output's JSON once its completion is durable. */
  private interface SelfCompleting {
    String run(Instant startedAt, int attempt) throws Exception;
  }

  /**
   * Sleeps durably for {@code duration}: the run becomes WAITING, gives its concurrency slot back,
   * and resumes (replaying up to here) once the time is up, on whatever worker then takes it. The
   * duration counts from when the run first reached this sleep, not from each replay.
   *
   * <pre>{@code
   * io.sleep("cool down", Duration.ofSeconds(30));
   * }</pre>
   */
  public void sleep(String key, Duration duration) {
    Objects.requireNonNull(duration, "duration");
    sleepUntil(key, clock.instant().plus(duration));
  }

  /** Sleeps durably until {@code until}; returns at once if it has passed. */
  public void sleepUntil(String key, Instant until) {
    Objects.requireNonNull(until, "until");
    requireKey(key);
    passStep();
    steps.asked("sleep", key);
    Boolean elapsed = waits.get(key);
    if (Boolean.TRUE.equals(elapsed)) {
      return;
    }
    if (elapsed != null) {
      throw new Suspension(
          Suspension.Reason.WAITING); // still waiting: this execution should not have come
    }
    if (!until.isAfter(clock.instant())) {
      waits.put(key, true);
      return;
    }
    steps.boundary();
    steps.waitRequested(key, until);
    throw new Suspension(Suspension.Reason.WAITING);
  }

  /**
   * Waits durably for an event named {@code name} whose fields equal {@code filter}: the run is
   * WAITING (its concurrency slot given back) until such an event is sent, or until {@code timeout}
   * is up. Returns the event, or empty when the time ran out. On a replay it returns what it
   * returned the first time, without waiting again.
   *
   * <p>{@code filter} maps a field path to the value it must equal: {@code "orderId"} (or {@code
   * "payload.orderId"}) is a payload field, {@code "customer.id"} a nested one, {@code
   * "context.accountId"} a field of the event's context. Values are strings, numbers or booleans,
   * compared with their type ({@code "42"} is not {@code 42}; {@code 42} is {@code 42.0}); an empty
   * filter takes the first event of the name. Every run waiting for a matching event gets it.
   *
   * <p>An event counts if it is sent after the run was created, even before the run gets here, as
   * long as it is younger than the engine's {@code event.wait.buffer.ms} (one hour by default). An
   * event sent before the run was created, or the one that started it, never counts; an event sent
   * with a delivery time counts from then; an event id counts once.
   *
   * <pre>{@code
   * Optional<ReceivedEvent> paid =
   *     io.waitForEvent("paid", "order.paid", Map.of("orderId", order.id()), Duration.ofHours(24));
   * if (paid.isEmpty()) {
   *   io.runTask("cancel", () -> orders.cancel(order.id()));
   *   return "canceled";
   * }
   * }</pre>
   *
   * @param timeout how long to wait; null waits for ever
   * @throws IllegalArgumentException when the filter is not paths to scalars, or when the engine
   *     could not evaluate it (the run fails unless it catches it)
   */
  public Optional<ReceivedEvent> waitForEvent(
      String key, String name, Map<String, ?> filter, Duration timeout) {
    if (name == null || name.isEmpty()) {
      throw new IllegalArgumentException("waitForEvent needs an event name");
    }
    if (timeout != null && (timeout.isNegative() || timeout.isZero())) {
      throw new IllegalArgumentException("a wait's timeout must be positive, or null: " + timeout);
    }
    String filterJson = EventFilters.toJson(filter);
    requireKey(key);
    passStep();
    steps.asked("event", key);
    Boolean over = waits.get(key);
    if (Boolean.TRUE.equals(over)) {
      String result = waitResults.get(key);
      if (result == null) {
        return Optional.empty(); // timed out
      }
      String error = EventFilters.error(result);
      if (error != null) {
        throw new IllegalArgumentException(
            "wait '" + key + "' for event " + name + " cannot be evaluated: " + error);
      }
      return Optional.of(ReceivedEvent.fromResult(result));
    }
    if (over != null) {
      throw new Suspension(Suspension.Reason.WAITING); // still waiting
    }
    steps.boundary();
    steps.eventWaitRequested(
        key, name, filterJson, timeout == null ? null : clock.instant().plus(timeout));
    throw new Suspension(Suspension.Reason.WAITING);
  }

  /**
   * {@link #waitForEvent(String, String, Map, Duration)} returning the event's payload read as
   * {@code payloadType}.
   */
  public <T> Optional<T> waitForEvent(
      String key, String name, Map<String, ?> filter, Duration timeout, Class<T> payloadType) {
    Objects.requireNonNull(payloadType, "payloadType");
    return waitForEvent(key, name, filter, timeout).map(e -> e.payload(payloadType));
  }

  /**
   * Sends event {@code name} once for this run: a task, so a replay does not send it again. Its id
   * comes from the run and the key, so even a send repeated after a crash starts no second run.
   *
   * <pre>{@code
   * io.sendEvent("ask for review", "review.requested", new Review(pr.id()));
   * }</pre>
   *
   * @return the event's id
   */
  public String sendEvent(String key, String name, Object payload) {
    return sendEvent(key, Event.of(name, payload));
  }

  /** {@link #sendEvent(String, String, Object)}, delivered {@code delay} after it is sent. */
  public String sendEvent(String key, String name, Object payload, Duration delay) {
    return sendEvent(key, Event.of(name, payload).delay(delay));
  }

  /**
   * {@link #sendEvent(String, String, Object)} with a context or delay; the event must have no id
   * of its own, since the run and the key give it one.
   */
  public String sendEvent(String key, Event event) {
    requireKey(key);
    if (event.id() != null) {
      throw new IllegalArgumentException(
          "event '" + key + "': an event sent from a run gets its id from the run and the key");
    }
    Event withId = event.id(StableValues.eventId(context.runId(), key));
    return task(
        key,
        String.class,
        defaultRetry,
        () -> {
          TriggerEvent trigger = withId.toTrigger(clock.instant(), "run " + context.runId());
          steps.sendEvent(trigger);
          return trigger.id();
        });
  }

  /**
   * The time, the same on every replay: the first execution to get here reads the clock and stores
   * it as a task. Inside a task, where nothing is replayed, it is simply the clock.
   */
  public Instant now() {
    if (inTask) {
      return clock.instant();
    }
    return task("$now." + nows++, Instant.class, RetryPolicy.none(), clock::instant);
  }

  /**
   * A number in [0, 1), the same on every replay: the n-th call of a run gives the same number each
   * time, so the calls must come in the same order. Inside a task it is simply random.
   */
  public double random() {
    return inTask ? ThreadLocalRandom.current().nextDouble() : stable.nextRandom();
  }

  /** A UUID, the same on every replay, as {@link #random()} is. */
  public UUID uuid() {
    return inTask ? UUID.randomUUID() : stable.nextUuid();
  }

  /**
   * Starts a run of job {@code jobId} with {@code payload}, once for this run (memoized like a task
   * under {@code key}: a replay, or a worker that died after sending it, starts no second child),
   * and returns the child's run id. The parent goes on at once; the child is left running whatever
   * the parent does. The child's page links to its parent, and the parent's lists it.
   *
   * <pre>{@code
   * String childRunId = io.invoke("welcome", "send-welcome", new Welcome(user.email()));
   * }</pre>
   *
   * @throws TaskFailedException when {@code jobId} is not registered or {@code payload} does not
   *     match its payload schema (not retried: the run fails unless it catches this)
   */
  public String invoke(String key, String jobId, Object payload) {
    String childRunId = start(key, jobId, payload);
    if (waits.containsKey(key)) {
      passStep(); // the child's end came back under the same key: one more recorded step
    }
    return childRunId;
  }

  /**
   * {@link #invoke}, then waits durably for the child's end, for at most {@code timeout} (null: no
   * limit), as a {@link #sleep} does: the parent is WAITING, holds no slot, and resumes by replay
   * once the child ends. Returns the child's output, read as {@code outputType}. If the parent is
   * canceled (or times out) while it waits, the child is canceled too.
   *
   * <pre>{@code
   * Thumb thumb = io.invokeAndWait("thumb", "resize", image, Duration.ofMinutes(5), Thumb.class);
   * }</pre>
   *
   * @throws ChildRunFailedException when the child did not succeed (see its {@code status()})
   * @throws ChildRunTimeoutException when it did not end within {@code timeout}
   * @throws TaskFailedException when the job is not registered or the payload off its schema
   */
  public <T> T invokeAndWait(
      String key, String jobId, Object payload, Duration timeout, Class<T> outputType) {
    if (outputType.getTypeParameters().length > 0) {
      throw new IllegalArgumentException(
          "invoke '"
              + key
              + "': "
              + outputType.getSimpleName()
              + ".class loses its type arguments; pass new TypeRef<"
              + outputType.getSimpleName()
              + "<...>>() {} instead");
    }
    return awaitChild(key, jobId, payload, timeout, outputType);
  }

  /** {@link #invokeAndWait(String, String, Object, Duration, Class)} for a generic output type. */
  public <T> T invokeAndWait(
      String key, String jobId, Object payload, Duration timeout, TypeRef<T> outputType) {
    return awaitChild(key, jobId, payload, timeout, outputType.type());
  }

  private <T> T awaitChild(
      String key, String jobId, Object payload, Duration timeout, Type outputType) {
    String childRunId = start(key, jobId, payload);
    passStep();
    steps.asked("child", key);
    Boolean over = waits.get(key);
    if (Boolean.TRUE.equals(over)) {
      String result = waitResults.get(key);
      if (result == null) {
        throw new ChildRunTimeoutException(key, childRunId, timeout);
      }
      ChildResult child = ChildResult.parse(result);
      if (!child.succeeded()) {
        throw new ChildRunFailedException(key, child);
      }
      return child.output() == null ? null : Json.read(child.output(), outputType);
    }
    if (over != null) {
      throw new Suspension(Suspension.Reason.WAITING); // still waiting: should not have come
    }
    steps.boundary();
    steps.childWaitRequested(
        key, childRunId, timeout == null ? null : clock.instant().plus(timeout));
    throw new Suspension(Suspension.Reason.WAITING);
  }

  /** The invoke's task: sends the child's trigger once, returns the child's run id. */
  private String start(String key, String jobId, Object payload) {
    Objects.requireNonNull(jobId, "jobId");
    String payloadJson = Json.write(payload);
    return task(
        "invoke",
        key,
        String.class,
        RetryPolicy.none(),
        () -> steps.invoke(key, jobId, payloadJson));
  }

  private void passStep() {
    stepsPassed++;
    linesSinceStep = 0;
  }

  /**
   * A line is keyed by where run() wrote it: the steps passed and the lines since. Lines before the
   * last step the log knows of were written by an earlier execution, so they are not sent again;
   * lines after it may have been, and the engine keeps the first of a key.
   */
  private void log(String level, String message, Map<String, ?> fields) {
    RunLogger.requireMessage(message);
    String key = String.format("%06d:%04d", stepsPassed, linesSinceStep++);
    if (stepsPassed < recordedSteps) {
      return;
    }
    steps.log(level, message, fields == null ? null : Json.write(fields), key);
  }

  private static void requireKey(String key) {
    if (key == null || key.isEmpty()) {
      throw new IllegalArgumentException("a task or sleep needs a non-empty key");
    }
    String problem = RecordLimits.nameProblem("key", key);
    if (problem != null) {
      throw new IllegalArgumentException("a task or sleep's " + problem);
    }
  }
}
