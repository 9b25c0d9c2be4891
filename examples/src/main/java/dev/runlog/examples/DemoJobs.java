package dev.runlog.examples;

import dev.runlog.sdk.Job;
import dev.runlog.sdk.JobProvider;
import java.util.List;
import java.util.Map;

/**
 * The jobs {@code runlog dev} runs: send {@code demo.hello} with {@code {"name": "Ada"}}, the
 * README's star job {@code new.star} with {@code {"login": "ada", "repo": "runlog"}}, {@code
 * order.created} with {@code {"id": "o-1"}} (then {@code order.paid} with {@code {"orderId":
 * "o-1"}}), or {@code photo.uploaded} with {@code {"id": "p-1", "url":
 * "https://example.com/p.jpg"}} (it starts two {@code resize} runs). Their GitHub, warehouse, image
 * service and CDN are stand-ins; the star job posts through the real Slack integration ({@code
 * io.slack}), which {@code runlog dev} points at a stand-in of its own, and waits for its
 * connection: {@code PUT /api/connections/slack} with {@code {"type": "bearer", "token":
 * "xoxb-anything"}}.
 */
public final class DemoJobs implements JobProvider {

  /** The payload of {@code demo.hello}. */
  public record Hello(String name) {}

  /** Three tasks: each one's output is stored, so a replay skips the ones that completed. */
  public static final Job<Hello> HELLO =
      Job.named("hello")
          .on("demo.hello", Hello.class)
          .call(
              (hello, io) -> {
                String who = hello == null || hello.name() == null ? "world" : hello.name();
                String greeting = io.runTask("greet", String.class, () -> "Hello, " + who + "!");
                String shout = io.runTask("shout", String.class, () -> greeting.toUpperCase());
                Integer length = io.runTask("measure", Integer.class, () -> shout.length());
                return Map.of(
                    "greeting",
                    greeting,
                    "shout",
                    shout,
                    "length",
                    length,
                    "runId",
                    io.context().runId());
              });

  @Override
  public List<Job<?>> jobs() {
    return List.of(
        HELLO,
        StarJob.job(GitHub.fake()),
        CheckoutJob.job(Warehouse.fake()),
        GalleryJob.job(Cdn.fake()),
        GalleryJob.resize(Images.fake()));
  }
}
