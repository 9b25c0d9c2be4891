package dev.runlog.cli.it;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.runlog.cli.RunlogCli;
import dev.runlog.engine.RunlogEngine;
import dev.runlog.engine.it.Api;
import dev.runlog.engine.it.OnRealBroker;
import dev.runlog.sdk.Job;
import dev.runlog.sdk.Worker;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.util.List;
import org.junit.jupiter.api.Test;
import picocli.CommandLine;

/**
 * The runlog CLI against a real engine: every command, the answers it prints and its exit codes.
 */
class CliIT extends OnRealBroker {

  /** One CLI invocation: exit code, what it printed, what it complained about. */
  record Outcome(int code, String out, String err) {}

  private static Outcome cli(String url, String... args) {
    StringWriter out = new StringWriter();
    StringWriter err = new StringWriter();
    CommandLine cli =
        new CommandLine(new RunlogCli())
            .setOut(new PrintWriter(out, true))
            .setErr(new PrintWriter(err, true));
    String[] all = new String[args.length + 2];
    System.arraycopy(args, 0, all, 0, args.length);
    all[args.length] = "--url";
    all[args.length + 1] = url;
    return new Outcome(cli.execute(all), out.toString(), err.toString());
  }

  @Test
  void everyCommandWorksAgainstARealEngine() {
    Job<Order> job =
        Job.define(
            "cli-job",
            "cli.run",
            Order.class,
            (order, io, ctx) -> {
              io.logger().info("hello from " + order.item());
              return io.runTask("shout", String.class, () -> order.item().toUpperCase());
            });
    try (RunlogEngine engine = cluster.engine("cli");
        Worker worker = Worker.start(cluster.worker("cli", "w"), List.of(job))) {
      Api api = new Api(engine.url());
      api.awaitJob("cli-job");
      String url = engine.url();

      Outcome sent =
          cli(url, "send", "cli.run", "--payload", "{\"item\": \"lamp\"}", "--id", "cli-evt-1");
      assertEquals(0, sent.code(), sent.err());
      assertEquals("cli-evt-1", sent.out().strip());
      String runId = api.awaitRunOfEvent("cli-evt-1", "SUCCESS").path("id").asText();

      Outcome jobs = cli(url, "jobs");
      assertEquals(0, jobs.code(), jobs.err());
      assertTrue(jobs.out().contains("cli-job") && jobs.out().contains("SUCCESS=1"), jobs.out());

      Outcome runs = cli(url, "runs", "cli-job", "--status", "SUCCESS");
      assertEquals(0, runs.code(), runs.err());
      assertTrue(runs.out().contains(runId), runs.out());

      Outcome run = cli(url, "run", runId);
      assertEquals(0, run.code(), run.err());
      assertTrue(run.out().contains("shout") && run.out().contains("LAMP"), run.out());

      Outcome logs = cli(url, "logs", runId);
      assertEquals(0, logs.code(), logs.err());
      assertTrue(logs.out().contains("INFO") && logs.out().contains("hello from lamp"), logs.out());

      Outcome cancel = cli(url, "cancel", runId);
      assertEquals(1, cancel.code(), "canceling a finished run is refused");
      assertTrue(cancel.err().contains("SUCCESS"), cancel.err());

      Outcome continued = cli(url, "continue", runId);
      assertEquals(1, continued.code(), "continuing a successful run is refused");
      assertTrue(continued.err().contains("SUCCESS"), continued.err());

      Outcome replay = cli(url, "replay", runId);
      assertEquals(0, replay.code(), replay.err());
      String newRunId = replay.out().strip();
      api.await("/api/runs/" + newRunId, a -> "SUCCESS".equals(a.body().path("status").asText()));

      Outcome unknown = cli(url, "run", "run_nope");
      assertEquals(1, unknown.code());
      assertTrue(unknown.err().contains("run_nope"), unknown.err());
      assertEquals(2, cli(url, "runs").code(), "a missing argument is bad usage");
    }
    Outcome unreachable = cli("http://localhost:1", "jobs");
    assertEquals(3, unreachable.code());
    assertTrue(unreachable.err().contains("localhost:1"), unreachable.err());
  }
}
