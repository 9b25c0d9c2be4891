package dev.runlog.cli;

import dev.runlog.cli.dev.DevMode;
import dev.runlog.sdk.Job;
import java.nio.file.Path;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.Callable;
import java.util.concurrent.CountDownLatch;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

/** {@code runlog dev}: broker, engine, REST and the example worker in one process. */
@Command(
    name = "dev",
    mixinStandardHelpOptions = true,
    description =
        "Start an embedded Kafka broker, the engine, the REST API and a worker with the jobs on the classpath.")
final class DevCommand implements Callable<Integer> {
  @CommandLine.Spec CommandLine.Model.CommandSpec spec;

  @Option(
      names = "--kafka-port",
      defaultValue = "9092",
      description = "Port of the embedded broker (0: any free port). Default: ${DEFAULT-VALUE}.")
  int kafkaPort;

  @Option(
      names = "--http-port",
      defaultValue = "8080",
      description = "Port of the REST API (0: any free port). Default: ${DEFAULT-VALUE}.")
  int httpPort;

  @Option(
      names = "--data-dir",
      defaultValue = ".runlog",
      description = "Where the broker and engine keep their data. Default: ${DEFAULT-VALUE}.")
  Path dataDir;

  @Option(
      names = "--topic-prefix",
      defaultValue = "runlog",
      description = "Prefix of the runlog topics. Default: ${DEFAULT-VALUE}.")
  String topicPrefix;

  @Option(
      names = "--jobs",
      paramLabel = "<jars>",
      description =
          "Also run the jobs these jar(s) provide (as runlog worker --jobs): jars or directories separated by ':'.")
  String jobs;

  @Override
  public Integer call() throws InterruptedException {
    List<Job<?>> userJobs;
    try {
      userJobs = jobs == null ? List.of() : JobJars.load(jobs);
    } catch (IllegalArgumentException e) {
      spec.commandLine().getErr().println("runlog dev: " + e.getMessage());
      return CommandLine.ExitCode.USAGE;
    }
    System.out.println(
        "runlog dev: starting Kafka, the engine and the example worker (data in "
            + dataDir.toAbsolutePath()
            + ") ...");
    DevMode dev = DevMode.start(dataDir, kafkaPort, httpPort, topicPrefix, userJobs);
    CountDownLatch stopped = new CountDownLatch(1);
    Runtime.getRuntime()
        .addShutdownHook(
            new Thread(
                () -> {
                  System.out.println("runlog dev: stopping ...");
                  dev.close();
                  System.out.println("runlog dev: stopped");
                  stopped.countDown();
                },
                "runlog-dev-shutdown"));
    System.out.println();
    System.out.println("runlog dev is ready");
    System.out.println("  Dashboard: " + dev.url() + "/");
    System.out.println("  REST API:  " + dev.url() + "/api");
    System.out.println(
        "  Kafka:     "
            + dev.bootstrapServers()
            + "  (produce triggers to "
            + topicPrefix
            + ".triggers)");
    System.out.println(
        "  Jobs:      " + dev.jobs().stream().map(j -> j.id() + " <- " + j.eventName()).toList());
    dev.slackStandIn()
        .ifPresent(
            url -> {
              System.out.println(
                  "  Slack:     a local stand-in at "
                      + url
                      + " (it logs the posts; set RUNLOG_SLACK_BASE_URL for Slack's)");
              System.out.println(
                  "             the star job (new.star) waits for its connection: "
                      + dev.slackConnectionExample());
            });
    System.out.println();
    System.out.println("Send an event:");
    System.out.println("  " + dev.curlExample());
    System.out.println("Then see its runs (use the id it answered):");
    System.out.println("  curl -s " + dev.url() + "/api/events/<id>/runs");
    System.out.println();
    System.out.println("Ctrl-C stops everything.");
    System.out.flush();
    Optional<String> failure = dev.awaitStop();
    if (failure.isPresent()) {
      // exit rather than go on answering with nothing behind the API (the hook closes the rest)
      spec.commandLine().getErr().println("runlog dev: " + failure.get());
      spec.commandLine().getErr().flush();
      return EngineCommand.STOPPED;
    }
    stopped.await();
    return 0;
  }
}
