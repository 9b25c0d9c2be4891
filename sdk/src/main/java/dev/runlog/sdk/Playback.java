package dev.runlog.sdk;

import dev.runlog.connectors.integration.Credentials;
import dev.runlog.connectors.integration.IntegrationException;
import dev.runlog.protocol.execution.TaskSnapshot;
import dev.runlog.protocol.job.IntegrationUse;
import dev.runlog.protocol.run.ErrorInfo;
import dev.runlog.protocol.run.RunEventBody;
import dev.runlog.protocol.run.TaskIntegration;
import dev.runlog.protocol.trigger.TriggerEvent;
import java.net.http.HttpClient;
import java.time.Clock;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * Plays a job once, in-process, against what a run's log holds: the worker's replay without Kafka,
 * returning what the worker would have appended. The seam of {@code runlog-sdk-testing} (its test
 * harness and replay check); jobs have no use for it.
 *
 * <pre>{@code
 * Playback.Result result = Playback.play(job, "{\"login\":\"ada\"}", context, History.of(events), clock, false);
 * result.appended(); // [TaskCompleted[key=profile, ...], WaitRequested[key=wait, ...]]
 * }</pre>
 */
public final class Playback {
  private Playback() {}

  /**
   * What a run's log says about its steps, as an execution is given it.
   *
   * @param sleeps every wait (a sleep, a wait for an event or a child run) by key: true when it is
   *     over
   * @param waitResults what the waits that got something got (a wait for an event: the event; a
   *     child run's end: its {@code ChildResult} JSON)
   */
  public record History(
      Map<String, String> completed,
      Map<String, TaskSnapshot> attempted,
      Map<String, Boolean> sleeps,
      Map<String, String> waitResults) {
    public History {
      completed = Map.copyOf(completed);
      attempted = Map.copyOf(attempted);
      sleeps = Map.copyOf(sleeps);
      waitResults = Map.copyOf(waitResults);
    }

    /** A history without wait results. */
    public History(
        Map<String, String> completed,
        Map<String, TaskSnapshot> attempted,
        Map<String, Boolean> sleeps) {
      this(completed, attempted, sleeps, Map.of());
    }

    public static History empty() {
      return new History(Map.of(), Map.of(), Map.of());
    }

    /** The steps {@code events} record, in log order: the first completion of a key wins. */
    public static History of(List<RunEventBody> events) {
      Map<String, String> completed = new HashMap<>();
      Map<String, TaskSnapshot> attempted = new HashMap<>();
      Map<String, Boolean> sleeps = new HashMap<>();
      Map<String, String> results = new HashMap<>();
      for (RunEventBody event : events) {
        if (event instanceof RunEventBody.TaskCompleted c) {
          completed.putIfAbsent(c.key(), c.output());
          attempted.remove(c.key());
        } else if (event instanceof RunEventBody.TaskFailed f && !completed.containsKey(f.key())) {
          attempted.put(
              f.key(), TaskSnapshot.failed(f.key(), f.attempt(), f.error(), f.retryAt() == null));
        } else if (event instanceof RunEventBody.WaitRequested w) {
          sleeps.putIfAbsent(w.key(), false);
        } else if (event instanceof RunEventBody.WaitElapsed e) {
          sleeps.put(e.key(), true);
        } else if (event instanceof RunEventBody.EventWaitRequested w) {
          sleeps.putIfAbsent(w.key(), false);
        } else if (event instanceof RunEventBody.ChildWaitRequested w) {
          sleeps.putIfAbsent(w.key(), false); // the child may have ended first: then it is over
        } else if (event instanceof RunEventBody.WaitResolved r
            && !sleeps.getOrDefault(r.key(), false)) {
          sleeps.put(r.key(), true);
          results.put(r.key(), r.result());
        } else if (event instanceof RunEventBody.RunContinued) {
          attempted.clear(); // a continued run counts its failed tasks' attempts anew
        }
      }
      return new History(completed, attempted, sleeps, results);
    }
  }

  /** A step the code asked for: its kind ("task", "sleep", ...) and key. */
  public record Step(String kind, String key) {
    @Override
    public String toString() {
      return kind + " '" + key + "'";
    }
  }

  /**
   * A child run the code started with {@code io.invoke} or {@code io.invokeAndWait}: what the
   * worker would have sent, and the run id the child would get.
   */
  public record Invoked(String key, String jobId, String payloadJson, String childRunId) {}

  /** How a play ended. */
  public sealed interface Outcome {}

  /** run() returned; its output as JSON. */
  public record Succeeded(String outputJson) implements Outcome {}

  /** run() threw. */
  public record Failed(Throwable error) implements Outcome {}

