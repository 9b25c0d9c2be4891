package dev.runlog.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import java.io.IOException;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * {@code send}, {@code jobs} and {@code runs} against a fake engine: the request each sends and
 * what it prints.
 */
class EventAndJobCommandsTest {
  private FakeEngine engine;

  @BeforeEach
  void startEngine() throws IOException {
    engine = new FakeEngine();
  }

  @AfterEach
  void stopEngine() {
    engine.close();
  }

  private static JsonNode json(String text) throws IOException {
    return EngineClient.JSON.readTree(text);
  }

  @Test
  void sendPostsTheEventAndPrintsItsId() throws IOException {
    engine.answer("POST", "/api/events", 202, "{\"id\": \"evt-1\"}");
    Cli.Result result =
        Cli.succeeds(
            engine,
            "send",
            "demo.hello",
            "--payload",
            "{\"name\": \"Ada\", \"n\": 1}",
            "--id",
            "evt-1",
            "--context",
            "{\"tenant\": \"t1\"}",
            "--deliver-after",
            "PT30S");
    FakeEngine.Request sent = engine.onlyRequest();
    assertEquals("POST /api/events", sent.method() + " " + sent.path());
    assertEquals("application/json", sent.contentType());
    assertEquals(
        json(
            "{\"name\": \"demo.hello\", \"id\": \"evt-1\", \"payload\": {\"name\": \"Ada\", \"n\": 1},"
                + " \"context\": {\"tenant\": \"t1\"}, \"deliverAfter\": \"PT30S\"}"),
        json(sent.body()));
    assertEquals("evt-1\n", result.out());
  }

  @Test
  void sendSaysWhenTheEventIdWasUsedBefore() {
    engine.answer(
        "POST",
        "/api/events",
        202,
        "{\"id\": \"evt-1\", \"duplicate\": true, \"runIds\": [\"run_1\"]}");
    Cli.Result result = Cli.run("send", "demo.hello", "--id", "evt-1", "--url", engine.url());
    assertEquals(0, result.exitCode());
    assertEquals("evt-1\n", result.out(), "stdout stays the id, for scripts");
    assertTrue(
        result.err().contains("was sent before") && result.err().contains("run_1"), result.err());
  }

  @Test
  void sendLeavesOutWhatWasNotGiven() throws IOException {
    engine.answer("POST", "/api/events", 202, "{\"id\": \"5a0e\"}");
    assertEquals("5a0e\n", Cli.succeeds(engine, "send", "demo.ping").out());
    assertEquals(json("{\"name\": \"demo.ping\"}"), json(engine.onlyRequest().body()));
  }

  @Test
  void jobsPrintsATableWithLimitsAndTheNonZeroCounts() {
    engine.answer(
        "GET",
        "/api/jobs",
        200,
        """
        {"jobs": [
          {"id": "hello", "version": "1", "eventName": "demo.hello", "queue": "default", "concurrencyLimit": null, "sharedLimit": null,
           "registeredAt": "2026-11-23T22:08:07Z", "counts": {"RUNNING": 0, "SUCCESS": 3, "FAILURE": 1}},
          {"id": "checkout", "version": "12", "eventName": "order.placed", "queue": "shop", "concurrencyLimit": 5,
           "sharedLimit": {"name": "payments", "limit": 2}, "registeredAt": "2026-11-23T22:08:07Z", "counts": {}}]}
        """);
    assertEquals(
        """
        ID        VERSION  EVENT         LIMIT         RUNS
        hello     1        demo.hello    -             SUCCESS=3 FAILURE=1
        checkout  12       order.placed  5,payments=2  -
        """,
        Cli.succeeds(engine, "jobs").out());
    assertEquals(
        "GET /api/jobs", engine.onlyRequest().method() + " " + engine.onlyRequest().path());
  }

