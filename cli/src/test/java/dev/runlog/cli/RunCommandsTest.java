package dev.runlog.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.io.IOException;
import java.util.List;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * {@code run}, {@code logs}, {@code cancel} and {@code replay} against a fake engine: the request
 * each sends and what it prints.
 */
class RunCommandsTest {
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
  void runPrintsTheHeaderTheTasksAndTheWaits() {
    engine.answer(
        "GET",
        "/api/runs/run_9",
        200,
        """
        {"id": "run_9", "jobId": "checkout", "jobVersion": "3", "status": "FAILURE", "eventId": "evt-9", "eventName": "order.placed",
         "payload": {"id": "o-1"}, "context": null, "output": null, "error": {"type": "TaskFailedException", "message": "charge: card declined"},
         "execution": 2, "createdAt": "2026-11-23T22:08:07.944Z", "startedAt": "2026-11-23T22:08:08Z", "updatedAt": "2026-11-23T22:10:08Z",
         "finishedAt": "2026-11-23T22:10:08Z", "waitingOn": null, "cancelRequested": false, "replayOf": "run_8", "replays": ["run_10"],
         "tasks": [
           {"key": "receipt", "status": "COMPLETED", "attempts": 1, "output": "a very long receipt text that does not fit in the column",
            "error": null, "startedAt": "2026-11-23T22:08:08Z", "finishedAt": "2026-11-23T22:08:08.045Z", "durationMs": 45},
           {"key": "charge", "status": "FAILED", "attempts": 3, "output": null, "error": {"type": "IOException", "message": "card declined"},
            "startedAt": "2026-11-23T22:08:08Z", "finishedAt": null, "durationMs": null}],
         "waits": [{"key": "settle", "until": "2026-11-23T22:09:00Z", "elapsed": true, "requestedAt": "2026-11-23T22:08:30Z",
                    "elapsedAt": "2026-11-23T22:09:00.1Z"}]}
        """);
    assertEquals(
        """
        run        run_9
        job        checkout (version 3)
        status     FAILURE
        event      order.placed evt-9
        created    2026-11-23T22:08:07.944Z
        finished   2026-11-23T22:10:08Z (ran 2m0s)
        replay of  run_8
        replays    run_10
        error      TaskFailedException: charge: card declined
        output     -

        KEY      STATUS     ATTEMPTS  DURATION  OUTPUT                                    ERROR
        receipt  COMPLETED  1         45ms      "a very long receipt text that does n...  -
        charge   FAILED     3         -         -                                         card declined

        WAIT    UNTIL                 ELAPSED
        settle  2026-11-23T22:09:00Z  2026-11-23T22:09:00.1Z
        """,
        Cli.succeeds(engine, "run", "run_9").out());
  }

  @Test
  void runShowsWhatAWaitForAnEventWaitsFor() {
    engine.answer(
        "GET",
        "/api/runs/run_4",
        200,
        """
        {"id": "run_4", "jobId": "checkout", "jobVersion": "1", "status": "WAITING", "eventId": "e", "eventName": "x",
         "output": null, "error": null, "createdAt": "2026-11-23T22:08:07Z", "finishedAt": null, "replays": [],
         "tasks": [], "waits": [{"key": "paid", "until": null, "elapsed": false, "event": "order.paid",
                                 "filter": {"payload.orderId": "o-1"}, "result": null}]}
        """);
    List<String> lines = Cli.succeeds(engine, "run", "run_4").out().lines().toList();
    assertEquals(
        "paid (event order.paid {\"payload.orderId\":\"o-1\"})",
        lines.get(lines.size() - 1).split("  ")[0]);
  }

