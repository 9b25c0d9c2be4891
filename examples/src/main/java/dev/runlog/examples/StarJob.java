package dev.runlog.examples;

import dev.runlog.connectors.slack.Slack;
import dev.runlog.sdk.Auth;
import dev.runlog.sdk.Job;
import dev.runlog.sdk.Runlog;
import java.time.Duration;

/**
 * The seed's star job: on {@code new.star}, fetch the starrer's profile (retried up to 3 times, as
 * every task by default), wait 30 s, post "⭐️ New Star" to Slack with {@code io.slack} (its bot
 * token from the managed connection {@code slack}: {@code PUT /api/connections/slack}), then three
 * reminders keyed by the loop index. The README shows it as the first example and counts it (code
 * lines, imports excluded).
 */
public final class StarJob {
  public record Star(String login, String repo) {}

  public static Job<Star> job(GitHub github) {
    return Job.on("new.star", Star.class)
        .run(
            (star, io) -> {
              var p = io.runTask("profile", Profile.class, () -> github.profile(star.login()));
              String text = "@" + p.name() + " just starred " + star.repo() + "!";
              io.sleep("wait", Duration.ofSeconds(30));
              io.slack("slack").postMessage("⭐️ New Star", "#stars", text);
              for (int i = 0; i < 3; i++) {
                io.sleep("wait " + i, Duration.ofSeconds(30));
                io.slack("slack").postMessage("reminder " + i, "#stars", text);
              }
            })
        .integration("slack", Slack.INTEGRATION, Auth.managed());
  }

  public static void main(String[] args) {
    Runlog.start(job(GitHub.fake())).send("new.star", new Star("ada", "runlog"));
  }
}
