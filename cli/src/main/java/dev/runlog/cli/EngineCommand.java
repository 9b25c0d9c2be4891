package dev.runlog.cli;

import dev.runlog.engine.EngineConfig;
import dev.runlog.engine.RunlogEngine;
import java.io.IOException;
import java.io.Reader;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.HashMap;
import java.util.Map;
import java.util.Properties;
import java.util.concurrent.Callable;
import java.util.concurrent.CountDownLatch;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

/** {@code runlog engine}: one production engine instance against an existing Kafka cluster. */
@Command(name = "engine", mixinStandardHelpOptions = true, description = "Run an engine instance against a Kafka cluster.")
final class EngineCommand implements Callable<Integer> {
  /** The engine would not start with these settings; the reason is on stderr. */
  static final int CONFIG_REFUSED = 4;

  @Option(names = "--bootstrap-servers", defaultValue = "localhost:9092", description = "Kafka brokers. Default: ${DEFAULT-VALUE}.")
  String bootstrapServers;

  @Option(names = "--config", description = "A properties file of engine settings (see the README's configuration table).")
  Path configFile;

  @Option(names = {"-D", "--set"}, description = "A setting, key=value; kafka.<property> passes a Kafka client property.")
  Map<String, String> settings = new HashMap<>();

  @Option(names = "--insecure", description = "Serve the REST API without API keys on an address other machines can reach "
      + "(the setting http.insecure=true). Without it the engine refuses to start that way.")
  boolean insecure;

  @Spec
  CommandSpec spec;

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
    if (insecure) {
      props.put(EngineConfig.HTTP_INSECURE_CONFIG, "true");
    }
    RunlogEngine engine;
    try {
      engine = RunlogEngine.start(EngineConfig.from(props, Path.of(".runlog", "engine")));
    } catch (IllegalArgumentException | IllegalStateException | UncheckedIOException e) {
      // a setting it refuses, or a start it refuses (no API keys on a public address, Kafka unreachable)
      spec.commandLine().getErr().println("runlog engine: " + e.getMessage());
      spec.commandLine().getErr().flush();
      return CONFIG_REFUSED;
    }
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
