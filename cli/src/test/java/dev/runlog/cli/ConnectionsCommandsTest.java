package dev.runlog.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * {@code runlog connections} against a fake engine: the request each subcommand sends, its output;
 * a secret comes from a file, stdin or the environment, and never shows in what it prints.
 */
class ConnectionsCommandsTest {
  private static final String TOKEN = "xoxb-cli-secret";
  private FakeEngine engine;
  private InputStream stdin;

  @BeforeEach
  void startEngine() throws IOException {
    engine = new FakeEngine();
    stdin = ConnectionsCommand.Put.stdin;
  }

  @AfterEach
  void stopEngine() {
    ConnectionsCommand.Put.stdin = stdin;
    engine.close();
  }

  @Test
  void listPrintsEachConnectionAndTheMissingOnesRunsWaitFor() {
    engine.answer(
        "GET",
        "/api/connections",
        200,
        """
        {"connections": [
          {"key": "slack", "integration": "slack", "type": "bearer", "jobs": ["star", "digest"],
           "waitingRuns": 0, "updatedAt": "2026-11-29T10:00:00Z"},
          {"key": "crm/acme", "integration": "crm", "accountId": "acme", "type": "basic",
           "jobs": [], "waitingRuns": 0, "updatedAt": "2026-11-29T11:00:00Z"}],
         "missing": [{"key": "crm/globex", "waitingRuns": 2}],
         "integrations": []}
        """);
    assertEquals(
        """
        CONNECTION  TYPE       JOBS         WAITING  UPDATED
        slack       bearer     star,digest  0        2026-11-29T10:00:00Z
        crm/acme    basic      -            0        2026-11-29T11:00:00Z
        crm/globex  (missing)  -            2        -
        """,
        Cli.succeeds(engine, "connections").out());
  }

  @Test
  void putSendsTheCredentialsOfAFileAndPrintsNoSecret(@TempDir Path dir) throws IOException {
    engine.answer(
        "PUT", "/api/connections/crm/acme", 201, "{\"key\": \"crm/acme\", \"type\": \"basic\"}");
    Path file = dir.resolve("acme.json");
    String credentials = "{\"type\":\"basic\",\"username\":\"ada\",\"password\":\"" + TOKEN + "\"}";
    Files.writeString(file, credentials);
    String out =
        Cli.succeeds(
                engine, "connections", "put", "crm", "acme", "--credentials-file", file.toString())
            .out();
    FakeEngine.Request sent = engine.onlyRequest();
    assertEquals("PUT /api/connections/crm/acme", sent.method() + " " + sent.path());
    assertEquals("application/json", sent.contentType());
    assertEquals(EngineClient.JSON.readTree(credentials), EngineClient.JSON.readTree(sent.body()));
    assertTrue(out.contains("\"crm/acme\""), out);
    assertFalse(out.contains(TOKEN));
  }

  @Test
  void putReadsStdinForTheFileDash() throws IOException {
    engine.answer("PUT", "/api/connections/slack", 200, "{\"key\": \"slack\"}");
    String credentials = "{\"type\":\"bearer\",\"token\":\"" + TOKEN + "\"}";
    ConnectionsCommand.Put.stdin =
        new ByteArrayInputStream(credentials.getBytes(StandardCharsets.UTF_8));
    Cli.succeeds(engine, "connections", "put", "slack", "--credentials-file", "-");
    assertEquals(
        EngineClient.JSON.readTree(credentials),
        EngineClient.JSON.readTree(engine.onlyRequest().body()));
  }

  @Test
  void putTakesTheSecretOfAnEnvironmentVariable() throws IOException {
    engine.answer("PUT", "/api/connections/crm/acme", 200, "{\"key\": \"crm/acme\"}");
    String path = System.getenv("PATH"); // a variable every test JVM has
    Cli.succeeds(
        engine,
        "connections",
        "put",
        "crm",
        "acme",
        "--from-env",
        "PATH",
        "--type",
        "api-key",
        "--header",
        "X-Api-Key");
    assertEquals(
        EngineClient.JSON
            .createObjectNode()
            .put("type", "api-key")
            .put("header", "X-Api-Key")
            .put("value", path),
        EngineClient.JSON.readTree(engine.onlyRequest().body()));
  }

  @Test
  void badCredentialsAreRefusedBeforeAnythingIsSentWithoutShowingThem(@TempDir Path dir)
      throws IOException {
    Path file = dir.resolve("bad.json");
    Files.writeString(file, "{\"type\":\"bearer\",\"token\":\"" + TOKEN);
    Cli.Result notJson =
        Cli.run(
            "connections",
            "put",
            "slack",
            "--credentials-file",
            file.toString(),
            "--url",
            engine.url());
    assertEquals(2, notJson.exitCode());
    assertTrue(notJson.err().contains("not a JSON object"), notJson.err());
    assertFalse(notJson.err().contains(TOKEN), notJson.err());

    Cli.Result unset =
        Cli.run(
            "connections",
            "put",
            "slack",
            "--from-env",
            "RUNLOG_TEST_SURELY_UNSET",
            "--url",
            engine.url());
    assertEquals(2, unset.exitCode());
    assertTrue(unset.err().contains("RUNLOG_TEST_SURELY_UNSET is not set"), unset.err());

    Cli.Result none = Cli.run("connections", "put", "slack", "--url", engine.url());
    assertEquals(2, none.exitCode(), "the secret must come from somewhere: " + none.err());
    assertEquals(0, engine.requests().size());
  }

  @Test
  void getAndDeleteNameTheConnection() {
    engine.answer(
        "GET", "/api/connections/slack", 200, "{\"key\": \"slack\", \"type\": \"bearer\"}");
    engine.answer("DELETE", "/api/connections/crm/acme", 200, "{\"deleted\": \"crm/acme\"}");
    assertTrue(Cli.succeeds(engine, "connections", "get", "slack").out().contains("\"bearer\""));
    assertEquals(
        "deleted crm/acme\n", Cli.succeeds(engine, "connections", "delete", "crm", "acme").out());
    assertEquals(
        "DELETE /api/connections/crm/acme",
        engine.requests().get(1).method() + " " + engine.requests().get(1).path());
  }

  @Test
  void theEnginesRefusalIsItsMessage() {
    engine.answer(
        "PUT",
        "/api/connections/nope",
        404,
        "{\"error\": \"no registered job declares a managed integration 'nope'\"}");
    ConnectionsCommand.Put.stdin =
        new ByteArrayInputStream("{\"type\":\"bearer\",\"token\":\"t\"}".getBytes());
    Cli.Result result =
        Cli.run("connections", "put", "nope", "--credentials-file", "-", "--url", engine.url());
    assertNotEquals(0, result.exitCode());
    assertTrue(result.err().contains("no registered job declares"), result.err());
  }
}
