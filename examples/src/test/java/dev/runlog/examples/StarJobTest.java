package dev.runlog.examples;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.runlog.examples.FakeClients.FakeGitHub;
import dev.runlog.examples.FakeClients.FakeSlack;
import dev.runlog.examples.StarJob.Star;
import dev.runlog.sdk.testing.JobTest;
import dev.runlog.sdk.testing.ReplayCheck;
import dev.runlog.sdk.testing.TestRun;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Collections;
import java.util.List;
import org.junit.jupiter.api.Test;

class StarJobTest {
  private static final String TEXT = "@Ada just starred runlog!";

  @Test
  void postsOnceAfterThirtySecondsThenRemindsThreeTimes() {
    FakeGitHub github = new FakeGitHub(2); // fails twice: the default retries absorb it
    FakeSlack slack = new FakeSlack();
    TestRun run = JobTest.of(StarJob.job(github, slack)).start(new Star("ada", "runlog"));

    assertEquals("retry", run.pending().orElseThrow().kind());
    run.elapse().elapse();
    assertEquals(List.of("profile"), run.tasks());
    assertEquals("sleep", run.pending().orElseThrow().kind());
    assertEquals(List.of(), slack.messages(), "nothing posted before the 30 s are up");

    run.elapse();
    assertEquals(List.of(TEXT), slack.messages());

    run.runToEnd().replay();
    assertEquals(TestRun.Status.SUCCEEDED, run.status());
    assertEquals(
        List.of("profile", "⭐️ New Star", "reminder 0", "reminder 1", "reminder 2"), run.tasks());
    assertEquals(Collections.nCopies(4, TEXT), slack.messages(), "each post once, replays or not");
    assertEquals(3, github.calls(), "two failures and one success, never again after that");
    assertEquals(new Profile("ada", "Ada", 42), run.output("profile", Profile.class));
  }

  @Test
  void itsWaitsAddUpToTwoMinutesAndTheRetriesBackOff() {
    TestRun run =
        JobTest.of(StarJob.job(new FakeGitHub(2), new FakeSlack()))
            .start(new Star("ada", "runlog"))
            .runToEnd();
    Duration took = Duration.between(JobTest.DEFAULT_START, run.now());
    assertTrue(
        took.compareTo(Duration.ofMinutes(2).plusSeconds(3)) >= 0
            && took.compareTo(Duration.ofMinutes(2).plusSeconds(6)) <= 0,
        "4 x 30 s of sleeps and 1 s + 2 s of back-off, stretched by jitter: " + took);
  }

  /**
   * A run recorded half-way (golden/star-run-events.json, as {@code GET /api/runs/{id}/events}
   * gives it) still replays with the job's code: its keys and their order did not change.
   */
  @Test
  void theCurrentCodeReplaysARecordedRun() throws IOException {
    String recorded = Files.readString(Path.of("src/test/resources/golden/star-run-events.json"));
    ReplayCheck.of(StarJob.job(new FakeGitHub(), new FakeSlack()), recorded).assertCompatible();
  }

  /** The README's first example: at most 20 lines of code once formatted, imports excluded. */
  @Test
  void staysWithinTwentyLines() throws IOException {
    List<String> code =
        Files.readAllLines(Path.of("src/main/java/dev/runlog/examples/StarJob.java")).stream()
            .map(String::strip)
            .filter(line -> !line.isEmpty())
            .filter(line -> !line.startsWith("package ") && !line.startsWith("import "))
            .filter(line -> !line.startsWith("/**") && !line.startsWith("*"))
            .filter(line -> !line.startsWith("//"))
            .toList();
    assertTrue(code.size() <= 20, code.size() + " lines:\n" + String.join("\n", code));
  }
}
