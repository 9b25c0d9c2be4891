package dev.runlog.cli;

import dev.runlog.engine.EngineConfig;
import dev.runlog.engine.RunlogEngine;
import java.io.IOException;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.Callable;
import java.util.concurrent.CountDownLatch;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;

/** {@code runlog engine}: one production engine instance against an existing Kafka cluster. */
@Command(name = "engine", mixinStandardHelpOptions = true, description = "Run an engine instance against a Kafka cluster.")
final class EngineCommand implements Callable<Integer> {
  @CommandLine.Spec
  CommandLine.Model.CommandSpec spec;

  @Option(names = "--bootstrap-servers", description = "Kafka brokers (the setting bootstrap.servers). Default: localhost:9092.")
  String bootstrapServers;

  @Mixin
  SettingsOptions settingsOptions;

  @Override
  public Integer call() throws IOException, InterruptedException {
    Settings settings = settingsOptions.load(bootstrapServers);
    settings.warnUnknown(EngineConfig.KEYS.stream().map(key -> key.get(0)).toList(), spec.commandLine().getErr());
    EngineConfig config;
    try {
      config = EngineConfig.from(settings.values(), Path.of(".runlog", "engine"));
    } catch (IllegalArgumentException e) { // NumberFormatException too
      spec.commandLine().getErr().println("runlog engine: bad setting: " + e.getMessage());
      return CommandLine.ExitCode.USAGE;
    }
    RunlogEngine engine = RunlogEngine.start(config);
    CountDownLatch stopped = new CountDownLatch(1);
    Runtime.getRuntime().addShutdownHook(new Thread(() -> {
      engine.close();
      stopped.countDown();
    }, "runlog-engine-shutdown"));
    System.out.println("runlog engine is ready: " + engine.url() + "/api");
    stopped.await();
    return 0;
  }
}
