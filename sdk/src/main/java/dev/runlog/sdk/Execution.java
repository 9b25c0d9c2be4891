package dev.runlog.sdk;

import com.fasterxml.jackson.core.type.TypeReference;
import dev.runlog.protocol.execution.ExecuteRun;
import dev.runlog.protocol.execution.TaskSnapshot;
import dev.runlog.protocol.execution.WaitSnapshot;
import dev.runlog.protocol.job.IntegrationUse;
import dev.runlog.protocol.limits.RecordLimits;
import dev.runlog.protocol.run.ErrorInfo;
import dev.runlog.protocol.run.RunEvent;
import dev.runlog.protocol.run.RunEventBody;
import dev.runlog.protocol.run.TaskIntegration;
import dev.runlog.protocol.trigger.TriggerEvent;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ThreadLocalRandom;
import java.util.function.BooleanSupplier;

/**
 * One execution of a run on this worker: replays {@code run()} with the tasks and waits the log
 * has, appends what it does, and stops at a task boundary when its slice is over or it is canceled.
 */
final class Execution {
  private static final TypeReference<Map<String, Object>> MAP = new TypeReference<>() {};
  private static final org.slf4j.Logger LOG = org.slf4j.LoggerFactory.getLogger(Execution.class);

  private final ExecuteRun command;
  private final Job<?> job;
  private final WorkerConfig config;
  private final RunAppender appender;
  private final Clock clock;
  private final BooleanSupplier workerStopped;
  private final Invoker invoker;
  private final Integrations integrations;
  private final AuthResolvers resolvers;
  private final TransactionalSends sends;
  private RunTransaction transaction;
  private volatile boolean canceled;
  private volatile Thread thread;
  private volatile Instant lastAppendAt;
  private volatile String currentTask;
  private Instant startedAt;

  /**
   * @param sends where its Kafka sends go (null: {@code io.kafka()} is refused)
   * @param resolvers calls the job's auth resolvers before run() is played (null: a job with
   *     resolvers cannot run here)
   */
  Execution(
      ExecuteRun command,
      Job<?> job,
      WorkerConfig config,
      RunAppender appender,
      Clock clock,
      BooleanSupplier workerStopped,
      Invoker invoker,
      Integrations integrations,
      TransactionalSends sends,
      AuthResolvers resolvers) {
    this.sends = sends;
    this.resolvers = resolvers;
    this.invoker = invoker;
    this.integrations = integrations;
    this.command = command;
    this.job = job;
    this.config = config;
    this.appender = appender;
    this.clock = clock;
    this.workerStopped = workerStopped;
    this.canceled = command.cancelRequested();
  }

  ExecuteRun command() {
    return command;
  }

  /**
   * Asks the execution to stop: at its next task boundary, or now if its task reacts to interrupts.
   */
  void cancel() {
    canceled = true;
    Thread running = thread;
    if (running != null) {
      running.interrupt();
    }
  }

  /**
   * Appends a heartbeat when the execution has been quiet for a third of its lease (a long task).
   */
  void heartbeatIfQuiet(Instant now) {
    Instant last = lastAppendAt;
    if (thread != null
        && last != null
        && Duration.between(last, now).compareTo(job.lease().dividedBy(3)) >= 0) {
      append(new RunEventBody.ExecutionHeartbeat(currentTask));
    }
  }

  /**
   * Plays the run until it ends or stops, given tasks completed since dispatch that the log showed.
   */
  void run(Map<String, String> caughtUp) {
    thread = Thread.currentThread();
    startedAt = clock.instant();
    lastAppendAt = startedAt;
    try {
      if (canceled) {
        append(new RunEventBody.RunCanceled("canceled"));
        return;
      }
      playToTheEnd(caughtUp);
    } catch (RunAppender.AppendFailed e) {
      if (!workerStopped.getAsBoolean()) {
        LOG.warn(
            "run {} execution {} stopped, the log could not be written; its lease will bring it back: {}",
            command.runId(),
            command.execution(),
            e.getMessage());
      }
    } finally {
      if (transaction != null) {
        transaction.close();
        transaction = null;
      }
      thread = null;
      Thread.interrupted(); // a cancel's interrupt must not leak into the pool's next run
    }
  }

