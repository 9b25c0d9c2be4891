package dev.runlog.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.runlog.engine.rest.RestServer;
import java.io.IOException;
import org.junit.jupiter.api.Test;

/**
 * {@code runlog health}, a container's health check: exit 0 only on 200; and {@code runlog
 * --version}.
 */
class HealthAndVersionTest {

  @Test
  void readyEngineIsExit0() throws IOException {
    try (FakeEngine engine =
        new FakeEngine()
            .answer("GET", RestServer.HEALTH_READY_PATH, 200, "{\"status\": \"ready\"}")) {
      Cli.Result result = Cli.succeeds(engine, "health");
      assertEquals("ready", result.out().strip());
      assertEquals(
          "GET " + RestServer.HEALTH_READY_PATH,
          engine.onlyRequest().method() + " " + engine.onlyRequest().path());
    }
  }

  @Test
  void startingEngineIsExit3WithItsReason() throws IOException {
    try (FakeEngine engine =
        new FakeEngine()
            .answer(
                "GET",
                RestServer.HEALTH_READY_PATH,
                503,
                "{\"status\": \"not ready\", \"reason\": \"Kafka Streams is REBALANCING\"}")) {
      Cli.Result result = Cli.run("health", "--url", engine.url());
      assertEquals(EngineConnection.UNREACHABLE, result.exitCode(), result.err());
      assertTrue(
          result.err().startsWith("runlog health: ") && result.err().contains("REBALANCING"),
          result.err());
    }
  }

  @Test
  void noEngineIsExit3() throws IOException {
    String url;
    try (FakeEngine engine = new FakeEngine()) {
      url = engine.url(); // closed: nothing listens there any more
    }
    Cli.Result result = Cli.run("health", "--url", url);
    assertEquals(EngineConnection.UNREACHABLE, result.exitCode(), result.err());
    assertTrue(result.err().contains("cannot reach the engine"), result.err());
  }

  @Test
  void versionIsTheBuildsVersion() {
    Cli.Result result = Cli.run("--version");
    assertEquals(0, result.exitCode());
    assertTrue(
        result
            .out()
            .startsWith("runlog " + System.getProperty("runlog.version") + System.lineSeparator()),
        result.out());
    assertEquals(System.getProperty("runlog.version"), Version.current());
  }
}
