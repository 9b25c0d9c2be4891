package dev.runlog.engine.run;

import dev.runlog.protocol.run.ChildResult;
import dev.runlog.protocol.run.RunEvent;
import dev.runlog.protocol.run.RunEventBody;
import dev.runlog.protocol.run.RunEventBody.CancelRequested;
import dev.runlog.protocol.run.RunEventBody.ChildRunCreated;
import dev.runlog.protocol.run.RunEventBody.RunCreated;
import dev.runlog.protocol.run.RunEventBody.RunInvalidPayload;
import dev.runlog.protocol.run.RunEventBody.WaitResolved;
import java.time.Instant;

/**
 * What parent and child runs tell each other, added to a decision: a child that is created tells
 * its parent ({@code ChildRunCreated}, for the list of its children); a child that ends tells its
 * parent how ({@code WaitResolved} under the invoke's key, with a {@link ChildResult}); a run that
 * ends while it waits on a child (canceled, timed out) cancels that child. Children it does not
 * wait on are left running.
 */
final class ChildLinks {
  private ChildLinks() {}

  /**
   * Adds the tellings that {@code event}, accepted with {@code then}, leads to.
   *
   * @param run the run's header before the event, null for a RunCreated
   */
  static Decision.Builder add(RunState run, RunEvent event, Decision.Builder then, Instant now) {
    RunState before = run;
    if (event.body() instanceof RunCreated c) {
      before = Evolution.evolve(Touched.NOTHING, event, null).run();
      if (before.parent() != null) {
        then.tell(
            RunEvent.engine(
                before.parent().runId(),
                now,
                new ChildRunCreated(before.parent().key(), before.runId(), c.jobId())));
      }
    }
    return told(before, ends(event.body()) ? event.body() : null, then, now);
  }

  /** Adds the tellings that a timer's decision {@code then} leads to. */
  static Decision.Builder afterTimer(RunState run, Decision.Builder then, Instant now) {
    return told(run, null, then, now);
  }

  private static Decision.Builder told(
      RunState before, RunEventBody ending, Decision.Builder then, Instant now) {
    RunEventBody end = ending;
    for (RunEventBody body : then.appended()) {
      end = end == null && ends(body) ? body : end;
    }
    if (end == null || before == null) {
      return then;
    }
    RunState after =
        Evolution.evolve(Touched.of(before), RunEvent.engine(before.runId(), now, end), null).run();
    if (before.parent() != null) {
      ChildResult result =
          new ChildResult(before.runId(), after.status().name(), after.output(), after.error());
      then.tell(
          RunEvent.engine(
              before.parent().runId(),
              now,
              new WaitResolved(before.parent().key(), result.toJson())));
    }
    if (before.status() == RunStatus.WAITING && before.awaitedChild() != null) {
      then.tell(
          RunEvent.engine(
              before.awaitedChild(),
              now,
              new CancelRequested(
                  "its parent " + before.runId() + " ended " + after.status(), "parent")));
    }
    return then;
  }

  private static boolean ends(RunEventBody body) {
    return RunMachine.isEnd(body) || body instanceof RunInvalidPayload;
  }
}
