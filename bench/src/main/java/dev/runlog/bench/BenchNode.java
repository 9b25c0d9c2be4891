package dev.runlog.bench;

import dev.runlog.engine.EngineConfig;
import dev.runlog.engine.RunlogEngine;
import dev.runlog.sdk.Worker;
import dev.runlog.sdk.WorkerConfig;
import dev.runlog.testkit.EmbeddedKafka;
import java.io.IOException;
import java.io.OutputStream;
import java.nio.file.Path;
import java.util.Deque;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentLinkedDeque;
import java.util.regex.Pattern;

/**
 * A process the benchmark starts ({@link ChildJvm}), with the benchmark's job and engine settings:
 *
 * <ul>
 *   <li>{@code engine bootstrap=… prefix=… stateDir=… guarantee=… commitIntervalMs=… partitions=…}:
 *       one engine instance, as {@code runlog engine} runs it;
 *   <li>{@code worker bootstrap=… prefix=… workerId=… maxConcurrentRuns=…}: a worker running {@link
 *       BenchJob}, which {@code runlog worker} cannot load (it is no jar's job);
 *   <li>{@code all --data-dir <dir>}: an embedded broker, an engine and a worker of {@link
 *       BenchJob} in one process, for the idle workload where {@code runlog dev} is not on the
 *       class path (the bench module's own tests).
 * </ul>
 *
 * Prints {@code REST API: <url>/api} (engine, all) or {@code worker ready} once started, and stops
 * when its standard input ends: the benchmark closed it, or died, so no process outlives it.
 */
final class BenchNode {
  /**
   * What {@code runlog dev}, an engine and {@code all} print once they serve: group 1 is the URL.
   */
  static final Pattern API = Pattern.compile("REST API:\\s+(\\S+)/api");

  static final Pattern WORKER_READY = Pattern.compile("^worker ready$");

  private BenchNode() {}

  public static void main(String[] args) throws IOException {
    Map<String, String> settings = settings(args);
    // closed in reverse order of start, by the shutdown hook's thread
    Deque<AutoCloseable> parts = new ConcurrentLinkedDeque<>();
    Runtime.getRuntime().addShutdownHook(new Thread(() -> closeAll(parts), "bench-node-shutdown"));
    switch (args.length == 0 ? "" : args[0]) {
      case "engine" -> {
        RunlogEngine engine =
            RunlogEngine.start(
                BenchEngine.config(
                    settings.get("bootstrap"),
                    settings.get("prefix"),
                    Path.of(settings.get("stateDir")),
                    settings.get("guarantee"),
                    Long.parseLong(settings.get("commitIntervalMs")),
                    Integer.parseInt(settings.get("partitions"))));
        parts.push(engine);
        System.out.println("engine REST API: " + engine.url() + "/api");
      }
      case "worker" -> {
        parts.push(
            worker(
                settings.get("bootstrap"),
                settings.get("prefix"),
                settings.get("workerId"),
                Integer.parseInt(settings.get("maxConcurrentRuns"))));
        System.out.println("worker ready");
      }
      case "all" -> {
        Path dir = Path.of(settings.get("--data-dir"));
        EmbeddedKafka kafka = EmbeddedKafka.start(dir.resolve("kafka"), 0);
        parts.push(kafka);
        EngineConfig config =
            BenchEngine.config(
                kafka.bootstrapServers(),
                "runlog",
                dir.resolve("engine"),
                "exactly_once_v2",
                100,
                3);
        RunlogEngine engine = RunlogEngine.start(config);
        parts.push(engine);
        parts.push(worker(kafka.bootstrapServers(), "runlog", "bench-node", 16));
        System.out.println("REST API: " + engine.url() + "/api");
      }
      default ->
          throw new IllegalArgumentException(
              "usage: BenchNode engine|worker|all key=value ...: " + List.of(args));
    }
    System.out.flush();
    System.in.transferTo(OutputStream.nullOutputStream()); // until the benchmark's end closes
    System.exit(0); // runs the shutdown hook
  }

  private static Worker worker(String bootstrap, String prefix, String id, int maxConcurrentRuns) {
    return Worker.start(
        WorkerConfig.of(bootstrap)
            .withTopicPrefix(prefix)
            .withWorkerId(id)
            .withMaxConcurrentRuns(maxConcurrentRuns),
        List.of(BenchJob.create(new Recorder())));
  }

  /** {@code key=value} arguments, and {@code --data-dir <dir>} as {@code runlog dev} takes it. */
  private static Map<String, String> settings(String[] args) {
    Map<String, String> settings = new HashMap<>();
    for (int i = 1; i < args.length; i++) {
      if (args[i].startsWith("--") && i + 1 < args.length) {
        settings.put(args[i], args[++i]);
      } else if (args[i].contains("=")) {
        settings.put(
            args[i].substring(0, args[i].indexOf('=')),
            args[i].substring(args[i].indexOf('=') + 1));
      }
    }
    return settings;
  }

  private static void closeAll(Deque<AutoCloseable> parts) {
    for (AutoCloseable part : parts) { // a push()ed deque iterates from the last one started
      try {
        part.close();
      } catch (Exception e) {
        System.err.println("bench node: closing " + part + " failed: " + e);
      }
    }
  }
}