  @Test
  void runLinksToItsParentAndItsChildren() {
    engine.answer(
        "GET",
        "/api/runs/run_5",
        200,
        """
        {"id": "run_5", "jobId": "gallery", "jobVersion": "1", "status": "WAITING", "eventId": "e", "eventName": "x",
         "output": null, "error": null, "createdAt": "2026-11-23T22:08:07Z", "finishedAt": null, "replays": [],
         "parentRunId": "run_1", "parentKey": "album",
         "children": [{"runId": "run_6", "jobId": "resize", "key": "thumb"},
                      {"runId": "run_7", "jobId": "notify", "key": "tell"}],
         "tasks": [], "waits": []}
        """);
    List<String> lines = Cli.succeeds(engine, "run", "run_5").out().lines().toList();
    assertEquals("parent     run_1 (invoke 'album')", lines.get(6));
    assertEquals("children   run_6 resize (invoke 'thumb')", lines.get(7));
    assertEquals("           run_7 notify (invoke 'tell')", lines.get(8));
  }

  @Test
  void runShowsWhatARunningRunWaitsOn() {
    engine.answer(
        "GET",
        "/api/runs/run_5",
        200,
        """
        {"id": "run_5", "jobId": "hello", "jobVersion": "1", "status": "WAITING", "eventId": "e", "eventName": "demo.hello",
         "output": null, "error": null, "createdAt": "2026-11-23T22:08:07Z", "startedAt": "2026-11-23T22:08:07Z", "finishedAt": null,
         "waitingOn": "wait:settle", "cancelRequested": true, "replayOf": null, "replays": [], "tasks": [], "waits": []}
        """);
    String out = Cli.succeeds(engine, "run", "run_5").out();
    assertEquals(
        "status     WAITING, waiting on wait:settle, cancel requested",
        out.lines().toList().get(2));
    assertEquals("finished   -", out.lines().toList().get(5));
    assertEquals(
        "KEY  STATUS  ATTEMPTS  DURATION  OUTPUT  ERROR",
        out.lines().reduce((a, b) -> b).orElseThrow());
  }

  @Test
  void logsPrintsOneLinePerEntryWithItsFields() {
    engine.answer(
        "GET",
        "/api/runs/run_1/logs",
        200,
        """
        {"runId": "run_1", "logs": [
          {"level": "INFO", "message": "charging", "fields": {"amount": 12}, "timestamp": "2026-11-23T22:08:08Z"},
          {"level": "ERROR", "message": "declined", "fields": null, "timestamp": "2026-11-23T22:08:09Z"}]}
        """);
    assertEquals(
        """
        2026-11-23T22:08:08Z INFO  charging {"amount":12}
        2026-11-23T22:08:09Z ERROR declined
        """,
        Cli.succeeds(engine, "logs", "run_1").out());
  }

  @Test
  void cancelSendsTheReasonAndPrintsTheAnswer() {
    engine.answer(
        "POST",
        "/api/runs/run_1/cancel",
        202,
        "{\"runId\": \"run_1\", \"status\": \"RUNNING\", \"cancel\": \"requested\"}");
    assertEquals(
        "run_1: cancel requested (status was RUNNING)\n",
        Cli.succeeds(engine, "cancel", "run_1", "--reason", "sent twice & late").out());
    assertEquals("reason=sent+twice+%26+late", engine.onlyRequest().query());
    assertEquals(
        "application/json",
        engine.onlyRequest().contentType(),
        "the engine refuses a POST that is not declared JSON");
    assertEquals("{}", engine.onlyRequest().body());
  }

  @Test
  void replayPrintsTheNewRunId() {
    engine.answer(
        "POST", "/api/runs/run_1/replay", 202, "{\"runId\": \"run_2\", \"replayOf\": \"run_1\"}");
    assertEquals("run_2\n", Cli.succeeds(engine, "replay", "run_1").out());
    assertEquals("POST", engine.onlyRequest().method());
    assertEquals(
        "application/json",
        engine.onlyRequest().contentType(),
        "the engine refuses a POST that is not declared JSON");
    assertEquals("{}", engine.onlyRequest().body());
  }
}
