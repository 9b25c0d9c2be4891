package dev.runlog.engine.trigger;

import dev.runlog.engine.run.Decision;
import dev.runlog.engine.run.RunMachine;
import dev.runlog.engine.run.RunPolicy;
import dev.runlog.engine.run.Touched;
import dev.runlog.protocol.execution.ExecuteRun;
import dev.runlog.protocol.job.JobDefinition;
import dev.runlog.protocol.run.Origin;
import dev.runlog.protocol.run.RunEvent;
import dev.runlog.protocol.run.RunEventBody;
import dev.runlog.protocol.run.RunEventBody.RunCreated;
import dev.runlog.protocol.run.RunIds;
import dev.runlog.protocol.trigger.TriggerEvent;
import java.time.Instant;
import java.util.List;
import java.util.function.Predicate;

/**
 * What creating a run of a job for an event writes when the run starts at once: its {@code
 * RunCreated}, the {@code RunStarted} the run machine decides after it, and the first {@code
 * ExecuteRun}. The trigger processor writes these in its transaction, and the API before it
 * answers; the run processor folds the two events and keeps only the timers.
 *
 * @param created the run's {@code RunCreated}
 * @param started the events the machine appends after it (the {@code RunStarted} of execution 1)
 * @param execution the first execution, for the job's workers
 */
public record FirstStart(RunEvent created, List<RunEvent> started, ExecuteRun execution) {
  public FirstStart {
    started = List.copyOf(started);
  }

  public String runId() {
    return created.runId();
  }

  /** The {@code RunCreated} of {@code job}'s run for {@code event}, stamped {@code now}. */
  public static RunEvent created(
      TriggerEvent event, JobDefinition job, Origin origin, Instant now) {
    RunCreated created =
        new RunCreated(
            job.id(),
            job.version(),
            event.id(),
            event.name(),
            event.timestamp(),
            event.payload(),
            event.context(),
            null,
            event.deliverAt(),
            event.parentRunId(),
            event.parentKey());
    return new RunEvent(RunIds.of(event.id(), job.id()), now, origin, null, created);
  }

  /**
   * The start of the run {@code created} makes, when the run machine dispatches it at once (a valid
   * payload, no concurrency limit, no delivery time ahead, every connection it needs there); null
   * when it does not.
   *
   * @param connected whether a managed connection exists, by key
   */
  public static FirstStart ifAtOnce(
      RunEvent created,
      TriggerEvent event,
      JobDefinition job,
      RunPolicy policy,
      Instant now,
      Predicate<String> connected) {
    Decision decision = RunMachine.decide(Touched.NOTHING, created, policy, now, connected);
    if (!(decision instanceof Decision.Accept accept)
        || !accept.dispatch()
        || !accept.admission().isEmpty()) {
      return null;
    }
    String runId = created.runId();
    // the API's RunStarted says who wrote it: its execution record is not in one transaction
    // with it (RunState.WAITING_ON_API_DISPATCH)
    Origin origin = created.origin() == Origin.API ? Origin.API : Origin.ENGINE;
    List<RunEvent> started =
        accept.then().stream()
            .map((RunEventBody body) -> new RunEvent(runId, now, origin, null, body))
            .toList();
    ExecuteRun first =
        new ExecuteRun(
            runId,
            job.id(),
            job.version(),
            1,
            event.payload(),
            event.context(),
            event.id(),
            event.name(),
            event.timestamp(),
            now,
            List.of(),
            List.of(),
            -1,
            -1,
            job.sliceMillis(),
            false);
    return new FirstStart(created, started, first);
  }
}
