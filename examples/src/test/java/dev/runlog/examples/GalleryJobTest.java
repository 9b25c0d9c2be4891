package dev.runlog.examples;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;

import dev.runlog.examples.FakeClients.FakeCdn;
import dev.runlog.examples.FakeClients.FakeImages;
import dev.runlog.examples.GalleryJob.Photo;
import dev.runlog.examples.GalleryJob.Resize;
import dev.runlog.examples.GalleryJob.Thumb;
import dev.runlog.sdk.ChildRunFailedException;
import dev.runlog.sdk.testing.JobTest;
import dev.runlog.sdk.testing.ReplayCheck;
import dev.runlog.sdk.testing.TestRun;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import org.junit.jupiter.api.Test;

class GalleryJobTest {
  private static final Photo PHOTO = new Photo("p-1", "https://cdn.example/p-1.jpg");
  private static final String THUMB = PHOTO.url() + "?w=200";

  @Test
  void startsTwoResizesAndPublishesTheThumbnailItWaitedFor() {
    FakeCdn cdn = new FakeCdn();
    TestRun run =
        JobTest.of(GalleryJob.job(cdn))
            .withChildJobs(GalleryJob.resize(new FakeImages())) // checks their id and payload
            .start(PHOTO);

    List<TestRun.Invoked> children = run.invoked();
    assertEquals(List.of("large", "thumb"), children.stream().map(TestRun.Invoked::key).toList());
    assertEquals("resize", children.get(1).jobId());
    assertEquals(new Resize(PHOTO.url(), 2048), children.get(0).payload(Resize.class));
    assertEquals(new Resize(PHOTO.url(), 200), children.get(1).payload(Resize.class));
    assertEquals("child", run.pending().orElseThrow().kind());
    assertEquals(List.of(), cdn.published(), "nothing published before the thumbnail");

    run.childSucceeds("thumb", new Thumb(THUMB, 200)).replay();
    assertEquals(TestRun.Status.SUCCEEDED, run.status());
    assertEquals(THUMB, run.result(String.class));
    assertEquals(List.of("publish"), run.tasks());
    assertEquals(List.of("p-1: " + THUMB), cdn.published());
    assertEquals(2, run.invoked().size(), "no child started again by the resume or the replay");
  }

  @Test
  void publishesTheOriginalWhenTheThumbnailTakesOverFiveMinutes() {
    FakeCdn cdn = new FakeCdn();
    TestRun run = JobTest.of(GalleryJob.job(cdn)).start(PHOTO).elapse().replay();
    assertEquals(PHOTO.url(), run.result(String.class));
    assertEquals(List.of("p-1: " + PHOTO.url()), cdn.published());
    assertEquals(JobTest.DEFAULT_START.plus(Duration.ofMinutes(5)), run.now());
  }

  @Test
  void aFailedResizeFailsTheGallery() {
    TestRun run =
        JobTest.of(GalleryJob.job(new FakeCdn()))
            .start(PHOTO)
            .childFails("thumb", "FAILURE", "not an image")
            .replay();
    ChildRunFailedException e = assertInstanceOf(ChildRunFailedException.class, run.error());
    assertEquals("FAILURE", e.status());
    assertEquals("not an image", e.error().message());
  }

  @Test
  void theResizeJobScalesOnce() {
    FakeImages images = new FakeImages();
    TestRun run = JobTest.of(GalleryJob.resize(images)).start(new Resize(PHOTO.url(), 200));
    assertEquals(new Thumb(THUMB, 200), run.replay().result(Thumb.class));
    assertEquals(1, images.calls());
  }

  /** A run recorded by the engine (golden/gallery-run-events.json) still replays with this code. */
  @Test
  void theCurrentCodeReplaysARecordedRun() throws IOException {
    String recorded =
        Files.readString(Path.of("src/test/resources/golden/gallery-run-events.json"));
    ReplayCheck.Report report =
        ReplayCheck.of(GalleryJob.job(new FakeCdn()), recorded).assertCompatible();
    assertEquals(
        "[invoke 'large', invoke 'thumb', child 'thumb', task 'publish']",
        report.recorded().toString());
  }
}