  /** The run waits (a sleep, a retry's back-off) or, checking, stopped before a new step. */
  public record Suspended() implements Outcome {}

  /**
   * @param asked every step the code asked for, replayed or new, in order
   * @param appended what the worker would have appended to the run's log, in order
   * @param sent the trigger events the run sent
   * @param invoked the child runs the run started
   * @param returned the output each task gave the code (fresh or replayed), by key
   */
  public record Result(
      List<Step> asked,
      List<RunEventBody> appended,
      List<TriggerEvent> sent,
      List<Invoked> invoked,
      Map<String, Object> returned,
      Outcome outcome) {}

  /**
   * Plays {@code job} with {@code payloadJson} against {@code history}.
   *
   * @param stopBeforeNewSteps stop (Suspended) where the code asks for a step the history does not
   *     have, instead of running it: a check that must not cause side effects
   */
  public static <P> Result play(
      Job<P> job,
      String payloadJson,
      Context context,
      History history,
      Clock clock,
      boolean stopBeforeNewSteps) {
    return play(job, payloadJson, context, history, clock, stopBeforeNewSteps, null);
  }

  /**
   * {@link #play(Job, String, Context, History, Clock, boolean)} where the run may invoke only
   * {@code children}: an invoke of another job, or with a payload off its job's schema, fails its
   * task as on a worker. Null: any job, unchecked.
   */
  public static <P> Result play(
      Job<P> job,
      String payloadJson,
      Context context,
      History history,
      Clock clock,
      boolean stopBeforeNewSteps,
      List<Job<?>> children) {
    return play(
        job,
        payloadJson,
        context,
        history,
        clock,
        stopBeforeNewSteps,
        children,
        Map.of(),
        Map.of());
  }

  /**
   * {@link #play(Job, String, Context, History, Clock, boolean, List)} where the job's integrations
   * have credentials: a managed one's from {@code connections}, by connection key ({@code slack},
   * or {@code slack/<accountId>} for one per account); a resolver's from the resolver, called first
   * as a worker calls it (when it fails, the run fails with an {@link IllegalStateException} that
   * starts {@code UNRESOLVED_AUTH}, and its code is not played). {@code settings} are the worker
   * settings the integrations read ({@code slack.base.url}).
   */
  public static <P> Result play(
      Job<P> job,
      String payloadJson,
      Context context,
      History history,
      Clock clock,
      boolean stopBeforeNewSteps,
      List<Job<?>> children,
      Map<String, Credentials> connections,
      Map<String, String> settings) {
    Recorder steps = new Recorder(stopBeforeNewSteps, context.runId(), children);
    Map<String, Credentials> resolved;
    try {
      resolved = resolve(job, context);
    } catch (IllegalStateException e) {
      return new Result(List.of(), List.of(), List.of(), List.of(), Map.of(), new Failed(e));
    }
    Io io =
        new Io(
            new HashMap<>(history.completed()),
            history.attempted(),
            new HashMap<>(history.sleeps()),
            history.waitResults(),
            steps,
            job.retry(),
            clock,
            () -> 0.5,
            context,
            job.integrations(),
            new Given(Map.copyOf(connections), Map.copyOf(settings)).withResolved(resolved));
    Outcome outcome;
    try {
      P payload = Json.read(payloadJson, job.payloadType());
      outcome = new Succeeded(Json.write(job.function().run(payload, io, context)));
    } catch (Suspension s) {
      outcome = new Suspended();
    } catch (Exception e) {
      outcome = new Failed(e);
    }
    return new Result(
        List.copyOf(steps.asked),
        List.copyOf(steps.appended),
        List.copyOf(steps.sent),
        List.copyOf(steps.invoked),
        steps.returned,
        outcome);
  }

  /** Calls the job's auth resolvers as a worker does before an execution. */
  private static Map<String, Credentials> resolve(Job<?> job, Context context) {
    if (job.integrations().stream().noneMatch(d -> d.auth().resolver() != null)) {
      return Map.of();
    }
    try (AuthResolvers resolvers = new AuthResolvers(AuthResolvers.DEFAULT_TIMEOUT)) {
      AuthResolvers.Outcome outcome = resolvers.resolve(job.integrations(), context);
      if (outcome instanceof AuthResolvers.Unresolved u) {
        throw new IllegalStateException(
            "UNRESOLVED_AUTH: integration '" + u.name() + "': " + u.reason());
      }
      return ((AuthResolvers.Resolved) outcome).credentials();
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new IllegalStateException("UNRESOLVED_AUTH: interrupted", e);
    }
  }

