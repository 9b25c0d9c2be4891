package dev.runlog.engine.topology;

import dev.runlog.engine.run.RunStatus;
import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.Timer;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import java.time.Duration;
import java.util.EnumMap;
import java.util.Map;

/**
 * What the engine's processors count, as meters of a registry (Prometheus in the engine): shared by
 * the stream threads of an instance, all thread-safe.
 */
public final class RunCounters {
  private final Map<RunStatus, Counter> entered = new EnumMap<>(RunStatus.class);
  private final Counter ignored;
  private final Counter fenced;
  private final Counter deadLetters;
  private final Counter unmatched;
  private final Counter processingErrors;
  private final Timer tasks;

  public RunCounters(MeterRegistry registry) {
    for (RunStatus s : RunStatus.values()) {
      String name =
          s == RunStatus.PENDING
              ? "runlog.runs.new"
              : s.isFinal() ? "runlog.runs.finished" : "runlog.runs.entered";
      Counter.Builder builder =
          Counter.builder(name)
              .description(s == RunStatus.PENDING ? "runs created" : "runs that entered a status");
      entered.put(
          s,
          (s == RunStatus.PENDING ? builder : builder.tag("status", s.name())).register(registry));
    }
    ignored =
        Counter.builder("runlog.events.ignored")
            .description("run events the engine ignored (duplicates, late, fenced)")
            .register(registry);
    fenced =
        Counter.builder("runlog.events.fenced")
            .description("events of an execution that was replaced (zombie workers)")
            .register(registry);
    deadLetters =
        Counter.builder("runlog.dead.letters")
            .description("records sent to dead-letters")
            .register(registry);
    unmatched =
        Counter.builder("runlog.events.unmatched")
            .description("trigger events that no registered job listens to (no run)")
            .register(registry);
    processingErrors =
        Counter.builder("runlog.processing.errors")
            .description(
                "records (and timers) whose processing threw: sent to dead-letters with the exception, their changes dropped")
            .register(registry);
    tasks =
        Timer.builder("runlog.task.duration")
            .description("from a task's start to its completion, as the worker reported them")
            .publishPercentiles(0.5, 0.99)
            .register(registry);
  }

  /** Counters of their own, for tests and tools. */
  public RunCounters() {
    this(new SimpleMeterRegistry());
  }

  public void transition(RunStatus to) {
    entered.get(to).increment();
  }

  public void ignored(String reason) {
    ignored.increment();
    if (reason.startsWith("fenced")) {
      fenced.increment();
    }
  }

  public void taskCompleted(Duration duration) {
    tasks.record(duration.isNegative() ? Duration.ZERO : duration);
  }

  /** Counts a record sent to dead letters. */
  public void deadLetter() {
    deadLetters.increment();
  }

  /** Counts a trigger event that matched no job. */
  public void unmatched() {
    unmatched.increment();
  }

  public long unmatchedEvents() {
    return (long) unmatched.count();
  }

  /** Counts a record (or timer) whose processing threw; it is counted as a dead letter too. */
  public void processingError() {
    processingErrors.increment();
    deadLetters.increment();
  }

  public long deadLetters() {
    return (long) deadLetters.count();
  }

  public long processingErrors() {
    return (long) processingErrors.count();
  }

  /** Runs that entered {@code status} since the engine started. */
  public long entered(RunStatus status) {
    return (long) entered.get(status).count();
  }

  public long ignored() {
    return (long) ignored.count();
  }

  public long fenced() {
    return (long) fenced.count();
  }
}
