package dev.runlog.examples;

import dev.runlog.sdk.Job;
import dev.runlog.sdk.Runlog;
import java.time.Duration;

/**
 * The seed's star job: on {@code new.star}, fetch the starrer's profile (retried up to 3 times, as
 * every task by default), wait 30 s, post "⭐️ New Star", then three reminders keyed by the loop
 * index. The README shows it as the first example and counts it (code lines, imports excluded).
 */
public final class StarJob {
  public record Star(String login, String repo) {}

  public static Job<Star> job(GitHub github, Slack slack) {
    return Job.on("new.star", Star.class)
        .run(
            (star, io) -> {
              var p = io.runTask("profile", Profile.class, () -> github.profile(star.login()));
              String text = "@" + p.name() + " just starred " + star.repo() + "!";
              io.sleep("wait", Duration.ofSeconds(30));
              io.runTask("⭐️ New Star", () -> slack.post(text));
              for (int i = 0; i < 3; i++) {
                io.sleep("wait " + i, Duration.ofSeconds(30));
                io.runTask("reminder " + i, () -> slack.post(text));
              }
            });
  }

  public static void main(String[] args) {
    Runlog.start(job(GitHub.fake(), Slack.fake())).send("new.star", new Star("ada", "runlog"));
  }
}
