package dev.runlog.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.net.InetAddress;
import java.net.ServerSocket;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import picocli.CommandLine;

/** Exit codes: 1 when the engine refuses, 2 for bad usage, 3 when there is no engine to answer. */
class ClientFailuresTest {
  private FakeEngine engine;

  @BeforeEach
  void startEngine() throws IOException {
    engine = new FakeEngine();
  }

  @AfterEach
  void stopEngine() {
    engine.close();
  }

  private static void assertFailed(Cli.Result result, int exitCode, String errContains) {
    assertEquals(
        exitCode, result.exitCode(), () -> "out: " + result.out() + "\nerr: " + result.err());
    assertTrue(
        result.err().contains(errContains),
        () -> "stderr lacks '" + errContains + "': " + result.err());
  }

  @Test
  void anUnknownRunIsExit1WithTheEnginesMessage() {
    engine.answer("GET", "/api/runs/run_x", 404, "{\"error\": \"no run with id run_x\"}");
    Cli.Result result = Cli.run("run", "run_x", "--url", engine.url());
    assertFailed(
        result,
        1,
        "runlog run: no run with id run_x (404 from GET " + engine.url() + "/api/runs/run_x)");
    assertEquals("", result.out());
  }

  @Test
  void cancelingAFinishedRunIsExit1() {
    engine.answer(
        "POST",
        "/api/runs/run_1/cancel",
        409,
        "{\"error\": \"run run_1 is already SUCCESS: there is nothing to cancel\"}");
    assertFailed(
        Cli.run("cancel", "run_1", "--url", engine.url()), 1, "run run_1 is already SUCCESS");
  }

  @Test
  void aBadEventIsExit1() {
    engine.answer("POST", "/api/events", 400, "{\"error\": \"bad event: no name\"}");
    assertFailed(Cli.run("send", "x", "--url", engine.url()), 1, "bad event: no name");
  }

  @Test
  void anEngineWithoutTheEndpointIsExit1() {
    assertFailed(
        Cli.run("logs", "run_1", "--url", engine.url()),
        1,
        "no such endpoint: GET /api/runs/run_1/logs");
  }

  @Test
  void aClosedPortIsExit3NamingTheUrl() throws IOException {
    int closedPort;
    try (ServerSocket socket = new ServerSocket(0, 1, InetAddress.getLoopbackAddress())) {
      closedPort = socket.getLocalPort();
    }
    String url = "http://127.0.0.1:" + closedPort;
    assertFailed(
        Cli.run("jobs", "--url", url),
        3,
        "cannot reach the engine at " + url + ": connection refused");
  }

  @Test
  void aStartingEngineIsExit3() {
    engine.answer("GET", "/api/jobs", 503, "{\"error\": \"the engine is starting\"}");
    assertFailed(
        Cli.run("jobs", "--url", engine.url() + "/"),
        3,
        "the engine at " + engine.url() + " cannot answer now (503): the engine is starting");
  }

  @Test
  void somethingElseThanAnEngineIsExit3() {
    engine.answer("GET", "/api/jobs", 200, "<html>hello</html>");
    assertFailed(Cli.run("jobs", "--url", engine.url()), 3, "is --url a runlog engine?");
  }

  @Test
  void badUsageIsExit2AndSendsNothing() {
    assertFailed(Cli.run("run", "--url", engine.url()), 2, "Missing required parameter: '<id>'");
    assertFailed(Cli.run("runs", "hello", "--limit", "ten", "--url", engine.url()), 2, "'--limit'");
    assertFailed(
        Cli.run("send", "x", "--payload", "{name: Ada", "--url", engine.url()),
        2,
        "Invalid value for option '--payload': not JSON");
    assertFailed(
        Cli.run("send", "x", "--context", "[1]", "--url", engine.url()),
        2,
        "a JSON object is needed");
    assertFailed(
        Cli.run("send", "x", "--deliver-after", "30s", "--url", engine.url()),
        2,
        "'--deliver-after'");
    assertFailed(Cli.run("jobs", "--url", "localhost:8080"), 2, "is not an http(s) URL");
    assertFailed(Cli.run("nonsense"), 2, "Unmatched argument");
    assertEquals(0, engine.requests().size());
  }

  @Test
  void everySubcommandHasHelp() {
    for (String name : new CommandLine(new RunlogCli()).getSubcommands().keySet()) {
      Cli.Result result = Cli.run(name, "--help");
      assertEquals(0, result.exitCode(), name);
      assertTrue(
          result.out().startsWith("Usage: runlog " + name), () -> name + ": " + result.out());
    }
    assertTrue(Cli.run("cancel", "--help").out().contains("--url=<url>"));
  }

  @Test
  void theTopHelpListsTheExitCodes() {
    Cli.Result result = Cli.run("--help");
    assertEquals(0, result.exitCode());
    for (String code :
        new String[] {
          "0   ok", "1   the engine refused", "2   bad usage", "3   cannot reach the engine"
        }) {
      assertTrue(result.out().contains(code), () -> "lacks '" + code + "': " + result.out());
    }
  }
}
