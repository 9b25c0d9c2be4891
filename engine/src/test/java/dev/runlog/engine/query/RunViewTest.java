package dev.runlog.engine.query;

import static org.junit.jupiter.api.Assertions.assertEquals;

import dev.runlog.engine.run.RunMachine;
import dev.runlog.engine.run.RunState;
import dev.runlog.engine.run.Touched;
import dev.runlog.engine.run.WaitState;
import dev.runlog.protocol.run.Origin;
import dev.runlog.protocol.run.RunEvent;
import dev.runlog.protocol.run.RunEventBody;
import java.time.Instant;
import java.util.List;
import org.junit.jupiter.api.Test;

class RunViewTest {
  private static final Instant T0 = Instant.parse("2026-11-29T10:00:00Z");

  @Test
  void aResultKeptForAWaitRunNeverAskedForIsNotShownAsAWait() {
    RunState run =
        RunMachine.evolve(
                Touched.NOTHING,
                new RunEvent(
                    "r",
                    T0,
                    Origin.TRIGGER,
                    null,
                    new RunEventBody.RunCreated("job", "1", "e", "x", T0, "{}", null, null, null)))
            .run();
    WaitState asked = new WaitState("thumb", null, true, T0, T0, "{}");
    WaitState neverAsked =
        new WaitState("large", null, true, null, T0, "{}"); // a child not awaited
    RunView view = RunView.of(run, null, List.of(), List.of(asked, neverAsked));
    assertEquals(List.of("thumb"), view.waits().stream().map(RunView.WaitView::key).toList());
  }

  @Test
  void aDelayedRunSaysWhenItStarts() {
    Instant later = T0.plusSeconds(30);
    RunState delayed =
        RunMachine.evolve(
                Touched.NOTHING,
                new RunEvent(
                    "r",
                    T0,
                    Origin.TRIGGER,
                    null,
                    new RunEventBody.RunCreated("job", "1", "e", "x", T0, "{}", null, null, later)))
            .run();
    assertEquals(later, RunView.of(delayed, null, List.of(), List.of()).deliverAt());
  }

  @Test
  void anExecutionTheApiDispatchedWaitsForAWorkerLikeAnyOther() {
    RunState created =
        RunMachine.evolve(
                Touched.NOTHING,
                new RunEvent(
                    "r",
                    T0,
                    Origin.API,
                    null,
                    new RunEventBody.RunCreated("job", "1", "e", "x", T0, "{}", null, null, null)))
            .run();
    RunState started =
        RunMachine.evolve(
                Touched.of(created),
                new RunEvent(
                    "r", T0, Origin.API, null, new RunEventBody.RunStarted(1, "created", T0)))
            .run();
    assertEquals(RunState.WAITING_ON_API_DISPATCH, started.waitingOn());
    assertEquals(
        RunState.WAITING_ON_WORKER, RunView.of(started, null, List.of(), List.of()).waitingOn());
  }
}
