package dev.runlog.sdk;

import java.util.List;
import java.util.Objects;
import org.slf4j.LoggerFactory;
import org.slf4j.helpers.NOPLoggerFactory;

/**
 * Where a service starts: a worker for its jobs, and a client to send events. Both read their
 * settings from {@code RUNLOG_*} environment variables and {@code -Drunlog.*} system properties
 * ({@code RUNLOG_BOOTSTRAP_SERVERS} or {@code -Drunlog.bootstrap.servers}, default {@code
 * localhost:9092}; every key of {@link WorkerConfig#KEYS}).
 *
 * <pre>{@code
 * Worker worker = Runlog.worker(stars, invoices).start(); // closed by a shutdown hook
 * worker.send("new.star", new Star("ada", "runlog"));
 * }</pre>
 */
public final class Runlog {
  private final List<Job<?>> jobs;
  private final WorkerConfig config;

  private Runlog(List<Job<?>> jobs, WorkerConfig config) {
    this.jobs = jobs;
    this.config = config;
  }

  /** A worker for {@code jobs}, configured from the environment; {@link #start()} starts it. */
  public static Runlog worker(Job<?>... jobs) {
    return new Runlog(List.of(jobs), WorkerConfig.from(settings()));
  }

  /** This worker with {@code config} instead of the environment's settings. */
  public Runlog config(WorkerConfig config) {
    return new Runlog(jobs, Objects.requireNonNull(config, "config"));
  }

  /**
   * Registers the jobs and starts executing their runs, until the worker is closed or the JVM exits
   * (a shutdown hook closes it, letting the runs in progress stop at a task boundary).
   */
  public Worker start() {
    Worker worker = Worker.start(config, jobs);
    Runtime.getRuntime().addShutdownHook(new Thread(worker::close, "runlog-shutdown"));
    return worker;
  }

  /**
   * {@code Runlog.worker(jobs).start()}: starts a worker for {@code jobs}, configured from the
   * environment.
   *
   * <pre>{@code
   * Runlog.start(stars).send("new.star", new Star("ada", "runlog"));
   * }</pre>
   */
  public static Worker start(Job<?>... jobs) {
    return worker(jobs).start();
  }

  /** A client configured from the environment, to send events and cancel runs. */
  public static RunlogClient client() {
    WorkerConfig c = WorkerConfig.from(settings());
    return RunlogClient.connect(c.bootstrapServers(), c.topicPrefix(), c.kafka());
  }

  private static java.util.Map<String, String> settings() {
    return EnvironmentSettings.of(System.getenv(), System.getProperties());
  }

  /**
   * Without an SLF4J binding a worker's own messages (a run that could not be written, a job it
   * does not know) go nowhere; one line on stderr says so, since logging cannot.
   */
  static void warnIfNoLogging() {
    if (LoggerFactory.getILoggerFactory() instanceof NOPLoggerFactory) {
      System.err.println(
          "runlog: no SLF4J binding on the classpath, so the worker logs nothing;"
              + " add one, e.g. org.slf4j:slf4j-simple");
    }
  }
}
