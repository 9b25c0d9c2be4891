package dev.runlog.sdk;

import java.util.HashMap;
import java.util.Locale;
import java.util.Map;
import java.util.Properties;

/**
 * A worker's settings ({@link WorkerConfig#KEYS}, {@code kafka.*}) from the process, as the {@code
 * runlog} command reads them: {@code RUNLOG_*} variables ({@code RUNLOG_BOOTSTRAP_SERVERS} is
 * {@code bootstrap.servers}), then {@code -Drunlog.<key>} system properties, which win.
 */
final class EnvironmentSettings {
  static final String ENV_PREFIX = "RUNLOG_";
  static final String PROPERTY_PREFIX = "runlog.";

  private EnvironmentSettings() {}

  static Map<String, String> of(Map<String, String> env, Properties system) {
    Map<String, String> settings = new HashMap<>();
    env.forEach(
        (name, value) -> {
          if (name.startsWith(ENV_PREFIX) && name.length() > ENV_PREFIX.length()) {
            String key = name.substring(ENV_PREFIX.length()).toLowerCase(Locale.ROOT);
            settings.put(key.replace('_', '.'), value);
          }
        });
    system
        .stringPropertyNames()
        .forEach(
            name -> {
              if (name.startsWith(PROPERTY_PREFIX) && name.length() > PROPERTY_PREFIX.length()) {
                settings.put(name.substring(PROPERTY_PREFIX.length()), system.getProperty(name));
              }
            });
    return settings;
  }
}
