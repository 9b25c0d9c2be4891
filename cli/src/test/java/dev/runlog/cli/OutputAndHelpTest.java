package dev.runlog.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.util.List;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * {@code -o json} on every command that prints what the engine answered: that answer, one document,
 * nothing else; and the help and empty outputs that used to mislead.
 */
class OutputAndHelpTest {
  private FakeEngine engine;

  @BeforeEach
  void startEngine() throws IOException {
    engine = new FakeEngine();
  }

  @AfterEach
  void stopEngine() {
    engine.close();
  }

  /** A command, the request it sends, and the engine's answer. */
  private record Case(List<String> args, String method, String path, String answer) {}

  @Test
  void everyReadCommandPrintsTheEnginesAnswer() {
    List<Case> cases =
        List.of(
            new Case(
                List.of("runs", "hello"),
                "GET",
                "/api/jobs/hello/runs",
                "{\"jobId\": \"hello\", \"runs\": [{\"id\": \"run_1\", \"status\": \"SUCCESS\"}],"
                    + " \"nextCursor\": \"c2\"}"),
            new Case(
                List.of("run", "run_1"),
                "GET",
                "/api/runs/run_1",
                "{\"id\": \"run_1\", \"status\": \"SUCCESS\", \"tasks\": [], \"output\": 3}"),
            new Case(
                List.of("logs", "run_1"),
                "GET",
                "/api/runs/run_1/logs",
                "{\"runId\": \"run_1\", \"logs\": []}"),
            new Case(List.of("jobs"), "GET", "/api/jobs", "{\"jobs\": []}"),
            new Case(List.of("health"), "GET", "/health/ready", "{\"status\": \"ready\"}"),
            new Case(List.of("sources"), "GET", "/api/sources", "{\"sources\": []}"),
            new Case(List.of("sources", "list"), "GET", "/api/sources", "{\"sources\": []}"),
            new Case(List.of("schedules"), "GET", "/api/schedules", "{\"schedules\": []}"),
            new Case(
                List.of("connections"),
                "GET",
                "/api/connections",
                "{\"connections\": [], \"missing\": [], \"integrations\": []}"),
            new Case(List.of("send", "demo.hello"), "POST", "/api/events", "{\"id\": \"evt-1\"}"),
            new Case(
                List.of("replay", "run_1"),
                "POST",
                "/api/runs/run_1/replay",
                "{\"runId\": \"run_2\", \"replayOf\": \"run_1\"}"),
            new Case(
                List.of("cancel", "run_1"),
                "POST",
                "/api/runs/run_1/cancel",
                "{\"runId\": \"run_1\", \"status\": \"EXECUTING\", \"cancel\": \"requested\"}"),
            new Case(
                List.of("schedules", "pause", "nightly"),
                "POST",
                "/api/schedules/nightly/pause",
                "{\"id\": \"nightly\", \"paused\": true}"),
            new Case(
                List.of("sources", "delete", "orders"),
                "DELETE",
                "/api/sources/orders",
                "{\"deleted\": \"orders\"}"));
    for (Case c : cases) {
      engine.answer(c.method(), c.path(), 200, c.answer());
      for (List<String> output : List.of(List.of("-o", "json"), List.of("--output", "JSON"))) {
        List<String> args = new java.util.ArrayList<>(c.args());
        args.addAll(output);
        Cli.Result result = Cli.succeeds(engine, args.toArray(String[]::new));
        assertEquals(Json.parse(c.answer()), Json.one(result), c.args().toString());
      }
    }
  }

  @Test
  void anUnknownFormatIsBadUsage() {
    Cli.Result result = Cli.run("jobs", "-o", "yaml", "--url", engine.url());
    assertEquals(2, result.exitCode());
    assertTrue(result.err().contains("table or json, not 'yaml'"), result.err());
    assertTrue(engine.requests().isEmpty());
  }

  @Test
  void runsHelpListsTheRealStatusesAndRefusesOthers() {
    String help = Cli.run("runs", "--help").out();
    assertTrue(help.contains("EXECUTING") && help.contains("TIMED_OUT"), help);
    assertFalse(help.contains("RUNNING"), help);
    Cli.Result running = Cli.run("runs", "hello", "--status", "RUNNING", "--url", engine.url());
    assertEquals(2, running.exitCode());
    assertTrue(engine.requests().isEmpty(), "a status that does not exist is sent nowhere");
  }

  /**
   * The command list shows each command's first paragraph: it must be a whole sentence, not a line
   * cut where the source code wrapped it.
   */
  @Test
  void everyCommandsSummaryIsAWholeSentence() {
    List<String> cut = new java.util.ArrayList<>();
    walk(new picocli.CommandLine(new RunlogCli()), cut);
    assertEquals(List.of(), cut);
  }

  private static void walk(picocli.CommandLine command, List<String> cut) {
    String[] description = command.getCommandSpec().usageMessage().description();
    if (description.length > 0 && !description[0].strip().endsWith(".")) {
      cut.add(command.getCommandSpec().qualifiedName() + ": " + description[0]);
    }
    command.getSubcommands().values().forEach(sub -> walk(sub, cut));
  }

  @Test
  void logsOfARunThatLoggedNothingSaySoOnStderr() {
    engine.answer("GET", "/api/runs/run_1/logs", 200, "{\"runId\": \"run_1\", \"logs\": []}");
    Cli.Result result = Cli.run("logs", "run_1", "--url", engine.url());
    assertEquals(0, result.exitCode());
    assertEquals("", result.out());
    assertEquals("runlog logs: no log lines for run run_1\n", result.err());
  }

  @Test
  void emptyListsSaySoOnStderr() {
    engine.answer("GET", "/api/jobs", 200, "{\"jobs\": []}");
    engine.answer("GET", "/api/sources", 200, "{\"sources\": []}");
    engine.answer("GET", "/api/schedules", 200, "{\"schedules\": []}");
    engine.answer("GET", "/api/connections", 200, "{\"connections\": [], \"missing\": []}");
    for (List<String> args :
        List.of(
            List.of("jobs"),
            List.of("sources"),
            List.of("sources", "list"),
            List.of("schedules", "list"),
            List.of("connections"))) {
      List<String> all = new java.util.ArrayList<>(args);
      all.addAll(List.of("--url", engine.url()));
      Cli.Result result = Cli.run(all.toArray(String[]::new));
      assertEquals(0, result.exitCode(), args.toString());
      assertTrue(
          result.err().startsWith("runlog " + String.join(" ", args) + ": no "),
          args + ": " + result.err());
    }
  }
}
