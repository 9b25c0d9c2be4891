package dev.runlog.cli;

import dev.runlog.engine.EngineConfig;
import dev.runlog.engine.RunlogEngine;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Path;
import java.util.HashMap;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.Callable;
import java.util.concurrent.CountDownLatch;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;

/** {@code runlog engine}: one production engine instance against an existing Kafka cluster. */
@Command(
    name = "engine",
    mixinStandardHelpOptions = true,
    description = "Run an engine instance against a Kafka cluster.")
final class EngineCommand implements Callable<Integer> {
  /** The engine would not start with these settings; the reason is on stderr. */
  static final int CONFIG_REFUSED = 4;

  /** The exit code of an engine or a worker that stopped after an error it cannot get past. */
  static final int STOPPED = 7;

  @CommandLine.Spec CommandLine.Model.CommandSpec spec;

  @Option(
      names = "--bootstrap-servers",
      description = "Kafka brokers (the setting bootstrap.servers). Default: localhost:9092.")
  String bootstrapServers;

  @Mixin SettingsOptions settingsOptions;

  @Option(
      names = "--insecure",
      description =
          "Serve the REST API without API keys on an address other machines can reach "
              + "(the setting http.insecure=true). Without it the engine refuses to start that way.")
  boolean insecure;

  @Override
  public Integer call() throws IOException, InterruptedException {
    Settings settings = settingsOptions.load(bootstrapServers);
    settings.warnUnknown(
        EngineConfig.KEYS.stream().map(key -> key.get(0)).toList(), spec.commandLine().getErr());
    EngineConfig config;
    try {
      Map<String, String> values = new HashMap<>(settings.values());
      if (insecure) {
        values.put(EngineConfig.HTTP_INSECURE_CONFIG, "true");
      }
      config = EngineConfig.from(values, Path.of(".runlog", "engine"));
    } catch (IllegalArgumentException
        | UncheckedIOException e) { // NumberFormatException too; an api.keys.file it cannot read
      spec.commandLine().getErr().println("runlog engine: bad setting: " + e.getMessage());
      return CommandLine.ExitCode.USAGE;
    }
    RunlogEngine engine;
    try {
      engine = RunlogEngine.start(config);
    } catch (IllegalArgumentException | IllegalStateException | UncheckedIOException e) {
      // a start it refuses (no API keys on an address other machines reach, a keystore it cannot
      // read, Kafka refusing it)
      spec.commandLine().getErr().println("runlog engine: " + e.getMessage());
      spec.commandLine().getErr().flush();
      return CONFIG_REFUSED;
    }
    CountDownLatch stopped = new CountDownLatch(1);
    Runtime.getRuntime()
        .addShutdownHook(
            new Thread(
                () -> {
                  engine.close();
                  stopped.countDown();
                },
                "runlog-engine-shutdown"));
    System.out.println("runlog engine is ready: " + engine.url() + "/api");
    System.out.flush();
    Optional<String> failure = engine.awaitStop();
    if (failure.isPresent()) {
      // exit, so that whatever supervises the engine starts it again (the hook closes it)
      spec.commandLine().getErr().println("runlog engine: stopped processing: " + failure.get());
      spec.commandLine().getErr().flush();
      return STOPPED;
    }
    stopped.await();
    return 0;
  }
}
