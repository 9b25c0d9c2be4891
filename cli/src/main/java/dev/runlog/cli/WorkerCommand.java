package dev.runlog.cli;

import dev.runlog.examples.DemoJobs;
import dev.runlog.sdk.Job;
import dev.runlog.sdk.Worker;
import dev.runlog.sdk.WorkerConfig;
import java.io.IOException;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.Callable;
import java.util.concurrent.CountDownLatch;
import picocli.CommandLine;
import picocli.CommandLine.ArgGroup;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;

/**
 * {@code runlog worker --jobs app.jar}: runs the jobs a jar provides against a cluster, so a team
 * deploys its jobs without writing a {@code main}.
 */
@Command(
    name = "worker",
    mixinStandardHelpOptions = true,
    description =
        "Run the jobs a jar provides (its JobProviders, listed in META-INF/services/dev.runlog.sdk.JobProvider) against a Kafka cluster.")
final class WorkerCommand implements Callable<Integer> {
  @CommandLine.Spec CommandLine.Model.CommandSpec spec;

  @ArgGroup(exclusive = true, multiplicity = "1")
  JobSource source;

  /**
   * Where the jobs come from: a user's jar, or the examples that ship with runlog (the compose
   * file's worker).
   */
  static final class JobSource {
    @Option(
        names = "--jobs",
        required = true,
        paramLabel = "<jars>",
        description =
            "The jar(s) with your jobs and what they need: jars or directories separated by ':'; dir/* takes every jar in dir.")
    String jobs;

    @Option(
        names = "--examples",
        required = true,
        description =
            "Run the example jobs that ship with runlog (those runlog dev runs, such as hello <- demo.hello) instead of a jar's.")
    boolean examples;
  }

  @Option(
      names = "--queue",
      description =
          "The queue to take executions from (the setting queue). Default: the default queue.")
  String queue;

  @Option(
      names = "--bootstrap-servers",
      description = "Kafka brokers (the setting bootstrap.servers). Default: localhost:9092.")
  String bootstrapServers;

  @Mixin SettingsOptions settingsOptions;

  @Override
  public Integer call() throws IOException, InterruptedException {
    Settings settings = settingsOptions.load(bootstrapServers);
    if (queue != null) {
      settings = settings.with("queue", queue, "--queue");
    }
    settings.warnUnknown(
        WorkerConfig.KEYS.stream().map(key -> key.get(0)).toList(), spec.commandLine().getErr());
    WorkerConfig config;
    List<Job<?>> loaded;
    try {
      config = WorkerConfig.from(settings.values());
      loaded = source.examples ? new DemoJobs().jobs() : JobJars.load(source.jobs);
    } catch (IllegalArgumentException e) {
      spec.commandLine().getErr().println("runlog worker: " + e.getMessage());
      return CommandLine.ExitCode.USAGE;
    }
    Worker worker = Worker.start(config, loaded);
    CountDownLatch stopped = new CountDownLatch(1);
    Runtime.getRuntime()
        .addShutdownHook(
            new Thread(
                () -> {
                  worker.close();
                  stopped.countDown();
                },
                "runlog-worker-shutdown"));
    System.out.println(
        "runlog worker "
            + config.workerId()
            + " is running on queue "
            + config.queue()
            + " ("
            + config.bootstrapServers()
            + "): "
            + loaded.stream().map(j -> j.id() + " <- " + j.eventName()).toList());
    System.out.flush();
    Optional<RuntimeException> failure = worker.awaitStop();
    if (failure.isPresent()) {
      // exit, so that whatever supervises the worker starts it again (the hook closes it)
      spec.commandLine()
          .getErr()
          .println("runlog worker: stopped taking runs: " + failure.get().getMessage());
      return EngineCommand.STOPPED;
    }
    stopped.await();
    return 0;
  }
}
