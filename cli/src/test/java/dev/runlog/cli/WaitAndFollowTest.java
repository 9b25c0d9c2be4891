package dev.runlog.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import java.io.IOException;
import java.util.List;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * {@code send --wait} and {@code run --follow} against a fake engine: what they print, and their
 * exit codes for a SUCCESS, another end, no run, and a time-out.
 */
class WaitAndFollowTest {
  private static final String EXECUTING =
      """
      {"id": "run_1", "jobId": "hello", "status": "EXECUTING", "updatedAt": "2026-11-29T12:00:00Z",
       "tasks": [], "waits": [], "output": null, "error": null}""";
  private static final String TASK_DONE =
      """
      {"id": "run_1", "jobId": "hello", "status": "EXECUTING", "updatedAt": "2026-11-29T12:00:01Z",
       "tasks": [{"key": "greet", "status": "COMPLETED", "attempts": 1, "output": "Hello, Ada"}],
       "waits": [], "output": null, "error": null}""";
  private static final String SUCCESS =
      """
      {"id": "run_1", "jobId": "hello", "status": "SUCCESS", "updatedAt": "2026-11-29T12:00:02Z",
       "startedAt": "2026-11-29T12:00:00Z", "finishedAt": "2026-11-29T12:00:02Z",
       "tasks": [{"key": "greet", "status": "COMPLETED", "attempts": 1, "output": "Hello, Ada"}],
       "waits": [], "output": {"greeting": "Hello, Ada"}, "error": null}""";
  private static final String FAILURE =
      """
      {"id": "run_2", "jobId": "audit", "status": "FAILURE", "updatedAt": "2026-11-29T12:00:02Z",
       "tasks": [], "waits": [], "output": null,
       "error": {"type": "TaskFailedException", "message": "audit: disk full"}}""";

  private FakeEngine engine;

  @BeforeEach
  void startEngine() throws IOException {
    engine = new FakeEngine();
  }

  @AfterEach
  void stopEngine() {
    engine.close();
  }

  private void sent(String... runIds) {
    engine.answer("POST", "/api/events", 202, "{\"id\": \"evt-1\"}");
    engine.answer(
        "GET",
        "/api/events/evt-1",
        200,
        "{\"id\": \"evt-1\", \"name\": \"demo.hello\", \"runIds\": "
            + Json.array(List.of(runIds))
            + "}");
  }

  @Test
  void sendWaitPrintsEachRunAndSucceedsWhenAllDid() {
    sent("run_1");
    engine.answer("GET", "/api/runs/run_1", 200, SUCCESS);
    Cli.Result result = Cli.succeeds(engine, "send", "demo.hello", "--wait");
    assertEquals(
        """
        evt-1
        RUN    JOB    STATUS   DURATION  OUTPUT OR ERROR
        run_1  hello  SUCCESS  2.0s      {"greeting":"Hello, Ada"}
        """,
        result.out());
    // the event and the run are read with long polls, never with a plain GET in a loop
    assertTrue(
        engine.requests().stream()
            .filter(r -> r.path().equals("/api/runs/run_1"))
            .allMatch(r -> r.query().startsWith("until=final&timeoutMs=")),
        engine.requests().toString());
    assertTrue(
        engine.requests().stream()
            .filter(r -> r.path().equals("/api/events/evt-1"))
            .allMatch(r -> r.query().startsWith("timeoutMs=")),
        engine.requests().toString());
  }

  @Test
  void sendWaitFailsWhenOneRunDidNot() {
    sent("run_1", "run_2");
    engine.answer("GET", "/api/runs/run_1", 200, SUCCESS);
    engine.answer("GET", "/api/runs/run_2", 200, FAILURE);
    Cli.Result result = Cli.run("send", "demo.hello", "--wait", "--url", engine.url());
    assertEquals(5, result.exitCode());
    assertTrue(result.out().contains("run_1  hello  SUCCESS"), result.out());
    assertTrue(result.out().contains("TaskFailedException: audit: disk full"), result.out());
    assertEquals(
        "runlog send: run run_2 ended FAILURE: TaskFailedException: audit: disk full\n",
        result.err());
  }

  @Test
  void sendWaitFailsWhenTheEventStartedNoRun() {
    sent();
    Cli.Result result = Cli.run("send", "demo.hello", "--wait", "--url", engine.url());
    assertEquals(5, result.exitCode());
    assertEquals("evt-1\n", result.out());
    assertEquals(
        "runlog send: event evt-1 started no run: no registered job listens to demo.hello\n",
        result.err());
  }

