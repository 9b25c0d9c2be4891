package dev.runlog.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** {@code runlog sources} against a fake engine: the request each subcommand sends, its output. */
class SourcesCommandsTest {
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
  void listPrintsEachSourceWithItsStateLagAndReason() {
    engine.answer(
        "GET",
        "/api/sources",
        200,
        """
        {"sources": [
          {"id": "orders", "kind": "kafka", "paused": false, "spec": {}, "state": "RUNNING", "lag": 12},
          {"id": "gone", "kind": "kafka", "paused": false, "spec": {}, "state": "FAILING",
           "reason": "topic gone does not exist", "lag": 0},
          {"id": "nightly", "kind": "schedule", "paused": true, "spec": {}, "state": "PAUSED"}]}
        """);
    assertEquals(
        """
        ID       KIND      STATE    LAG  REASON
        orders   kafka     RUNNING  12   -
        gone     kafka     FAILING  0    topic gone does not exist
        nightly  schedule  PAUSED   -    -
        """,
        Cli.succeeds(engine, "sources", "list").out());
  }

  @Test
  void putSendsTheKindAndTheSpecFromAFile(@TempDir Path dir) throws IOException {
    engine.answer(
        "PUT", "/api/sources/orders", 201, "{\"id\": \"orders\", \"state\": \"STARTING\"}");
    Path spec = dir.resolve("orders.json");
    Files.writeString(spec, "{\"topics\": [\"orders\"]}");
    String out =
        Cli.succeeds(
                engine,
                "sources",
                "put",
                "orders",
                "--kind",
                "kafka",
                "--spec-file",
                spec.toString())
            .out();
    FakeEngine.Request sent = engine.onlyRequest();
    assertEquals("PUT /api/sources/orders", sent.method() + " " + sent.path());
    assertEquals("application/json", sent.contentType());
    assertEquals(
        EngineClient.JSON.readTree(
            "{\"kind\": \"kafka\", \"paused\": false, \"spec\": {\"topics\": [\"orders\"]}}"),
        EngineClient.JSON.readTree(sent.body()));
    assertTrue(out.contains("\"STARTING\""), out);
  }

  @Test
  void aSpecThatIsNotJsonIsRefusedBeforeAnythingIsSent() {
    Cli.Result result =
        Cli.run("sources", "put", "x", "--kind", "kafka", "--spec", "{nope", "--url", engine.url());
    assertNotEquals(0, result.exitCode());
    assertTrue(result.err().contains("--spec is not JSON"), result.err());
    assertEquals(0, engine.requests().size());
  }

  @Test
  void pauseResumeAndDeleteNameTheSource() {
    engine.answer(
        "POST", "/api/sources/orders/pause", 200, "{\"id\": \"orders\", \"paused\": true}");
    engine.answer("DELETE", "/api/sources/orders", 200, "{\"deleted\": \"orders\"}");
    assertEquals("orders paused\n", Cli.succeeds(engine, "sources", "pause", "orders").out());
    assertEquals("deleted orders\n", Cli.succeeds(engine, "sources", "delete", "orders").out());
    assertEquals("POST", engine.requests().get(0).method());
    assertEquals(
        "DELETE /api/sources/orders",
        engine.requests().get(1).method() + " " + engine.requests().get(1).path());
  }

  @Test
  void anUnknownSourceExitsNonZeroWithTheEnginesMessage() {
    engine.answer("GET", "/api/sources/x", 404, "{\"error\": \"no such source: x\"}");
    Cli.Result result = Cli.run("sources", "get", "x", "--url", engine.url());
    assertNotEquals(0, result.exitCode());
    assertTrue(result.err().contains("no such source: x"), result.err());
  }
}
