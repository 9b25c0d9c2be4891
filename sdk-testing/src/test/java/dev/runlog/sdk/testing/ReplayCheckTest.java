package dev.runlog.sdk.testing;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.runlog.protocol.run.RunEvent;
import dev.runlog.protocol.run.RunEventBody;
import dev.runlog.sdk.Job;
import dev.runlog.sdk.Playback.Step;
import dev.runlog.sdk.Retry;
import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

/** A recorded run (golden/greeter-run-events.json, as the REST API gives it) against new code. */
class ReplayCheckTest {
  record Joined(String login) {}

  record Profile(String name) {}

  /** The code that recorded the run. */
  static Job<Joined> greeter(String welcomeText) {
    return Job.named("greeter")
        .on("user.joined", Joined.class)
        .run(
            (joined, io) -> {
              Profile p =
                  io.runTask("profile", Profile.class, Retry.times(3), () -> new Profile("x"));
              io.sleep("cool down", Duration.ofSeconds(30));
              io.runTask("welcome", () -> System.identityHashCode(welcomeText + p.name()));
              io.sleep("reminder wait", Duration.ofDays(1));
              io.runTask("reminder", () -> {});
            });
  }

  private static String golden() throws IOException {
    try (InputStream in =
        ReplayCheckTest.class.getResourceAsStream("/golden/greeter-run-events.json")) {
      return new String(in.readAllBytes(), StandardCharsets.UTF_8);
    }
  }

  @Test
  void theCodeThatRecordedTheRunReplaysIt() throws IOException {
    ReplayCheck.Report report = ReplayCheck.of(greeter("Welcome"), golden()).assertCompatible();
    List<Step> expected =
        List.of(
            new Step("task", "profile"),
            new Step("sleep", "cool down"),
            new Step("task", "welcome"),
            new Step("sleep", "reminder wait"));
    assertEquals(expected, report.recorded(), "the ignored zombie append is left out");
    assertEquals(expected, report.asked());
  }

  @Test
  void aChangeInsideATaskOrAfterTheRecordedStepsIsCompatible() throws IOException {
    Job<Joined> changed =
        Job.named("greeter")
            .on("user.joined", Joined.class)
            .run(
                (joined, io) -> {
                  Profile p = io.runTask("profile", Profile.class, () -> new Profile("other"));
                  io.logger().info("a new log line");
                  io.sleep("cool down", Duration.ofSeconds(45));
                  io.runTask("welcome", () -> ("Hi " + p.name()).length());
                  io.sleep("reminder wait", Duration.ofDays(2));
                  io.runTask("a new last task", () -> {});
                });
    assertTrue(ReplayCheck.of(changed, golden()).compatible());
  }

  @Test
  void aRenamedTaskFailsWithWhereAndWhat() throws IOException {
    Job<Joined> renamed =
        Job.named("greeter")
            .on("user.joined", Joined.class)
            .run(
                (joined, io) -> {
                  io.runTask("profile", Profile.class, () -> new Profile("x"));
                  io.sleep("cool down", Duration.ofSeconds(30));
                  io.runTask("say welcome", () -> {});
                });
    ReplayCheck.Report report = ReplayCheck.of(renamed, golden());
    assertFalse(report.compatible());
    assertEquals(
        List.of(
            "step 3: the run recorded task 'welcome' here, the code now asks for task 'say"
                + " welcome' (renamed, or a new step put before steps that ran)"),
        report.problems());
    AssertionError e = assertThrows(AssertionError.class, report::assertCompatible);
    assertTrue(e.getMessage().startsWith("the job's code does not replay run run_6f1c:"));
  }

  @Test
  void reorderedStepsFail() throws IOException {
    Job<Joined> reordered =
        Job.named("greeter")
            .on("user.joined", Joined.class)
            .run(
                (joined, io) -> {
                  io.sleep("cool down", Duration.ofSeconds(30));
                  io.runTask("profile", Profile.class, () -> new Profile("x"));
                });
    assertEquals(
        List.of(
            "step 1: the run recorded task 'profile' here, the code now asks for sleep 'cool"
                + " down' (the steps were reordered: the run has sleep 'cool down' elsewhere)"),
        ReplayCheck.of(reordered, golden()).problems());
  }

  @Test
  void codeThatEndsBeforeTheRecordedStepsFails() throws IOException {
    Job<Joined> shorter =
        Job.named("greeter")
            .on("user.joined", Joined.class)
            .run((joined, io) -> io.runTask("profile", Profile.class, () -> new Profile("x")));
    String problem = ReplayCheck.of(shorter, golden()).problems().get(0);
    assertTrue(
        problem.startsWith("step 2: the run recorded sleep 'cool down', but the code returned"),
        problem);
  }

  @Test
  void aRunOfAnotherJobIsNotCompatible() throws IOException {
    Job<Joined> other = Job.named("not-greeter").on("user.joined", Joined.class).run(greeterBody());
    assertTrue(
        ReplayCheck.of(other, golden())
            .problems()
            .contains("the run is of job 'greeter', not 'not-greeter'"));
  }

  @Test
  void aRunRecordedByTheHarnessChecksAsRunEvents() {
    TestRun run = JobTest.of(greeter("Welcome")).start(new Joined("ada")).elapse();
    List<RunEvent> events = new ArrayList<>();
    Instant at = JobTest.DEFAULT_START;
    events.add(
        RunEvent.engine(
            "run_1",
            at,
            new RunEventBody.RunCreated(
                "greeter", "1", "e", "user.joined", at, "{\"login\":\"ada\"}", null, null, null)));
    run.log().forEach(body -> events.add(RunEvent.worker("run_1", at, 1, body)));
    assertTrue(ReplayCheck.of(greeter("Bienvenue"), events).compatible());
    assertFalse(ReplayCheck.of(greeterReversed(), events).compatible());
  }

  private static dev.runlog.sdk.JobBuilder.Body<Joined> greeterBody() {
    return (joined, io) -> io.runTask("profile", Profile.class, () -> new Profile("x"));
  }

  private static Job<Joined> greeterReversed() {
    return Job.named("greeter")
        .on("user.joined", Joined.class)
        .run(
            (joined, io) -> {
              io.sleep("cool down", Duration.ofSeconds(30));
              io.runTask("profile", Profile.class, () -> new Profile("x"));
            });
  }
}