  @Test
  void sendWaitGivesUpAtItsTimeout() {
    sent("run_1");
    engine.answer("GET", "/api/runs/run_1", 200, EXECUTING);
    Cli.Result result =
        Cli.run("send", "demo.hello", "--wait", "--timeout", "1s", "--url", engine.url());
    assertEquals(6, result.exitCode());
    assertTrue(result.out().contains("run_1  hello  EXECUTING"), result.out());
    assertEquals("runlog send: run run_1 is still EXECUTING after --timeout 1.0s\n", result.err());
  }

  @Test
  void sendWaitAsJsonIsTheAnswerWithTheRuns() throws IOException {
    sent("run_1");
    engine.answer("GET", "/api/runs/run_1", 200, SUCCESS);
    JsonNode out = Json.one(Cli.succeeds(engine, "send", "demo.hello", "--wait", "-o", "json"));
    assertEquals("evt-1", out.path("id").asText());
    assertEquals(Json.parse(SUCCESS), out.path("runs").get(0));
  }

  @Test
  void aTimeoutWithoutWaitIsBadUsage() {
    assertEquals(2, Cli.run("send", "demo.hello", "--timeout", "1s").exitCode());
    assertEquals(2, Cli.run("run", "run_1", "--timeout", "1s").exitCode());
    assertEquals(2, Cli.run("send", "demo.hello", "--wait", "--timeout", "soon").exitCode());
  }

  @Test
  void followPrintsEachChangeUntilTheRunEnds() {
    engine.stream(
        "/api/runs/run_1/stream",
        events(EXECUTING, EXECUTING, TASK_DONE, SUCCESS) + ": heartbeat\n\n");
    Cli.Result result = Cli.succeeds(engine, "run", "run_1", "--follow");
    assertEquals(
        """
        2026-11-29T12:00:00Z  run  run_1  job hello  EXECUTING
        2026-11-29T12:00:01Z  task  greet  COMPLETED  attempt 1  "Hello, Ada"
        2026-11-29T12:00:02Z  status  SUCCESS
        2026-11-29T12:00:02Z  output  {"greeting":"Hello, Ada"}
        """,
        result.out());
  }

  @Test
  void followAsJsonPrintsOneViewPerLine() throws IOException {
    engine.stream("/api/runs/run_1/stream", events(EXECUTING, TASK_DONE, SUCCESS));
    String[] lines = Cli.succeeds(engine, "run", "run_1", "-f", "-o", "json").out().split("\n");
    assertEquals(3, lines.length);
    assertEquals(Json.parse(EXECUTING), Json.parse(lines[0]));
    assertEquals(Json.parse(SUCCESS), Json.parse(lines[2]));
  }

  @Test
  void followExitsWithFiveWhenTheRunFails() {
    engine.stream("/api/runs/run_2/stream", events(FAILURE));
    Cli.Result result = Cli.run("run", "run_2", "--follow", "--url", engine.url());
    assertEquals(5, result.exitCode());
    assertTrue(result.out().contains("error  TaskFailedException: audit: disk full"), result.out());
    assertEquals(
        "runlog run: run run_2 ended FAILURE: TaskFailedException: audit: disk full\n",
        result.err());
  }

  @Test
  void followOfAnUnknownRunIsRefused() {
    Cli.Result result = Cli.run("run", "run_nope", "--follow", "--url", engine.url());
    assertEquals(1, result.exitCode());
    assertTrue(result.err().contains("no such endpoint"), result.err());
    assertFalse(result.out().contains("run_nope"), result.out());
  }

  @Test
  void aStreamThatEndsEarlyIsOpenedAgainUntilTheTimeout() {
    engine.stream("/api/runs/run_1/stream", events(EXECUTING)); // ends, the run not final
    Cli.Result result =
        Cli.run("run", "run_1", "--follow", "--timeout", "2s", "--url", engine.url());
    assertEquals(6, result.exitCode());
    assertTrue(
        engine.requests().size() > 1, "the stream was not opened again: " + engine.requests());
    assertEquals( // the same view again prints nothing again
        "2026-11-29T12:00:00Z  run  run_1  job hello  EXECUTING\n", result.out());
    assertEquals("runlog run: run run_1 is still EXECUTING after --timeout 2.0s\n", result.err());
  }

  @Test
  void followOfAnEngineThatIsNotThereIsUnreachable() {
    Cli.Result result = Cli.run("run", "run_1", "--follow", "--url", "http://127.0.0.1:1");
    assertEquals(3, result.exitCode());
    assertTrue(result.err().contains("cannot reach the engine"), result.err());
  }

  /** The views as the engine streams them: one {@code run} event each. */
  private static String events(String... views) {
    StringBuilder wire = new StringBuilder();
    for (String view : views) {
      wire.append("event: run\ndata: ").append(Json.parse(view)).append("\n\n");
    }
    return wire.toString();
  }
}
