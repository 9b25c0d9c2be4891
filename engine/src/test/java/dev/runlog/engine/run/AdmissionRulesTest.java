package dev.runlog.engine.run;

import static dev.runlog.engine.run.RunEvents.created;
import static dev.runlog.engine.run.RunEvents.engine;
import static dev.runlog.engine.run.RunEvents.worker;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.runlog.engine.admission.AdmissionMessage;
import dev.runlog.engine.timer.Timer;
import dev.runlog.protocol.run.ErrorInfo;
import dev.runlog.protocol.run.RunEventBody;
import java.time.Duration;
import java.util.List;
import org.junit.jupiter.api.Test;

/**
 * How runs of a job with a concurrency limit take and give back slots, and how payloads are
 * checked.
 */
class AdmissionRulesTest {
  private static final RunPolicy LIMITED =
      new RunPolicy("job", Duration.ofSeconds(30), 10, null, "job:job", 2, null);

  @Test
  void aLimitedRunAsksAdmissionInsteadOfStarting() {
    RunHarness run = new RunHarness(LIMITED);
    run.feed(created());
    assertEquals(RunStatus.PENDING, run.status());
    assertEquals(0, run.dispatches);
    assertEquals(
        List.of(new AdmissionMessage.Acquire("job:job", 2, RunEvents.RUN, 1, "created")),
        run.admission);
  }

  @Test
  void aGrantStartsTheRunAQueuedAnswerQueuesIt() {
    RunHarness run = new RunHarness(LIMITED);
    run.feed(created());
    run.feed(engine(new RunEventBody.RunQueued("job:job")));
    assertEquals(RunStatus.QUEUED, run.status());
    assertEquals("job:job", run.header.slot());
    Decision.Accept granted =
        (Decision.Accept) run.feed(engine(new RunEventBody.RunStarted(1, "created", null)));
    assertTrue(granted.dispatch());
    assertEquals(RunStatus.EXECUTING, run.status());
    assertEquals(Timer.Kind.LEASE, granted.timers().get(0).kind());
  }

  @Test
  void aStaleGrantIsIgnored() {
    RunHarness run = new RunHarness(LIMITED);
    run.feed(created());
    run.feed(engine(new RunEventBody.RunStarted(1, "created", null)));
    assertInstanceOf(
        Decision.Ignore.class, run.feed(engine(new RunEventBody.RunStarted(1, "created", null))));
    assertEquals(1, run.dispatches);
  }

  @Test
  void aWaitingRunGivesItsSlotBackAndAsksAgainToResume() {
    RunHarness run = new RunHarness(LIMITED);
    run.feed(created());
    run.feed(engine(new RunEventBody.RunStarted(1, "created", null)));
    run.feed(worker(1, new RunEventBody.WaitRequested("w", RunEvents.T0.plusSeconds(10))));
    assertEquals(new AdmissionMessage.Release("job:job", RunEvents.RUN), run.admission.get(1));
    run.fireLast(Timer.Kind.WAIT);
    assertEquals(RunStatus.WAITING, run.status(), "still waiting, now for a slot");
    assertEquals(
        new AdmissionMessage.Acquire("job:job", 2, RunEvents.RUN, 2, "resumed"),
        run.admission.get(2));
    run.feed(engine(new RunEventBody.RunQueued("job:job")));
    assertEquals(RunStatus.QUEUED, run.status());
    run.feed(engine(new RunEventBody.RunStarted(2, "resumed", null)));
    assertEquals(RunStatus.EXECUTING, run.status());
  }

  @Test
  void aRetryGivesTheSlotBackToo() {
    RunHarness run = new RunHarness(LIMITED);
    run.feed(created());
    run.feed(engine(new RunEventBody.RunStarted(1, "created", null)));
    run.feed(
        worker(
            1,
            new RunEventBody.TaskFailed(
                "t", ErrorInfo.of("E", "m"), 1, null, RunEvents.T0.plusSeconds(2))));
    assertEquals(new AdmissionMessage.Release("job:job", RunEvents.RUN), run.admission.get(1));
  }

  @Test
  void endingOrCancelingReleasesTheSlotOrTheQueuePlace() {
    RunHarness done = new RunHarness(LIMITED);
    done.feed(created());
    done.feed(engine(new RunEventBody.RunStarted(1, "created", null)));
    done.feed(RunEvents.succeeded(1));
    assertEquals(new AdmissionMessage.Release("job:job", RunEvents.RUN), done.admission.get(1));

    RunHarness queued = new RunHarness(LIMITED);
    queued.feed(created());
    queued.feed(engine(new RunEventBody.RunQueued("job:job")));
    queued.feed(RunEvents.api(new RunEventBody.CancelRequested(null, "api")));
    assertEquals(RunStatus.CANCELED, queued.status());
    assertEquals(new AdmissionMessage.Release("job:job", RunEvents.RUN), queued.admission.get(1));
    assertInstanceOf(
        Decision.Ignore.class,
        queued.feed(engine(new RunEventBody.RunStarted(1, "created", null))),
        "a grant that crossed the cancel is ignored");
  }
}
