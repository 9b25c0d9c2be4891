package dev.runlog.cli.it;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.runlog.cli.RunlogCli;
import dev.runlog.engine.RunlogEngine;
import dev.runlog.engine.it.Api;
import dev.runlog.engine.it.OnRealBroker;
import dev.runlog.sdk.Job;
import dev.runlog.sdk.Worker;
import java.io.IOException;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import picocli.CommandLine;

/**
 * The runlog CLI against a real engine: every command, the answers it prints and its exit codes.
 */
class CliIT extends OnRealBroker {

  /** One CLI invocation: exit code, what it printed, what it complained about. */
  record Outcome(int code, String out, String err) {}

  /** The one JSON document a command printed, once it succeeded. */
  private static JsonNode json(Outcome outcome) throws IOException {
    assertEquals(0, outcome.code(), outcome.err());
    assertEquals("", outcome.err());
    return STRICT.readTree(outcome.out());
  }

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

  private static final ObjectMapper STRICT =
      new ObjectMapper().enable(DeserializationFeature.FAIL_ON_TRAILING_TOKENS);

  @Test
  void everyCommandWorksAgainstARealEngine() throws Exception {
    CountDownLatch gate = new CountDownLatch(1);
    Job<Order> job =
        Job.define(
            "cli-job",
            "cli.run",
            Order.class,
            (order, io, ctx) -> {
              io.logger().info("hello from " + order.item());
              String shout = io.runTask("shout", String.class, () -> order.item().toUpperCase());
              if (order.item().equals("boom")) {
                throw new IllegalStateException("no " + order.item());
              }
              if (order.item().equals("gated")) {
                io.runTask(
                    "gate",
                    String.class,
                    () -> {
                      gate.await();
                      return "open";
                    });
              }
              return shout;
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
      assertEquals(2, cli(url, "run").code(), "a missing argument is bad usage");
      // without a job: runs across jobs (GET /api/runs), with the job in a column of its own
      Outcome across = cli(url, "runs", "--limit", "100");
      assertEquals(0, across.code(), across.err());
      assertTrue(across.out().startsWith("RUN"), across.out());
      assertTrue(across.out().contains(runId), across.out());

      // -o json: the engine's answer, one document and nothing else
      JsonNode runJson = json(cli(url, "run", runId, "-o", "json"));
      assertEquals(runId, runJson.path("id").asText());
      assertEquals("LAMP", runJson.path("output").asText());
      JsonNode runsJson = json(cli(url, "runs", "cli-job", "--status", "SUCCESS", "-o", "json"));
      assertTrue(runsJson.path("runs").toString().contains(runId), runsJson.toString());
      assertEquals(
          "hello from lamp",
          json(cli(url, "logs", runId, "-o", "json")).path("logs").get(0).path("message").asText());
      assertEquals(
          "cli-job", json(cli(url, "jobs", "-o", "json")).path("jobs").get(0).path("id").asText());

      // send --wait: the run's status and output, exit code 0 only for a SUCCESS
      Outcome waited =
          cli(
              url,
              "send",
              "cli.run",
              "--payload",
              "{\"item\": \"desk\"}",
              "--wait",
              "--timeout",
              "60s");
      assertEquals(0, waited.code(), waited.err());
      assertTrue(
          waited.out().contains("SUCCESS") && waited.out().contains("\"DESK\""), waited.out());
      Outcome failed =
          cli(
              url,
              "send",
              "cli.run",
              "--payload",
              "{\"item\": \"boom\"}",
              "--wait",
              "--timeout",
              "60s");
      assertEquals(5, failed.code(), failed.out() + failed.err());
      assertTrue(
          failed.err().contains("FAILURE") && failed.err().contains("no boom"), failed.err());
      Outcome timedOut =
          cli(
              url,
              "send",
              "cli.run",
              "--payload",
              "{\"item\": \"gated\"}",
              "--id",
              "cli-gated",
              "--wait",
              "--timeout",
              "1s");
      assertEquals(6, timedOut.code(), timedOut.out() + timedOut.err());
      assertTrue(timedOut.err().contains("--timeout"), timedOut.err());

      // run --follow: a line per change until the run ends
      String gatedRun = api.awaitRunOfEvent("cli-gated", "EXECUTING").path("id").asText();
      StringWriter followed = new StringWriter();
      CompletableFuture<Integer> follow =
          CompletableFuture.supplyAsync(
              () ->
                  new CommandLine(new RunlogCli())
                      .setOut(new PrintWriter(followed, true))
                      .setErr(new PrintWriter(new StringWriter(), true))
                      .execute("run", gatedRun, "--follow", "--url", url));
      api.await( // the first view is printed: the stream is open before the run goes on
          "/api/runs/" + gatedRun, a -> followed.toString().contains("EXECUTING"));
      gate.countDown();
      assertEquals(0, follow.get(Api.DEADLINE.toSeconds(), TimeUnit.SECONDS), followed.toString());
      assertTrue(followed.toString().contains("task  gate  COMPLETED"), followed.toString());
      assertTrue(followed.toString().contains("status  SUCCESS"), followed.toString());
      Outcome finished = cli(url, "run", runId, "--follow", "-o", "json");
      assertEquals(0, finished.code(), finished.err());
      assertEquals("SUCCESS", STRICT.readTree(finished.out()).path("status").asText());
    } finally {
      gate.countDown();
    }
    Outcome unreachable = cli("http://localhost:1", "jobs");
    assertEquals(3, unreachable.code());
    assertTrue(unreachable.err().contains("localhost:1"), unreachable.err());
  }
}