  private void playToTheEnd(Map<String, String> caughtUp) {
    Context context = context();
    Integrations forRun = resolved(context);
    if (forRun == null) {
      return; // the run ended UNRESOLVED_AUTH, or was stopped meanwhile
    }
    RunEventBody outcome;
    try {
      String output = Json.write(play(io(caughtUp, context, forRun)));
      ErrorInfo tooLarge = OutputLimit.check("the run", output);
      outcome =
          tooLarge == null
              ? new RunEventBody.RunSucceeded(output)
              : new RunEventBody.RunFailed(tooLarge);
    } catch (RunAppender.AppendFailed e) {
      throw e;
    } catch (Suspension s) {
      if (s.reason() == Suspension.Reason.CANCELED) {
        append(new RunEventBody.RunCanceled("canceled"));
      }
      return; // waiting or yielded: the engine dispatches the run again when it is due
    } catch (Throwable t) {
      if (workerStopped.getAsBoolean()) {
        return; // the worker is going away: the run stays as the log has it and resumes elsewhere
      }
      outcome =
          canceled
              ? new RunEventBody.RunCanceled("canceled")
              : new RunEventBody.RunFailed(ErrorInfo.of(t));
    }
    append(outcome);
  }

  /**
   * The integrations of this execution, with the credentials of the job's auth resolvers; null when
   * one failed (RunAuthUnresolved appended: run() is not played) or the execution was stopped.
   */
  private Integrations resolved(Context context) {
    var withResolver =
        job.integrations().stream()
            .filter(d -> IntegrationUse.RESOLVER.equals(d.auth().kind()))
            .findFirst();
    if (withResolver.isEmpty()) {
      return integrations;
    }
    AuthResolvers.Outcome outcome;
    try {
      outcome =
          resolvers == null
              ? new AuthResolvers.Unresolved(
                  withResolver.get().name(), "this execution cannot call auth resolvers")
              : resolvers.resolve(job.integrations(), context);
    } catch (InterruptedException e) {
      if (canceled && !workerStopped.getAsBoolean()) {
        append(new RunEventBody.RunCanceled("canceled"));
      }
      return null;
    }
    if (outcome instanceof AuthResolvers.Unresolved u) {
      if (!workerStopped.getAsBoolean()) {
        LOG.info(
            "run {} execution {}: integration '{}' unresolved: {}",
            command.runId(),
            command.execution(),
            u.name(),
            u.reason());
        append(new RunEventBody.RunAuthUnresolved(u.name(), u.reason()));
      }
      return null;
    }
    return integrations.withResolved(((AuthResolvers.Resolved) outcome).credentials());
  }

  private Io io(Map<String, String> caughtUp, Context context, Integrations forRun) {
    Map<String, String> completed = new HashMap<>();
    Map<String, TaskSnapshot> attempted = new HashMap<>();
    for (TaskSnapshot t : command.tasks()) {
      if (t.completed()) {
        completed.put(t.key(), t.output());
      } else if (t.attempts() > 0) {
        attempted.put(t.key(), t);
      }
    }
    completed.putAll(caughtUp);
    Map<String, Boolean> waits = new HashMap<>();
    Map<String, String> waitResults = new HashMap<>();
    for (WaitSnapshot w : command.waits()) {
      waits.put(w.key(), w.elapsed());
      if (w.result() != null) {
        waitResults.put(w.key(), w.result());
      }
    }
    return new Io(
        completed,
        attempted,
        waits,
        waitResults,
        new Steps(),
        job.retry(),
        clock,
        () -> ThreadLocalRandom.current().nextDouble(),
        context,
        job.integrations(),
        forRun);
  }

  private <P> Object play(Io io) throws Exception {
    @SuppressWarnings("unchecked")
    Job<P> typed = (Job<P>) job;
    P payload;
    try {
      payload = Json.read(command.payload(), typed.payloadType());
    } catch (IllegalArgumentException e) {
      throw new IllegalArgumentException(
          "payload does not fit " + typed.payloadType().getSimpleName() + ": " + e.getMessage(), e);
    }
    return typed.function().run(payload, io, io.context());
  }

