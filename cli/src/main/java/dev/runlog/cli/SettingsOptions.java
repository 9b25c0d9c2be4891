package dev.runlog.cli;

import java.io.IOException;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.Map;
import picocli.CommandLine.Option;

/**
 * The settings options that {@code runlog engine} and {@code runlog worker} share (see {@link
 * Settings}).
 */
final class SettingsOptions {
  @Option(
      names = "--config",
      description = "A properties file of settings (see the README's configuration tables).")
  Path configFile;

  @Option(
      names = {"-D", "--set"},
      description =
          "A setting, key=value; kafka.<property> passes a Kafka client property. "
              + "Also RUNLOG_<KEY> environment variables (RUNLOG_HTTP_PORT for http.port); -D wins over them, they win over --config.")
  Map<String, String> options = new LinkedHashMap<>();

  /** The merged settings, with {@code bootstrapServers} (an explicit option) over all of them. */
  Settings load(String bootstrapServers) throws IOException {
    Settings settings = Settings.load(configFile, System.getenv(), options);
    return bootstrapServers == null
        ? settings
        : settings.with("bootstrap.servers", bootstrapServers, "--bootstrap-servers");
  }
}
