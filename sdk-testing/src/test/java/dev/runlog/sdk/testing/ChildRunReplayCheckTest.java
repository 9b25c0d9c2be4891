package dev.runlog.sdk.testing;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.runlog.protocol.run.RunEvent;
import dev.runlog.protocol.run.RunEventBody;
import dev.runlog.sdk.ChildRunFailedException;
import dev.runlog.sdk.Job;
import dev.runlog.sdk.Playback.Step;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

/** A run that started children and waited on one, checked against new code. */
class ChildRunReplayCheckTest {
  record Photo(String id) {}

  record Thumb(String url) {}

  private static final Instant AT = JobTest.DEFAULT_START;
  private static final String CHILD = "run_child";

  /** The code that recorded the runs below. */
  static Job<Photo> gallery(Duration timeout) {
    return Job.named("gallery")
        .on("photo.uploaded", Photo.class)
        .run(
            (photo, io) -> {
              io.invoke("audit", "audit-log", photo);
              try {
                Thumb t = io.invokeAndWait("thumb", "resize", photo, timeout, Thumb.class);
                io.runTask("publish", () -> t.url().length());
              } catch (ChildRunFailedException e) {
                io.runTask("publish", () -> {}); // the original, whatever the child did
              }
            });
  }

  /** The log of a gallery run whose child wait ended with {@code end}. */
  private static List<RunEvent> recorded(RunEventBody end) {
    List<RunEvent> events = new ArrayList<>();
    events.add(
        RunEvent.engine(
            "run_1",
            AT,
            new RunEventBody.RunCreated(
                "gallery", "1", "e", "photo.uploaded", AT, "{\"id\":\"p-1\"}", null, null, null)));
    worker(events, new RunEventBody.TaskCompleted("audit", "\"run_audit\"", AT, 1));
    events.add(
        RunEvent.engine(
            "run_1", AT, new RunEventBody.ChildRunCreated("audit", "run_audit", "audit-log")));
    worker(events, new RunEventBody.TaskCompleted("thumb", "\"" + CHILD + "\"", AT, 1));
    events.add(
        RunEvent.engine("run_1", AT, new RunEventBody.ChildRunCreated("thumb", CHILD, "resize")));
    worker(events, new RunEventBody.ChildWaitRequested("thumb", CHILD, AT.plusSeconds(300)));
    events.add(RunEvent.engine("run_1", AT, end));
    worker(events, new RunEventBody.TaskCompleted("publish", "null", AT, 1));
    worker(events, new RunEventBody.RunSucceeded("null"));
    return events;
  }

  private static void worker(List<RunEvent> events, RunEventBody body) {
    events.add(RunEvent.worker("run_1", AT, 1, body));
  }

  private static final RunEventBody SUCCEEDED =
      new RunEventBody.WaitResolved(
          "thumb",
          "{\"runId\":\"" + CHILD + "\",\"status\":\"SUCCESS\",\"output\":{\"url\":\"t.jpg\"}}");

  @Test
  void aChildWaitIsOneStepWhetherTheChildEndedOrTheWaitTimedOut() {
    List<Step> expected =
        List.of(
            new Step("invoke", "audit"),
            new Step("invoke", "thumb"),
            new Step("child", "thumb"),
            new Step("task", "publish"));
    for (RunEventBody end : List.of(SUCCEEDED, new RunEventBody.WaitElapsed("thumb"))) {
      ReplayCheck.Report report =
          ReplayCheck.of(gallery(Duration.ofMinutes(5)), recorded(end)).assertCompatible();
      assertEquals(expected, report.recorded(), "no sleep for a timed-out child wait");
      assertEquals(expected, report.asked());
    }
  }

  @Test
  void anotherTimeoutOrPayloadIsCompatible() {
    Job<Photo> changed =
        Job.named("gallery")
            .on("photo.uploaded", Photo.class)
            .run(
                (photo, io) -> {
                  io.invoke("audit", "audit-log-v2", photo.id());
                  Thumb t =
                      io.invokeAndWait(
                          "thumb", "resize", photo, Duration.ofMinutes(10), Thumb.class);
                  io.runTask("publish", () -> t.url().isEmpty());
                  io.runTask("a new last task", () -> {});
                });
    assertTrue(ReplayCheck.of(changed, recorded(SUCCEEDED)).compatible());
  }

  @Test
  void anInvokeThatNoLongerWaitsIsNotCompatible() {
    Job<Photo> noWait =
        Job.named("gallery")
            .on("photo.uploaded", Photo.class)
            .run(
                (photo, io) -> {
                  io.invoke("audit", "audit-log", photo);
                  io.invoke("thumb", "resize", photo);
                  io.runTask("publish", () -> {});
                });
    assertEquals(
        List.of(
            "step 3: the run recorded child 'thumb' here, the code now asks for task 'publish'"
                + " (the steps were reordered: the run has task 'publish' elsewhere)"),
        ReplayCheck.of(noWait, recorded(SUCCEEDED)).problems());
  }

  @Test
  void aTaskWhereAChildWasStartedIsNotCompatible() {
    Job<Photo> inline =
        Job.named("gallery")
            .on("photo.uploaded", Photo.class)
            .run(
                (photo, io) -> {
                  io.runTask("audit", () -> {});
                  io.runTask("thumb", Thumb.class, () -> new Thumb("local.jpg"));
                  io.runTask("publish", () -> {});
                });
    assertEquals(
        List.of(
            "step 1: the run recorded invoke 'audit' here, the code now asks for task 'audit'"
                + " (renamed, or a new step put before steps that ran)"),
        ReplayCheck.of(inline, recorded(SUCCEEDED)).problems());
  }

  @Test
  void anInvokeThatFailedShowsAsATaskAndStillChecks() {
    Job<Photo> job =
        Job.named("gallery")
            .on("photo.uploaded", Photo.class)
            .run(
                (photo, io) -> {
                  try {
                    io.invoke("audit", "no-such-job", photo);
                  } catch (RuntimeException e) {
                    io.runTask("report", () -> {});
                  }
                });
    List<RunEvent> events = new ArrayList<>(recorded(SUCCEEDED).subList(0, 1));
    worker(
        events,
        new RunEventBody.TaskFailed(
            "audit",
            dev.runlog.protocol.run.ErrorInfo.of("IllegalArgumentException", "not registered"),
            1,
            AT,
            null));
    worker(events, new RunEventBody.TaskCompleted("report", "null", AT, 1));
    assertTrue(ReplayCheck.of(job, events).compatible());
  }

  @Test
  void aRunRecordedByTheHarnessChecks() {
    TestRun run =
        JobTest.of(gallery(Duration.ofMinutes(5)))
            .start(new Photo("p-1"))
            .childSucceeds("thumb", new Thumb("t.jpg"));
    List<RunEvent> events = new ArrayList<>(recorded(SUCCEEDED).subList(0, 1));
    run.log().forEach(body -> worker(events, body));
    assertTrue(ReplayCheck.of(gallery(null), events).compatible());
    assertEquals(
        List.of(
            new Step("invoke", "audit"),
            new Step("invoke", "thumb"),
            new Step("child", "thumb"),
            new Step("task", "publish")),
        ReplayCheck.of(gallery(null), events).recorded());
  }
}