  @Test
  void runsPassesTheFiltersAndPrintsTheNextPageHint() {
    engine.answer(
        "GET",
        "/api/jobs/my%20job/runs",
        200,
        """
        {"jobId": "my job", "nextCursor": "c2", "runs": [
          {"id": "run_1", "status": "SUCCESS", "eventId": "evt-1", "createdAt": "2026-11-23T22:08:07.944Z",
           "startedAt": "2026-11-23T22:08:07.960Z", "finishedAt": "2026-11-23T22:08:09.210Z", "execution": 1},
          {"id": "run_2", "status": "PENDING", "eventId": "evt-2", "createdAt": "2026-11-23T22:08:08Z",
           "startedAt": null, "finishedAt": null, "execution": 0}]}
        """);
    Cli.Result result =
        Cli.succeeds(
            engine, "runs", "my job", "--status", "SUCCESS", "--limit", "2", "--cursor", "c1");
    assertEquals("status=SUCCESS&limit=2&cursor=c1", engine.onlyRequest().query());
    assertEquals(
        """
        RUN    STATUS   EVENT  CREATED                   DURATION
        run_1  SUCCESS  evt-1  2026-11-23T22:08:07.944Z  1.2s
        run_2  PENDING  evt-2  2026-11-23T22:08:08Z      -
        more: runlog runs 'my job' --status SUCCESS --limit 2 --cursor c2
        """,
        result.out());
  }

  @Test
  void runsWithoutFiltersSendsNoQueryAndNoHintOnTheLastPage() {
    engine.answer(
        "GET",
        "/api/jobs/hello/runs",
        200,
        "{\"jobId\": \"hello\", \"runs\": [], \"nextCursor\": null}");
    Cli.Result result = Cli.run("runs", "hello", "--url", engine.url());
    assertEquals(0, result.exitCode());
    assertEquals("RUN  STATUS  EVENT  CREATED  DURATION\n", result.out());
    // an empty list says so on stderr: stdout keeps the header alone for scripts
    assertEquals("runlog runs: no runs of job hello\n", result.err());
    assertNull(engine.onlyRequest().query());
  }

  @Test
  void runsAcrossJobsFindsByPayloadFieldAndEventAndPrintsTheJob() {
    engine.answer(
        "GET",
        "/api/runs",
        200,
        "{\"runs\": [{\"id\": \"run_1\", \"jobId\": \"orders\", \"status\": \"SUCCESS\","
            + " \"eventId\": \"evt-1\", \"createdAt\": \"2026-11-23T22:08:07Z\","
            + " \"startedAt\": \"2026-11-23T22:08:07Z\", \"finishedAt\": \"2026-11-23T22:08:08Z\"}],"
            + " \"nextCursor\": \"c 2\"}");
    Cli.Result result =
        Cli.succeeds(
            engine,
            "runs",
            "--payload",
            "order id=42 & more",
            "--event",
            "evt-1",
            "--from",
            "2026-11-23T00:00:00Z",
            "--limit",
            "1");
    FakeEngine.Request sent = engine.onlyRequest();
    assertEquals("GET /api/runs", sent.method() + " " + sent.path());
    assertEquals(
        "eventId=evt-1&payload.order+id=42+%26+more&from=2026-11-23T00%3A00%3A00Z&limit=1",
        sent.query());
    assertEquals(
        """
        RUN    JOB     STATUS   EVENT  CREATED               DURATION
        run_1  orders  SUCCESS  evt-1  2026-11-23T22:08:07Z  1.0s
        more: runlog runs --event evt-1 --payload 'order id=42 & more' --from 2026-11-23T00:00:00Z --limit 1 --cursor 'c 2'
        """,
        result.out());
  }

  @Test
  void runsWithoutAJobListsEveryJobsRunsAndAPayloadFilterNeedsAnEqualsSign() {
    engine.answer("GET", "/api/runs", 200, "{\"runs\": [], \"nextCursor\": null}");
    Cli.Result all = Cli.run("runs", "--status", "FAILURE", "--url", engine.url());
    assertEquals(0, all.exitCode());
    assertEquals("status=FAILURE", engine.onlyRequest().query());
    assertEquals("runlog runs: no runs in status FAILURE\n", all.err());
    Cli.Result bad = Cli.run("runs", "--payload", "orderId", "--url", engine.url());
    assertEquals(2, bad.exitCode());
    assertTrue(bad.err().contains("--payload takes <field>=<value>"), bad.err());
  }
}
