package dev.runlog.cli.it;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import dev.runlog.cli.RunlogCli;
import dev.runlog.cli.UserJobJar;
import dev.runlog.engine.RunlogEngine;
import dev.runlog.engine.it.Api;
import dev.runlog.engine.it.OnRealBroker;
import dev.runlog.sdk.Job;
import dev.runlog.sdk.Worker;
import dev.runlog.sdk.WorkerConfig;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.OptionalInt;
import java.util.Properties;
import java.util.regex.Pattern;
import org.apache.kafka.clients.admin.Admin;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import picocli.CommandLine;

/**
 * {@code runlog worker --jobs app.jar} as a team deploys it: a jar of jobs compiled against the SDK
 * alone, the worker configured by environment variables only (as in a container), a run of its job.
 */
class WorkerCommandIT extends OnRealBroker {

  @Test
  void runsTheJobsOfAUsersJarConfiguredByEnvironment(@TempDir Path dir) throws Exception {
    Path jar = UserJobJar.build(dir, true);
    try (RunlogEngine engine = cluster.engine("wcmd");
        ChildJvm worker =
            ChildJvm.java(
                Map.of(
                    "RUNLOG_BOOTSTRAP_SERVERS", cluster.bootstrapServers(),
                    "RUNLOG_TOPIC_PREFIX", "wcmd",
                    "RUNLOG_WORKER_ID", "env-worker",
                    "RUNLOG_MAX_CONCURENT_RUNS", "4"), // a typo: warned about, not fatal
                RunlogCli.class.getName(),
                "worker",
                "--jobs",
                jar.toString())) {
      worker.awaitLine(
          Pattern.compile(
              "runlog worker env-worker is running on queue .*"
                  + UserJobJar.JOB_ID
                  + " <- "
                  + UserJobJar.EVENT));
      assertFalse(
          worker
              .stderrLines("unknown setting 'max.concurent.runs' (from $RUNLOG_MAX_CONCURENT_RUNS)")
              .isEmpty(),
          "a mistyped variable is warned about");

      Api api = new Api(engine.url());
      api.await("/api/jobs/" + UserJobJar.JOB_ID + "/runs", a -> a.status() == 200); // registered
      assertEquals(202, api.post("/api/events", UserJobJar.event("wcmd-1", "Grace")).status());
      JsonNode run = api.awaitRunOfEvent("wcmd-1", "SUCCESS");
      assertEquals("Hi, Grace!", run.path("output").path("greeting").asText());
      assertTrue(worker.terminate(Duration.ofSeconds(60)), "the worker stops on SIGTERM");
    }
  }

  @Test
  void aWorkerWhoseInstanceIdAnotherTookExitsSoThatItCanBeStartedAgain() throws Exception {
    String prefix = "wtwin";
    try (RunlogEngine engine = cluster.engine(prefix);
        ChildJvm child =
            ChildJvm.java(
                Map.of(
                    "RUNLOG_BOOTSTRAP_SERVERS",
                    cluster.bootstrapServers(),
                    "RUNLOG_TOPIC_PREFIX",
                    prefix,
                    "RUNLOG_WORKER_ID",
                    "twin-child",
                    "RUNLOG_KAFKA_GROUP_INSTANCE_ID",
                    "twin"),
                RunlogCli.class.getName(),
                "worker",
                "--examples")) {
      child.awaitLine(Pattern.compile("runlog worker twin-child is running"));
      awaitMember(prefix + ".workers.default", "twin");
      Job<String> job = Job.define("twin", "twin.tick", String.class, (s, io, ctx) -> s);
      WorkerConfig config = cluster.worker(prefix, "twin-here");
      Map<String, Object> kafka = new HashMap<>(config.kafka());
      kafka.put("group.instance.id", "twin"); // a second worker deployed with the same id
      try (Worker here = Worker.start(config.withKafka(kafka), List.of(job))) {
        assertEquals(
            OptionalInt.of(7), child.awaitExit(Api.DEADLINE), "the fenced worker exits with 7");
        assertFalse(child.stderrLines("runlog worker: stopped taking runs").isEmpty());
      }
    }
  }

  /** Waits until group {@code group} has a member with {@code instanceId}. */
  private void awaitMember(String group, String instanceId) throws Exception {
    Properties p = new Properties();
    p.put("bootstrap.servers", cluster.bootstrapServers());
    try (Admin admin = Admin.create(p)) {
      Instant deadline = Instant.now().plus(Api.DEADLINE);
      while (admin.describeConsumerGroups(List.of(group)).all().get().get(group).members().stream()
          .noneMatch(m -> m.groupInstanceId().equals(Optional.of(instanceId)))) {
        assertTrue(Instant.now().isBefore(deadline), instanceId + " never joined " + group);
        Api.pause();
      }
    }
  }

  @Test
  void aJarWithoutProviderIsAClearUsageError(@TempDir Path dir) throws Exception {
    Path jar = UserJobJar.build(dir, false);
    StringWriter out = new StringWriter();
    StringWriter err = new StringWriter();
    int code =
        new CommandLine(new RunlogCli())
            .setOut(new PrintWriter(out, true))
            .setErr(new PrintWriter(err, true))
            .execute(
                "worker",
                "--jobs",
                jar.toString(),
                "--bootstrap-servers",
                cluster.bootstrapServers());
    assertEquals(CommandLine.ExitCode.USAGE, code);
    assertTrue(
        err.toString().contains("no jobs in " + jar)
            && err.toString().contains("META-INF/services/dev.runlog.sdk.JobProvider"),
        err.toString());
  }
}