  private Context context() {
    Map<String, Object> eventContext =
        command.context() == null ? null : Json.read(command.context(), MAP.getType());
    return new Context(
        command.runId(),
        command.jobId(),
        command.jobVersion(),
        command.eventId(),
        command.eventName(),
        command.eventTimestamp(),
        eventContext == null ? Map.of() : eventContext,
        config.environment(),
        config.organization(),
        command.execution());
  }

  private void append(RunEventBody body) {
    appender.append(RunEvent.worker(command.runId(), clock.instant(), command.execution(), body));
    lastAppendAt = clock.instant();
  }

  private final class Steps implements RunSteps {
    @Override
    public void taskCompleted(String key, String outputJson, Instant taskStartedAt, int attempt) {
      taskCompleted(key, outputJson, taskStartedAt, attempt, null);
    }

    @Override
    public void taskCompleted(
        String key,
        String outputJson,
        Instant taskStartedAt,
        int attempt,
        TaskIntegration integration) {
      append(new RunEventBody.TaskCompleted(key, outputJson, taskStartedAt, attempt, integration));
    }

    @Override
    public void taskFailed(
        String key, ErrorInfo error, int attempt, Instant taskStartedAt, Instant retryAt) {
      taskFailed(key, error, attempt, taskStartedAt, retryAt, null);
    }

    @Override
    public void taskFailed(
        String key,
        ErrorInfo error,
        int attempt,
        Instant taskStartedAt,
        Instant retryAt,
        TaskIntegration integration) {
      if (!workerStopped.getAsBoolean()) {
        append(
            new RunEventBody.TaskFailed(key, error, attempt, taskStartedAt, retryAt, integration));
      }
    }

    @Override
    public String sendInTransaction(
        String key, String topic, List<KafkaRecord> records, Instant taskStartedAt, int attempt)
        throws Exception {
      if (sends == null) {
        throw new UnsupportedOperationException("io.kafka() needs a worker");
      }
      if (transaction == null) {
        transaction = sends.transaction(command);
      }
      RunTransaction.Sent sent =
          transaction.send(key, topic, records, taskStartedAt, attempt, clock.instant());
      lastAppendAt = clock.instant();
      if (sent.adopted()) { // its records are out: the task is done, in this execution too
        append(
            new RunEventBody.TaskCompleted(
                key, sent.outputJson(), taskStartedAt, attempt, TaskIntegration.KAFKA_SEND));
      }
      return sent.outputJson();
    }

    @Override
    public void waitRequested(String key, Instant until) {
      append(new RunEventBody.WaitRequested(key, until));
    }

    @Override
    public void eventWaitRequested(String key, String name, String filterJson, Instant until) {
      append(new RunEventBody.EventWaitRequested(key, name, filterJson, until));
    }

    @Override
    public String invoke(String key, String jobId, String payloadJson) {
      return invoker.invoke(command.runId(), key, jobId, payloadJson, clock.instant());
    }

    @Override
    public void childWaitRequested(String key, String childRunId, Instant until) {
      append(new RunEventBody.ChildWaitRequested(key, childRunId, until));
    }

    @Override
    public void boundary() {
      checkCanceled();
      Duration slice =
          command.sliceMillis() == null ? job.slice() : Duration.ofMillis(command.sliceMillis());
      if (Duration.between(startedAt, clock.instant()).compareTo(slice) > 0) {
        append(new RunEventBody.ExecutionYielded("slice of " + slice + " used"));
        throw new Suspension(Suspension.Reason.YIELDED);
      }
    }

    @Override
    public void checkCanceled() {
      if (canceled) {
        throw new Suspension(Suspension.Reason.CANCELED);
      }
    }

    @Override
    public void taskStarting(String key) {
      currentTask = key;
    }

    @Override
    public void taskEnded() {
      currentTask = null;
    }

    @Override
    public void log(String level, String message, String fieldsJson, String key) {
      String text = RecordLimits.cut(message);
      String fields = fieldsJson;
      if (fields != null && fields.length() > RecordLimits.TEXT_CHARS) { // must fit in one event
        text += " (fields of " + fields.length() + " characters left out)";
        fields = null;
      }
      append(new RunEventBody.LogWritten(level, text, fields, key));
    }

    @Override
    public void sendEvent(TriggerEvent event) {
      appender.send(config.topics().triggers().name(), event);
    }
  }
}
