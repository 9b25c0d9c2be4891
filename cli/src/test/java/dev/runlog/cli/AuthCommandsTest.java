package dev.runlog.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.runlog.engine.rest.ApiKeys;
import java.io.ByteArrayInputStream;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * API keys from the CLI's side: sending one, what a refusal says, making keys, and runlog engine's
 * refusal to start open.
 */
class AuthCommandsTest {
  private static final String KEY = "cli-key-0123456789abcdef";
  private FakeEngine engine;

  @BeforeEach
  void startEngine() throws Exception {
    engine = new FakeEngine();
  }

  @AfterEach
  void stopEngine() {
    engine.close();
  }

  @Test
  void theKeyGoesAsABearerTokenOnEveryCall() {
    engine.answer("GET", "/api/jobs", 200, "{\"jobs\": [{\"id\": \"hello\"}]}");
    engine.answer(
        "POST",
        "/api/runs/run_1/cancel",
        202,
        "{\"runId\": \"run_1\", \"status\": \"EXECUTING\", \"cancel\": \"requested\"}");
    Cli.succeeds(engine, "jobs", "--api-key", KEY);
    Cli.succeeds(engine, "cancel", "run_1", "--api-key", KEY);
    assertTrue(
        engine.requests().stream().allMatch(r -> ("Bearer " + KEY).equals(r.authorization())),
        engine.requests().toString());
  }

  @Test
  void withoutAKeyNoneIsSent() {
    engine.answer("GET", "/api/jobs", 200, "{\"jobs\": [{\"id\": \"hello\"}]}");
    Cli.succeeds(engine, "jobs"); // as long as the build's environment has no RUNLOG_API_KEY
    assertNull(engine.onlyRequest().authorization());
  }

  @Test
  void a401SaysHowToGiveAKeyAndA403IsARefusal() {
    engine.answer(
        "GET",
        "/api/jobs",
        401,
        "{\"error\": \"this endpoint needs an API key: send the header Authorization: Bearer <key>\"}");
    Cli.Result none = Cli.run("jobs", "--url", engine.url());
    assertEquals(1, none.exitCode());
    assertTrue(none.err().contains("set RUNLOG_API_KEY or --api-key"), none.err());
    Cli.Result wrong = Cli.run("jobs", "--url", engine.url(), "--api-key", KEY);
    assertEquals(1, wrong.exitCode());
    assertTrue(wrong.err().contains("does not know this API key"), wrong.err());
    assertTrue(!wrong.err().contains(KEY), "the key is printed: " + wrong.err());

    engine.answer(
        "POST",
        "/api/runs/run_1/replay",
        403,
        "{\"error\": \"the key read-2 (read) may not POST /api/runs/run_1/replay: "
            + "that needs a key with the role admin\"}");
    Cli.Result forbidden = Cli.run("replay", "run_1", "--url", engine.url(), "--api-key", KEY);
    assertEquals(1, forbidden.exitCode());
    assertTrue(
        forbidden.err().contains("needs a key with the role admin")
            && forbidden.err().contains("403"),
        forbidden.err());
  }

  @Test
  void keysNewPrintsAKeyAndItsFileLine(@TempDir Path dir) throws Exception {
    Cli.Result made = Cli.run("keys", "new", "--name", "ci", "--role", "admin");
    assertEquals(0, made.exitCode(), made.err());
    String[] lines = made.out().strip().split("\n");
    assertEquals(2, lines.length, made.out());
    String key = lines[0].strip();
    assertTrue(lines[1].startsWith("ci admin sha256:"), lines[1]);
    assertTrue(made.err().contains("stored nowhere"), made.err());
    Path file = dir.resolve("keys");
    Files.writeString(file, lines[1] + "\n");
    assertEquals(1, ApiKeys.read(file).size());
    assertEquals(ApiKeys.line("ci", dev.runlog.engine.rest.Role.ADMIN, key), lines[1].strip());

    assertEquals(2, Cli.run("keys", "new", "--name", "two words").exitCode());
    assertEquals(2, Cli.run("keys", "new", "--name", "x", "--role", "owner").exitCode());
  }

  @Test
  void keysHashReadsTheKeyFromStdin() {
    InputStream stdin = System.in;
    try {
      System.setIn(new ByteArrayInputStream((KEY + "\n").getBytes(StandardCharsets.UTF_8)));
      Cli.Result hashed = Cli.run("keys", "hash", "--name", "grafana");
      assertEquals(0, hashed.exitCode(), hashed.err());
      assertEquals(
          ApiKeys.line("grafana", dev.runlog.engine.rest.Role.READ, KEY), hashed.out().strip());
      System.setIn(new ByteArrayInputStream(new byte[0]));
      Cli.Result empty = Cli.run("keys", "hash", "--name", "grafana");
      assertEquals(2, empty.exitCode());
      assertTrue(empty.err().contains("no key on stdin"), empty.err());
    } finally {
      System.setIn(stdin);
    }
  }

  /** Refused before it touches Kafka: nothing listens at the bootstrap address given. */
  @Test
  void runlogEngineRefusesToServeEveryInterfaceWithoutKeys(@TempDir Path dir) {
    Cli.Result refused =
        Cli.run(
            "engine",
            "--bootstrap-servers",
            "127.0.0.1:9",
            "-D",
            "http.port=0",
            "-D",
            "state.dir=" + dir);
    assertEquals(EngineCommand.CONFIG_REFUSED, refused.exitCode());
    assertTrue(
        refused
            .err()
            .startsWith(
                "runlog engine: refusing to serve the REST API on 0.0.0.0 without API keys"),
        refused.err());
    assertTrue(refused.err().contains("--insecure"), refused.err());

    Cli.Result badKey =
        Cli.run("engine", "--bootstrap-servers", "127.0.0.1:9", "-D", "api.keys=admin=short");
    assertEquals(2, badKey.exitCode());
    assertTrue(
        badKey
            .err()
            .contains("runlog engine: bad setting: api.keys: an API key must be at least 16"),
        badKey.err());
    assertTrue(!badKey.err().contains("short"), "the key is printed: " + badKey.err());
  }
}
