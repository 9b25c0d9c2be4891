package dev.runlog.sdk.testing;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.runlog.protocol.run.RunEventBody;
import dev.runlog.protocol.run.RunIds;
import dev.runlog.sdk.ChildRunFailedException;
import dev.runlog.sdk.ChildRunTimeoutException;
import dev.runlog.sdk.Job;
import dev.runlog.sdk.TaskFailedException;
import dev.runlog.sdk.TypeRef;
import java.time.Duration;
import java.util.List;
import org.junit.jupiter.api.Test;

/** A test sees the children a run starts and says how the one it waits on ended. */
class ChildRunHarnessTest {
  record Photo(String id) {}

  record Thumb(String url) {}

  private static final Job<Photo> GALLERY =
      Job.named("gallery")
          .on("photo.uploaded", Photo.class)
          .call(
              (photo, io) -> {
                io.invoke("audit", "audit-log", photo);
                try {
                  Thumb t =
                      io.invokeAndWait(
                          "thumb", "resize", photo, Duration.ofMinutes(5), Thumb.class);
                  io.runTask("publish", () -> {});
                  return "published " + t.url();
                } catch (ChildRunTimeoutException e) {
                  return "too slow";
                } catch (ChildRunFailedException e) {
                  return e.status() + ": " + e.error().message();
                }
              });

  @Test
  void invokesAreRecordedWithTheChildRunIdTheWorkerWouldDerive() {
    TestRun run = JobTest.of(GALLERY).start(new Photo("p-1"));

    List<TestRun.Invoked> children = run.invoked();
    assertEquals(List.of("audit", "thumb"), children.stream().map(TestRun.Invoked::key).toList());
    TestRun.Invoked thumb = children.get(1);
    assertEquals("resize", thumb.jobId());
    assertEquals(new Photo("p-1"), thumb.payload(Photo.class));
    assertEquals(RunIds.of("run_test:thumb", "resize"), thumb.childRunId());
    assertEquals(
        new TestRun.Pending("child", "thumb", JobTest.DEFAULT_START.plus(Duration.ofMinutes(5))),
        run.pending().orElseThrow());
    assertEquals(List.of(), run.tasks(), "the invokes are not tasks of the job's");
    run.replay(); // starts neither child again
    assertEquals(2, run.invoked().size());
  }

  @Test
  void aChildThatSucceedsGivesItsTypedOutput() {
    TestRun run =
        JobTest.of(GALLERY)
            .start(new Photo("p-1"))
            .childSucceeds("thumb", new Thumb("p-1-small.jpg"))
            .replay();
    assertEquals(TestRun.Status.SUCCEEDED, run.status());
    assertEquals("published p-1-small.jpg", run.result(String.class));
    assertEquals(List.of("publish"), run.tasks());
    assertEquals(2, run.invoked().size(), "resuming started no child again");
  }

  @Test
  void aChildThatFailsThrowsWithItsStatusAndMessage() {
    TestRun run =
        JobTest.of(GALLERY).start(new Photo("p-1")).childFails("thumb", "FAILURE", "no such file");
    assertEquals("FAILURE: no such file", run.replay().result(String.class));
  }

  @Test
  void elapseTimesTheChildWaitOut() {
    TestRun run = JobTest.of(GALLERY).start(new Photo("p-1")).elapse().replay();
    assertEquals("too slow", run.result(String.class));
    assertEquals(JobTest.DEFAULT_START.plus(Duration.ofMinutes(5)), run.now());
  }

  @Test
  void anUncaughtChildFailureFailsTheRun() {
    Job<Photo> strict =
        Job.named("strict")
            .on("photo.uploaded", Photo.class)
            .call(
                (photo, io) ->
                    io.invokeAndWait(
                        "thumbs", "resize", photo, null, new TypeRef<List<Thumb>>() {}));
    TestRun run = JobTest.of(strict).start(new Photo("p-1"));
    IllegalStateException noTimeout = assertThrows(IllegalStateException.class, run::elapse);
    assertTrue(noTimeout.getMessage().contains("childSucceeds"), noTimeout.getMessage());

    run.childFails("thumbs", "CANCELED", "by hand").replay();
    assertEquals(TestRun.Status.FAILED, run.status());
    ChildRunFailedException e = (ChildRunFailedException) run.error();
    assertEquals("CANCELED", e.status());
    assertEquals(run.invoked().get(0).childRunId(), e.childRunId());
  }

  @Test
  void aGenericOutputComesBackWithItsElementType() {
    Job<Photo> many =
        Job.named("many")
            .on("photo.uploaded", Photo.class)
            .call(
                (photo, io) -> {
                  List<Thumb> thumbs =
                      io.invokeAndWait(
                          "thumbs", "resize", photo, null, new TypeRef<List<Thumb>>() {});
                  return thumbs.get(0).url(); // a map here would throw ClassCastException
                });
    TestRun run =
        JobTest.of(many)
            .start(new Photo("p-1"))
            .childSucceeds("thumbs", List.of(new Thumb("a.jpg")))
            .replay();
    assertEquals("a.jpg", run.result(String.class));
  }

  @Test
  void onlyTheChildTheRunWaitsOnCanBeEnded() {
    TestRun run = JobTest.of(GALLERY).start(new Photo("p-1"));
    assertThrows(IllegalStateException.class, () -> run.childSucceeds("audit", "x"));
    assertThrows(IllegalArgumentException.class, () -> run.childFails("thumb", "SUCCESS", "?"));
    run.childSucceeds("thumb", new Thumb("t.jpg"));
    assertThrows(IllegalStateException.class, () -> run.childSucceeds("thumb", "again"));
  }

  @Test
  void theLogHasWhatTheEngineWouldKeep() {
    TestRun run = JobTest.of(GALLERY).start(new Photo("p-1"));
    String thumbRun = run.invoked().get(1).childRunId();
    assertTrue(
        run.log()
            .contains(
                new RunEventBody.ChildWaitRequested(
                    "thumb", thumbRun, JobTest.DEFAULT_START.plus(Duration.ofMinutes(5)))));
    assertTrue(run.log().contains(new RunEventBody.ChildRunCreated("thumb", thumbRun, "resize")));
  }

  @Test
  void withChildJobsAnUnknownJobOrAPayloadOffItsSchemaFailsTheInvokeAsOnAWorker() {
    Job<Photo> resize =
        Job.named("resize").on("photo.resize", Photo.class).call((photo, io) -> new Thumb("t"));
    Job<Photo> audit =
        Job.named("audit-log")
            .on("audit", Photo.class)
            .run((photo, io) -> {})
            .payloadSchema("{\"type\":\"object\",\"required\":[\"id\",\"by\"]}");

    TestRun unknown = JobTest.of(GALLERY).withChildJobs(resize).start(new Photo("p-1"));
    TaskFailedException e = assertInstanceOf(TaskFailedException.class, unknown.error());
    assertTrue(e.getMessage().contains("job 'audit-log' is not registered"), e.getMessage());
    assertEquals(List.of(), unknown.invoked());

    TestRun offSchema = JobTest.of(GALLERY).withChildJobs(resize, audit).start(new Photo("p-1"));
    TaskFailedException off = assertInstanceOf(TaskFailedException.class, offSchema.error());
    assertTrue(off.getMessage().contains("schema"), off.getMessage());

    Job<Photo> openAudit = Job.named("audit-log").on("audit", Photo.class).run((photo, io) -> {});
    TestRun known = JobTest.of(GALLERY).withChildJobs(resize, openAudit).start(new Photo("p-1"));
    assertEquals("child", known.pending().orElseThrow().kind());
  }
}
