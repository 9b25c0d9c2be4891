package dev.runlog.examples;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.runlog.connectors.integration.Credentials;
import dev.runlog.connectors.slack.Slack;
import dev.runlog.examples.FakeClients.FakeGitHub;
import dev.runlog.examples.StarJob.Star;
import dev.runlog.sdk.testing.JobTest;
import dev.runlog.sdk.testing.ReplayCheck;
import dev.runlog.sdk.testing.TestRun;
import dev.runlog.testkit.http.SlackStandIn;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Collections;
import java.util.List;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/** The star job in the harness, its Slack a local stand-in (Slack cannot be reached from here). */
class StarJobTest {
  private static final String TEXT = "@Ada just starred runlog!";
  private final SlackStandIn slack = SlackStandIn.start();

  @AfterEach
  void stop() {
    slack.close();
  }

  private JobTest<Star> test(FakeGitHub github) {
    return JobTest.of(StarJob.job(github))
        .withConnection("slack", Credentials.bearer("xoxb-test"))
        .withSetting(Slack.BASE_URL_SETTING, slack.baseUrl());
  }

  private List<String> posted() {
    return slack.posts().stream().map(SlackStandIn.Post::text).toList();
  }

  @Test
  void postsOnceAfterThirtySecondsThenRemindsThreeTimes() {
    FakeGitHub github = new FakeGitHub(2); // fails twice: the default retries absorb it
    TestRun run = test(github).start(new Star("ada", "runlog"));

    assertEquals("retry", run.pending().orElseThrow().kind());
    run.elapse().elapse();
    assertEquals(List.of("profile"), run.tasks());
    assertEquals("sleep", run.pending().orElseThrow().kind());
    assertEquals(List.of(), posted(), "nothing posted before the 30 s are up");

    run.elapse();
    assertEquals(List.of(TEXT), posted());
    assertEquals("#stars", slack.posts().get(0).channel());
    assertEquals("Bearer xoxb-test", slack.server().requests().get(0).header("Authorization"));

    run.runToEnd().replay();
    assertEquals(TestRun.Status.SUCCEEDED, run.status());
    assertEquals(
        List.of("profile", "⭐️ New Star", "reminder 0", "reminder 1", "reminder 2"), run.tasks());
    assertEquals(Collections.nCopies(4, TEXT), posted(), "each post once, replays or not");
    assertEquals(3, github.calls(), "two failures and one success, never again after that");
    assertEquals(new Profile("ada", "Ada", 42), run.output("profile", Profile.class));
    assertEquals("#stars", run.output("⭐️ New Star", Slack.Message.class).channel());
  }

  @Test
  void itsWaitsAddUpToTwoMinutesAndTheRetriesBackOff() {
    TestRun run = test(new FakeGitHub(2)).start(new Star("ada", "runlog")).runToEnd();
    Duration took = Duration.between(JobTest.DEFAULT_START, run.now());
    assertTrue(
        took.compareTo(Duration.ofMinutes(2).plusSeconds(3)) >= 0
            && took.compareTo(Duration.ofMinutes(2).plusSeconds(6)) <= 0,
        "4 x 30 s of sleeps and 1 s + 2 s of back-off, stretched by jitter: " + took);
  }

  /** Slack's refusal fails the post at once with Slack's error code, and the run with it. */
  @Test
  void aChannelSlackDoesNotKnowFailsTheRunWithItsCode() {
    slack.server().reply(SlackStandIn.error("channel_not_found"));
    TestRun run = test(new FakeGitHub()).start(new Star("ada", "runlog")).runToEnd();
    assertEquals(TestRun.Status.FAILED, run.status());
    assertTrue(run.error().getMessage().contains("channel_not_found"), run.error().getMessage());
  }

  /**
   * A run recorded half-way (golden/star-run-events.json, as {@code GET /api/runs/{id}/events}
   * gives it, recorded when the posts were plain tasks) still replays with the job's code: its keys
   * and their order did not change.
   */
  @Test
  void theCurrentCodeReplaysARecordedRun() throws IOException {
    String recorded = Files.readString(Path.of("src/test/resources/golden/star-run-events.json"));
    ReplayCheck.of(StarJob.job(new FakeGitHub()), recorded).assertCompatible();
  }

  /**
   * The README's first example: at most 21 lines of code once formatted, imports excluded (20
   * before its posts became {@code io.slack} calls, which take the job's one more line: the
   * integration it declares).
   */
  @Test
  void staysWithinTwentyOneLines() throws IOException {
    List<String> code =
        Files.readAllLines(Path.of("src/main/java/dev/runlog/examples/StarJob.java")).stream()
            .map(String::strip)
            .filter(line -> !line.isEmpty())
            .filter(line -> !line.startsWith("package ") && !line.startsWith("import "))
            .filter(line -> !line.startsWith("/**") && !line.startsWith("*"))
            .filter(line -> !line.startsWith("//"))
            .toList();
    assertTrue(code.size() <= 21, code.size() + " lines:\n" + String.join("\n", code));
  }
}
