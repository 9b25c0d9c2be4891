package dev.runlog.cli;

import dev.runlog.engine.EngineConfig;
import dev.runlog.engine.RunlogEngine;
import java.io.IOException;
import java.io.Reader;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.HashMap;
import java.util.Map;
import java.util.Properties;
import java.util.concurrent.Callable;
import java.util.concurrent.CountDownLatch;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

/** {@code runlog engine}: one production engine instance against an existing Kafka cluster. */
@Command(name = "engine", mixinStandardHelpOptions = true, description = "Run an engine instance against a Kafka cluster.")
final class EngineCommand implements Callable<Integer> {
  @Option(names = "--bootstrap-servers", defaultValue = "localhost:9092", description = "Kafka brokers. Default: ${DEFAULT-VALUE}.")
  String bootstrapServers;

  @Option(names = "--config", description = "A properties file of engine settings (see the README's configuration table).")
  Path configFile;

  @Option(names = {"-D", "--set"}, description = "A setting, key=value; kafka.<property> passes a Kafka client property.")
  Map<String, String> settings = new HashMap<>();

  @Override
  public Integer call() throws IOException, InterruptedException {
    Map<String, String> props = new HashMap<>();
    if (configFile != null) {
      Properties file = new Properties();
      try (Reader reader = Files.newBufferedReader(configFile)) {
        file.load(reader);
      }
      file.forEach((k, v) -> props.put(k.toString(), v.toString()));
    }
    props.putAll(settings);
    props.putIfAbsent(EngineConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrapServers);
    RunlogEngine engine = RunlogEngine.start(EngineConfig.from(props, Path.of(".runlog", "engine")));
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
