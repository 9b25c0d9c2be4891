package dev.runlog.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * {@code runlog schedules} against a fake engine: the request each subcommand sends, its output.
 */
class SchedulesCommandsTest {
  private FakeEngine engine;

  @BeforeEach
  void startEngine() throws IOException {
    engine = new FakeEngine();
  }

  @AfterEach
  void stopEngine() {
    engine.close();
  }

  @Test
  void listPrintsEachScheduleWithItsNextTick() {
    engine.answer(
        "GET",
        "/api/schedules",
        200,
        """
        {"schedules": [
          {"id": "nightly", "cron": "0 2 * * *", "timezone": "Europe/Berlin", "job": "cleanup",
           "state": "RUNNING", "nextTick": "2026-12-01T01:00:00Z", "lastFiredAt": null},
          {"id": "poll", "interval": "PT30S", "event": "inventory.poll", "state": "PAUSED",
           "nextTick": null, "lastFiredAt": "2026-11-30T10:00:00Z"}]}
        """);
    assertEquals(
        """
        ID       WHEN                     RUNS                  STATE    NEXT TICK             LAST FIRED            REASON
        nightly  0 2 * * * Europe/Berlin  job cleanup           RUNNING  2026-12-01T01:00:00Z  -                     -
        poll     every PT30S              event inventory.poll  PAUSED   -                     2026-11-30T10:00:00Z  -
        """,
        Cli.succeeds(engine, "schedules", "list").out());
  }

  @Test
  void createSendsTheScheduleAsTheApiReadsIt() throws IOException {
    engine.answer("POST", "/api/schedules", 201, "{\"id\": \"poll\", \"state\": \"STARTING\"}");
    Cli.succeeds(
        engine,
        "schedules",
        "create",
        "poll",
        "--every",
        "30s",
        "--event",
        "inventory.poll",
        "--payload",
        "{\"warehouse\": \"north\"}",
        "--catch-up",
        "once");
    FakeEngine.Request sent = engine.onlyRequest();
    assertEquals("POST /api/schedules", sent.method() + " " + sent.path());
    assertEquals(
        EngineClient.JSON.readTree(
            "{\"id\": \"poll\", \"interval\": \"PT30S\", \"event\": \"inventory.poll\","
                + " \"payload\": {\"warehouse\": \"north\"}, \"catchUp\": \"once\", \"paused\":"
                + " false}"),
        EngineClient.JSON.readTree(sent.body()));
  }

  @Test
  void createNeedsOneTimingAndOneTarget() {
    Cli.Result both =
        Cli.run(
            "schedules",
            "create",
            "x",
            "--cron",
            "* * * * *",
            "--every",
            "1m",
            "--job",
            "j",
            "--url",
            engine.url());
    assertNotEquals(0, both.exitCode());
    assertTrue(both.err().contains("one of --cron and --every"), both.err());
    Cli.Result none = Cli.run("schedules", "create", "x", "--every", "1m", "--url", engine.url());
    assertTrue(none.err().contains("one of --job and --event"), none.err());
    assertEquals(0, engine.requests().size());
  }

  @Test
  void pauseResumeAndDeleteNameTheSchedule() {
    engine.answer("POST", "/api/schedules/poll/pause", 200, "{\"id\": \"poll\", \"paused\": true}");
    engine.answer(
        "POST",
        "/api/schedules/poll/resume",
        200,
        "{\"id\": \"poll\", \"paused\": false, \"nextTick\": \"2026-12-01T00:00:30Z\"}");
    engine.answer("DELETE", "/api/schedules/poll", 200, "{\"deleted\": \"poll\"}");
    assertEquals("poll paused\n", Cli.succeeds(engine, "schedules", "pause", "poll").out());
    assertEquals(
        "poll resumed, next tick 2026-12-01T00:00:30Z\n",
        Cli.succeeds(engine, "schedules", "resume", "poll").out());
    assertEquals("deleted poll\n", Cli.succeeds(engine, "schedules", "delete", "poll").out());
  }

  @Test
  void aRefusalExitsNonZeroWithTheEnginesMessage() {
    engine.answer(
        "POST",
        "/api/schedules",
        400,
        "{\"error\": \"bad schedule x: cron expression \\\"0 9 * * FRX\\\" does not parse\"}");
    Cli.Result result =
        Cli.run(
            "schedules",
            "create",
            "x",
            "--cron",
            "0 9 * * FRX",
            "--job",
            "j",
            "--url",
            engine.url());
    assertNotEquals(0, result.exitCode());
    assertTrue(result.err().contains("does not parse"), result.err());
  }
}