  /** Credentials and settings a test gives its run's integrations. */
  private record Given(Map<String, Credentials> connections, Map<String, String> settings)
      implements Integrations {
    private static final HttpClient HTTP = HttpClient.newHttpClient();

    @Override
    public Credentials credentials(DeclaredIntegration integration, Context context) {
      IntegrationUse use = integration.use();
      if (!use.managed()) {
        return null; // none; a resolver's were resolved before
      }
      String key = use.connectionFor(context.account());
      Credentials given = key == null ? null : connections.get(key);
      if (given == null) {
        throw new IntegrationException(
            "no connection '"
                + (key == null ? integration.name() + "/<accountId>" : key)
                + "' in this test: give it with JobTest.withConnection",
            false);
      }
      return given;
    }

    @Override
    public Optional<String> setting(String name) {
      return Optional.ofNullable(settings.get(name));
    }

    @Override
    public HttpClient httpClient() {
      return HTTP;
    }
  }

  /** {@code value} as the SDK stores it: the JSON of payloads and outputs. */
  public static String toJson(Object value) {
    return Json.write(value);
  }

  /** Stored JSON read as {@code type}, as a replay reads it. */
  public static <T> T fromJson(String json, java.lang.reflect.Type type) {
    return Json.read(json, type);
  }

  /** Collects what {@link Io} does instead of appending it. */
  private static final class Recorder implements RunSteps {
    private final boolean stopBeforeNewSteps;
    private final String runId;
    private final List<Job<?>> children;
    final List<Step> asked = new ArrayList<>();
    final List<RunEventBody> appended = new ArrayList<>();
    final List<TriggerEvent> sent = new ArrayList<>();
    final List<Invoked> invoked = new ArrayList<>();
    final Map<String, Object> returned = new LinkedHashMap<>();
    private final Map<String, Long> sentTo = new HashMap<>();

    Recorder(boolean stopBeforeNewSteps, String runId, List<Job<?>> children) {
      this.stopBeforeNewSteps = stopBeforeNewSteps;
      this.runId = runId;
      this.children = children;
    }

    @Override
    public void taskCompleted(String key, String outputJson, Instant startedAt, int attempt) {
      appended.add(new RunEventBody.TaskCompleted(key, outputJson, startedAt, attempt));
    }

    @Override
    public void taskFailed(
        String key, ErrorInfo error, int attempt, Instant startedAt, Instant retryAt) {
      appended.add(new RunEventBody.TaskFailed(key, error, attempt, startedAt, retryAt));
    }

    /**
     * A Kafka send writes nothing here: its completion is recorded with the positions the records
     * would have had in partition 0 of an empty topic.
     */
    @Override
    public String sendInTransaction(
        String key, String topic, List<KafkaRecord> records, Instant startedAt, int attempt) {
      List<RecordWritten> written = new ArrayList<>();
      for (KafkaRecord ignored : records) {
        written.add(new RecordWritten(topic, 0, sentTo.merge(topic, 1L, Long::sum) - 1));
      }
      String json = Json.write(written);
      appended.add(
          new RunEventBody.TaskCompleted(
              key, json, startedAt, attempt, TaskIntegration.KAFKA_SEND));
      return json;
    }

    @Override
    public void waitRequested(String key, Instant until) {
      appended.add(new RunEventBody.WaitRequested(key, until));
    }

    @Override
    public void eventWaitRequested(String key, String name, String filterJson, Instant until) {
      appended.add(new RunEventBody.EventWaitRequested(key, name, filterJson, until));
    }

    @Override
    public String invoke(String key, String jobId, String payloadJson) {
      if (children != null) {
        Invoker.checked(
            jobId,
            children.stream()
                .filter(child -> child.id().equals(jobId))
                .findFirst()
                .map(child -> child.definition(Instant.EPOCH, "playback")),
            payloadJson);
      }
      String childRunId = Invoker.childRunId(runId, key, jobId);
      invoked.add(new Invoked(key, jobId, payloadJson, childRunId));
      return childRunId;
    }

    @Override
    public void childWaitRequested(String key, String childRunId, Instant until) {
      appended.add(new RunEventBody.ChildWaitRequested(key, childRunId, until));
    }

    @Override
    public void boundary() {
      if (stopBeforeNewSteps) {
        throw new Suspension(Suspension.Reason.YIELDED);
      }
    }

    @Override
    public void checkCanceled() {}

    @Override
    public void taskStarting(String key) {}

    @Override
    public void taskEnded() {}

    @Override
    public void log(String level, String message, String fieldsJson, String key) {
      appended.add(new RunEventBody.LogWritten(level, message, fieldsJson, key));
    }

    @Override
    public void sendEvent(TriggerEvent event) {
      sent.add(event);
    }

    @Override
    public void asked(String kind, String key) {
      asked.add(new Step(kind, key));
    }

    @Override
    public void returned(String key, Object output) {
      returned.putIfAbsent(key, output);
    }
  }
}
