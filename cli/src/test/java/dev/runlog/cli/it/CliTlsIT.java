package dev.runlog.cli.it;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.runlog.engine.RunlogEngine;
import dev.runlog.engine.it.Api;
import dev.runlog.engine.it.OnRealBroker;
import dev.runlog.engine.rest.ApiKeys;
import dev.runlog.engine.rest.RestSettings;
import dev.runlog.engine.rest.SelfSigned;
import dev.runlog.sdk.Job;
import dev.runlog.sdk.Worker;
import java.io.IOException;
import java.net.http.HttpClient;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The runlog CLI, as a separate JVM, against an engine with API keys over HTTPS: the key from
 * RUNLOG_API_KEY, the engine's certificate trusted through the standard javax.net.ssl.trustStore
 * properties, as the README says to.
 */
class CliTlsIT extends OnRealBroker {
  private static final String READ = ApiKeys.newKey();
  private static final String ADMIN = ApiKeys.newKey();

  record Outcome(int code, String out, String err) {}

  @Test
  void theCliTalksHttpsWithAKeyFromItsEnvironment(@TempDir Path dir) throws Exception {
    RestSettings.Tls tls = SelfSigned.keystore(dir, "engine.p12");
    RestSettings rest =
        RestSettings.loopback()
            .withTls(tls)
            .withKeys(ApiKeys.parse("admin=" + ADMIN + ",read=" + READ), Optional.of(READ));
    Job<Order> job =
        Job.define(
            "tls-job",
            "tls.run",
            Order.class,
            (order, io, ctx) -> io.runTask("echo", String.class, () -> order.item()));
    try (RunlogEngine engine = cluster.engine("clitls", "clitls", 2, rest);
        Worker worker = Worker.start(cluster.worker("clitls", "w"), List.of(job))) {
      new Api(
              engine.url(),
              HttpClient.newBuilder().sslContext(SelfSigned.trusting(tls)).build(),
              READ)
          .awaitJob("tls-job");
      List<String> trust =
          List.of(
              "-Djavax.net.ssl.trustStore=" + tls.keystore(),
              "-Djavax.net.ssl.trustStorePassword=" + tls.password(),
              "-Djavax.net.ssl.trustStoreType=PKCS12");

      Outcome jobs = cli(trust, Map.of("RUNLOG_API_KEY", READ), "jobs", "--url", engine.url());
      assertEquals(0, jobs.code(), jobs.err());
      assertTrue(jobs.out().contains("tls-job"), jobs.out());

      Outcome sent =
          cli(
              trust,
              Map.of("RUNLOG_API_KEY", READ),
              "send",
              "tls.run",
              "--payload",
              "{\"item\": \"x\"}",
              "--url",
              engine.url());
      assertEquals(1, sent.code(), "a read key may not send: " + sent);
      assertTrue(sent.err().contains("403"), sent.err());
      Outcome admin =
          cli(
              trust,
              Map.of(),
              "send",
              "tls.run",
              "--payload",
              "{\"item\": \"x\"}",
              "--url",
              engine.url(),
              "--api-key",
              ADMIN);
      assertEquals(0, admin.code(), admin.err());

      Outcome noKey = cli(trust, Map.of(), "jobs", "--url", engine.url());
      assertEquals(1, noKey.code(), noKey.toString());
      assertTrue(noKey.err().contains("RUNLOG_API_KEY"), noKey.err());

      Outcome untrusted =
          cli(List.of(), Map.of("RUNLOG_API_KEY", READ), "jobs", "--url", engine.url());
      assertEquals(3, untrusted.code(), untrusted.toString());
      assertTrue(untrusted.err().contains("javax.net.ssl.trustStore"), untrusted.err());
    }
  }

  /** {@code java <jvmOptions> RunlogCli <args>} with {@code env}, run to its end. */
  private static Outcome cli(List<String> jvmOptions, Map<String, String> env, String... args)
      throws IOException, InterruptedException {
    Path target = Path.of("target").toAbsolutePath();
    String classpath =
        target.resolve("classes")
            + ":"
            + Files.readString(target.resolve("runlog.classpath")).strip();
    List<String> command =
        new ArrayList<>(
            List.of(Path.of(System.getProperty("java.home"), "bin", "java").toString()));
    command.addAll(jvmOptions);
    command.addAll(List.of("-cp", classpath, "dev.runlog.cli.RunlogCli"));
    command.addAll(List.of(args));
    ProcessBuilder builder = new ProcessBuilder(command);
    builder.environment().remove("RUNLOG_API_KEY");
    builder.environment().putAll(env);
    Path out = Files.createTempFile("runlog-cli", ".out");
    Path err = Files.createTempFile("runlog-cli", ".err");
    Process process = builder.redirectOutput(out.toFile()).redirectError(err.toFile()).start();
    try {
      if (!process.waitFor(60, TimeUnit.SECONDS)) {
        throw new AssertionError("runlog " + String.join(" ", args) + " did not end within 60 s");
      }
      return new Outcome(
          process.exitValue(),
          Files.readString(out, StandardCharsets.UTF_8),
          Files.readString(err, StandardCharsets.UTF_8));
    } finally {
      process.destroyForcibly();
      Files.deleteIfExists(out);
      Files.deleteIfExists(err);
    }
  }
}
