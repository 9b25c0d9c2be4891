package dev.runlog.compat;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.runlog.sdk.Job;
import dev.runlog.sdk.Worker;
import dev.runlog.sdk.WorkerConfig;
import java.io.BufferedReader;
import java.io.InputStreamReader;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.ServiceLoader;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.locks.LockSupport;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.apache.kafka.common.utils.AppInfoParser;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.slf4j.spi.SLF4JServiceProvider;

/**
 * The SDK in a user's build that pins kafka-clients one minor version older than runlog's and has
 * no logging binding: it compiles (this module), and a job of it runs against {@code runlog dev}.
 */
class OlderKafkaClientsIT {
  private static final Duration DEADLINE = Duration.ofSeconds(120);
  private static final Pattern KAFKA = Pattern.compile("Kafka:\\s+(\\S+)");
  private static final Pattern API = Pattern.compile("REST API:\\s+(http://\\S+)/api");

  record Order(String item) {}

  @Test
  void aJobBuiltAgainstAnOlderKafkaClientRuns(@TempDir Path data) throws Exception {
    assertEquals(
        System.getProperty("older.kafka.version"),
        AppInfoParser.getVersion(),
        "the kafka-clients this build runs");
    assertTrue(
        ServiceLoader.load(SLF4JServiceProvider.class).findFirst().isEmpty(),
        "the SDK brings no logging binding");

    Process dev = startRunlogDev(data);
    try (BufferedReader out =
        new BufferedReader(new InputStreamReader(dev.getInputStream(), StandardCharsets.UTF_8))) {
      String api = null;
      String kafka = null;
      String line;
      while ((line = out.readLine()) != null && !line.contains("Ctrl-C stops everything")) {
        Matcher k = KAFKA.matcher(line);
        Matcher a = API.matcher(line);
        kafka = k.find() ? k.group(1) : kafka;
        api = a.find() ? a.group(1) : api;
      }
      assertTrue(
          api != null && kafka != null,
          "runlog dev did not start: " + Files.readString(data.resolve("dev.err")));

      Job<Order> job =
          Job.define(
              "compat-job",
              "compat.order",
              Order.class,
              (order, io, ctx) -> io.runTask("pack", String.class, () -> "packed " + order.item()));
      try (Worker worker =
          Worker.start(
              WorkerConfig.of(kafka).withTopicPrefix("compat").withWorkerId("compat-worker"),
              List.of(job))) {
        HttpClient http = HttpClient.newHttpClient();
        ObjectMapper json = new ObjectMapper();
        JsonNode run = null;
        Instant deadline = Instant.now().plus(DEADLINE);
        boolean sent = false;
        while (Instant.now().isBefore(deadline)
            && (run == null || !"SUCCESS".equals(run.path("status").asText()))) {
          if (!sent) { // until the worker has registered its job, the event would match nothing
            sent =
                call(http, api + "/api/jobs", null).contains("compat-job")
                    && call(
                            http,
                            api + "/api/events",
                            "{\"name\":\"compat.order\",\"id\":\"compat-1\",\"payload\":{\"item\":\"tea\"}}")
                        .contains("compat-1");
          } else {
            run =
                json.readTree(call(http, api + "/api/events/compat-1/runs", null))
                    .path("runs")
                    .path(0);
          }
          LockSupport.parkNanos(
              TimeUnit.MILLISECONDS.toNanos(100)); // paces a poll loop that has a deadline
        }
        assertEquals(
            "SUCCESS", run == null ? "no run" : run.path("status").asText(), String.valueOf(run));
        assertEquals("packed tea", run.path("output").asText());
      }
    } finally {
      dev.destroy();
      if (!dev.waitFor(60, TimeUnit.SECONDS)) {
        dev.destroyForcibly().waitFor(30, TimeUnit.SECONDS);
      }
    }
  }

  /** GET (no body) or POST, answering the body; "" when the engine cannot answer yet. */
  private static String call(HttpClient http, String url, String body) throws InterruptedException {
    HttpRequest.Builder request =
        HttpRequest.newBuilder(URI.create(url)).timeout(Duration.ofSeconds(10));
    if (body != null) {
      request
          .header("Content-Type", "application/json")
          .POST(HttpRequest.BodyPublishers.ofString(body));
    }
    try {
      return http.send(request.build(), HttpResponse.BodyHandlers.ofString()).body();
    } catch (java.io.IOException e) {
      return "";
    }
  }

  /**
   * {@code runlog dev} from the cli module's build, in a JVM of its own (its Kafka 4.3 is not on
   * this class path).
   */
  private static Process startRunlogDev(Path data) throws Exception {
    Path cli = Path.of("..", "cli", "target").toAbsolutePath().normalize();
    String classpath =
        cli.resolve("classes") + ":" + Files.readString(cli.resolve("runlog.classpath")).strip();
    return new ProcessBuilder(
            Path.of(System.getProperty("java.home"), "bin", "java").toString(),
            "-cp",
            classpath,
            "dev.runlog.cli.RunlogCli",
            "dev",
            "--kafka-port",
            "0",
            "--http-port",
            "0",
            "--data-dir",
            data.resolve("dev").toString(),
            "--topic-prefix",
            "compat")
        .redirectError(data.resolve("dev.err").toFile())
        .start();
  }
}
