package dev.runlog.bench;

import dev.runlog.testkit.Dirs;
import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The idle workload: what a development process ({@code runlog dev}: broker, engine, REST API and
 * worker in one JVM) costs while nothing happens. It runs in a JVM of its own, so that its CPU time
 * and resident memory are the operating system's figures for exactly that process: the broker's and
 * Kafka Streams' idle loops, the worker's polls and every punctuator count, and nothing of the
 * benchmark does.
 */
final class IdleCost {
  private static final Logger LOG = LoggerFactory.getLogger(IdleCost.class);
  private static final Duration START_DEADLINE = Duration.ofMinutes(3);

  private IdleCost() {}

  /**
   * Starts the process, leaves it alone for the warm-up, then measures its CPU time over the
   * window: {@code cpuCoreFraction} is CPU seconds per wall second (1.0 is one core busy); {@code
   * rssMiB} is its resident memory at the end, {@code peakRssMiB} the most it ever had.
   */
  static Map<String, Object> measure(IdleSettings idle) throws Exception {
    Path dir = Files.createTempDirectory("runlog-bench-idle");
    List<String> args = new ArrayList<>(idle.args());
    args.addAll(List.of("--data-dir", dir.toString()));
    try (ChildJvm process =
        ChildJvm.start(
            "the idle process",
            idle.jvmOptions(),
            idle.environment(),
            idle.mainClass(),
            args,
            BenchNode.API)) {
      String url = process.awaitReady(START_DEADLINE).group(1);
      awaitReady(url);
      LOG.info(
          "idle: {} ready at {}; measured after {} s alone, for {} s",
          idle.mainClass(),
          url,
          idle.warmSeconds(),
          idle.seconds());
      // the workload is this wait: nothing is sent, the process is watched
      TimeUnit.SECONDS.sleep(idle.warmSeconds());
      long cpuBefore = process.cpuNanos();
      long start = System.nanoTime();
      TimeUnit.SECONDS.sleep(idle.seconds());
      long cpu = process.cpuNanos() - cpuBefore;
      long wall = System.nanoTime() - start;
      Map<String, Object> figures = new LinkedHashMap<>();
      figures.put("cpuCoreFraction", (double) cpu / wall);
      figures.put("rssMiB", process.statusMiB("VmRSS"));
      figures.put("peakRssMiB", process.statusMiB("VmHWM"));
      figures.put("warmSeconds", idle.warmSeconds());
      figures.put("windowSeconds", wall / 1e9);
      List<String> command = new ArrayList<>(idle.jvmOptions());
      command.add(idle.mainClass());
      command.addAll(idle.args());
      figures.put("process", String.join(" ", command));
      return figures;
    } finally {
      Dirs.deleteRecursively(dir);
    }
  }

  /** Polls {@code /health/ready} until it answers 200: the engine has its stores and jobs. */
  private static void awaitReady(String url) throws IOException, InterruptedException {
    HttpClient http = HttpClient.newHttpClient();
    HttpRequest ready = HttpRequest.newBuilder(URI.create(url + "/health/ready")).GET().build();
    Instant deadline = Instant.now().plus(START_DEADLINE);
    while (http.send(ready, HttpResponse.BodyHandlers.discarding()).statusCode() != 200) {
      if (Instant.now().isAfter(deadline)) {
        throw new IllegalStateException(url + "/health/ready did not answer 200 in time");
      }
      TimeUnit.MILLISECONDS.sleep(100);
    }
  }
}
