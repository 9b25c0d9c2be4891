package dev.runlog.sdk;

import com.fasterxml.jackson.core.type.TypeReference;
import dev.runlog.protocol.execution.ExecuteRun;
import dev.runlog.protocol.execution.TaskSnapshot;
import dev.runlog.protocol.run.ErrorInfo;
import dev.runlog.protocol.run.RunEvent;
import dev.runlog.protocol.run.RunEventBody;
import java.time.Clock;
import java.time.Instant;
import java.util.HashMap;
import java.util.Map;
import java.util.function.BooleanSupplier;

/** One execution of a run on this worker: replays {@code run()} with the tasks already completed. */
final class Execution {
  private static final TypeReference<Map<String, Object>> MAP = new TypeReference<>() {};

  private final ExecuteRun command;
  private final Job<?> job;
  private final WorkerConfig config;
  private final RunAppender appender;
  private final Clock clock;
  private final BooleanSupplier stopped;

  Execution(ExecuteRun command, Job<?> job, WorkerConfig config, RunAppender appender, Clock clock, BooleanSupplier stopped) {
    this.command = command;
    this.job = job;
    this.config = config;
    this.appender = appender;
    this.clock = clock;
    this.stopped = stopped;
  }

  /** Plays the run to its end, given tasks completed since dispatch that the log showed. */
  void run(Map<String, String> caughtUp) {
    Map<String, String> completed = new HashMap<>();
    for (TaskSnapshot t : command.tasks()) {
      if (t.completed()) {
        completed.put(t.key(), t.output());
      }
    }
    completed.putAll(caughtUp);
    Io io = new Io(completed, new Log(), clock);
    RunEventBody outcome;
    try {
      outcome = new RunEventBody.RunSucceeded(Json.write(play(io)));
    } catch (Throwable t) {
      if (stopped.getAsBoolean()) {
        return; // the worker is going away: the run stays as the log has it and resumes elsewhere
      }
      outcome = new RunEventBody.RunFailed(ErrorInfo.of(t));
    }
    append(outcome);
  }

  private <P> Object play(Io io) throws Exception {
    @SuppressWarnings("unchecked")
    Job<P> typed = (Job<P>) job;
    P payload;
    try {
      payload = Json.read(command.payload(), typed.payloadType());
    } catch (IllegalArgumentException e) {
      throw new IllegalArgumentException("payload does not fit " + typed.payloadType().getSimpleName() + ": " + e.getMessage(), e);
    }
    return typed.function().run(payload, io, context());
  }

  private Context context() {
    Map<String, Object> eventContext = command.context() == null ? Map.of() : Json.read(command.context(), MAP.getType());
    return new Context(command.runId(), command.jobId(), command.jobVersion(), command.eventId(), command.eventName(),
        command.eventTimestamp(), eventContext == null ? Map.of() : eventContext, config.environment(), config.organization(),
        command.execution());
  }

  private void append(RunEventBody body) {
    appender.append(RunEvent.worker(command.runId(), clock.instant(), command.execution(), body));
  }

  private final class Log implements Io.TaskLog {
    @Override
    public void taskCompleted(String key, String outputJson, Instant startedAt) {
      append(new RunEventBody.TaskCompleted(key, outputJson, startedAt, 1));
    }

    @Override
    public void taskFailed(String key, ErrorInfo error, int attempt, Instant startedAt) {
      if (!stopped.getAsBoolean()) {
        append(new RunEventBody.TaskFailed(key, error, attempt, startedAt, null));
      }
    }
  }
}
