package dev.runlog.examples;

import dev.runlog.sdk.ChildRunTimeoutException;
import dev.runlog.sdk.Job;
import java.time.Duration;

/**
 * Starts child runs: on {@code photo.uploaded}, the gallery job starts a {@code resize} run for the
 * large image and goes on (fire and forget), then starts another for the thumbnail and waits for
 * its typed output, for at most five minutes, before it publishes. The README's example of {@code
 * io.invoke} and {@code io.invokeAndWait}.
 */
public final class GalleryJob {
  public record Photo(String id, String url) {}

  /** The payload of {@code resize}. */
  public record Resize(String url, int width) {}

  /** The output of {@code resize}. */
  public record Thumb(String url, int width) {}

  private GalleryJob() {}

  /** The child job: scales one image. */
  public static Job<Resize> resize(Images images) {
    return Job.named("resize")
        .on("image.resize", Resize.class)
        .call(
            (r, io) ->
                new Thumb(
                    io.runTask("scale", String.class, () -> images.resize(r.url(), r.width())),
                    r.width()));
  }

  public static Job<Photo> job(Cdn cdn) {
    return Job.named("gallery")
        .on("photo.uploaded", Photo.class)
        .call(
            (photo, io) -> {
              io.invoke("large", "resize", new Resize(photo.url(), 2048)); // fire and forget
              try {
                Thumb thumb =
                    io.invokeAndWait(
                        "thumb",
                        "resize",
                        new Resize(photo.url(), 200),
                        Duration.ofMinutes(5),
                        Thumb.class);
                io.runTask("publish", () -> cdn.publish(photo.id(), thumb.url()));
                return thumb.url();
              } catch (ChildRunTimeoutException e) { // the child may still be running
                io.runTask("publish original", () -> cdn.publish(photo.id(), photo.url()));
                return photo.url();
              }
            });
  }
}
