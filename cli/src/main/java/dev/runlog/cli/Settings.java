package dev.runlog.cli;

import java.io.IOException;
import java.io.PrintWriter;
import java.io.Reader;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Collection;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.Properties;
import java.util.Set;
import java.util.TreeMap;
import java.util.TreeSet;

/**
 * The settings of a runlog process ({@code runlog engine}, {@code runlog worker}), merged from,
 * lowest first: a properties file ({@code --config}), {@code RUNLOG_*} environment variables,
 * {@code -D key=value} options. A variable names its key upper-cased with {@code _} for {@code .}:
 * {@code RUNLOG_HTTP_PORT} is {@code http.port}, {@code RUNLOG_KAFKA_SASL_MECHANISM} is the Kafka
 * client property {@code sasl.mechanism}. That is how containers are configured.
 *
 * @param values every setting, by key
 * @param origins where each came from (a file, a variable, an option), for messages
 */
record Settings(Map<String, String> values, Map<String, String> origins) {
  static final String ENV_PREFIX = "RUNLOG_";
  static final String KAFKA_PREFIX = "kafka.";

  /** {@code RUNLOG_*} variables that are not settings: the scripts' own and the CLI client's. */
  static final Set<String> NOT_SETTINGS =
      Set.of(
          "RUNLOG_JAVA_OPTS",
          "RUNLOG_DEV_JAVA_OPTS",
          "RUNLOG_SKIP_BUILD",
          "RUNLOG_API_KEY",
          "RUNLOG_URL",
          "RUNLOG_HOME");

  /** Reads {@code file} (if any), then {@code env}, then {@code options}; a later source wins. */
  static Settings load(Path file, Map<String, String> env, Map<String, String> options)
      throws IOException {
    Map<String, String> values = new TreeMap<>();
    Map<String, String> origins = new TreeMap<>();
    if (file != null) {
      Properties props = new Properties();
      try (Reader reader = Files.newBufferedReader(file)) {
        props.load(reader);
      }
      props.forEach(
          (k, v) ->
              put(values, origins, k.toString().strip(), v.toString().strip(), file.toString()));
    }
    env.forEach(
        (name, value) ->
            keyOf(name).ifPresent(key -> put(values, origins, key, value, "$" + name)));
    options.forEach((key, value) -> put(values, origins, key.strip(), value, "-D " + key));
    return new Settings(values, origins);
  }

  private static void put(
      Map<String, String> values,
      Map<String, String> origins,
      String key,
      String value,
      String origin) {
    values.put(key, value);
    origins.put(key, origin);
  }

  /**
   * The setting a {@code RUNLOG_*} variable names: {@code RUNLOG_HTTP_PORT} is {@code http.port}.
   */
  static Optional<String> keyOf(String envName) {
    if (!envName.startsWith(ENV_PREFIX)
        || envName.length() == ENV_PREFIX.length()
        || NOT_SETTINGS.contains(envName)) {
      return Optional.empty();
    }
    return Optional.of(
        envName.substring(ENV_PREFIX.length()).toLowerCase(Locale.ROOT).replace('_', '.'));
  }

  /** The variable that sets {@code key}: {@code http.port} is {@code RUNLOG_HTTP_PORT}. */
  static String envNameOf(String key) {
    return ENV_PREFIX + key.toUpperCase(Locale.ROOT).replace('.', '_');
  }

  Settings with(String key, String value, String origin) {
    Map<String, String> v = new TreeMap<>(values);
    Map<String, String> o = new TreeMap<>(origins);
    put(v, o, key, value, origin);
    return new Settings(v, o);
  }

  /** How a known key names a family of settings: {@code webhook.secret.<name>}. */
  static final String NAME_PLACEHOLDER = "<name>";

  /**
   * Settings that none of {@code known} names and that are not {@code kafka.*}: most likely typos.
   * A known key ending in {@code <name>} stands for every key with its prefix.
   */
  List<String> unknown(Collection<String> known) {
    List<String> prefixes =
        known.stream()
            .filter(k -> k.endsWith(NAME_PLACEHOLDER))
            .map(k -> k.substring(0, k.length() - NAME_PLACEHOLDER.length()))
            .toList();
    List<String> unknown = new ArrayList<>();
    values
        .keySet()
        .forEach(
            key -> {
              if (!known.contains(key)
                  && !key.startsWith(KAFKA_PREFIX)
                  && prefixes.stream()
                      .noneMatch(p -> key.startsWith(p) && key.length() > p.length())) {
                unknown.add(key);
              }
            });
    return unknown;
  }

  /**
   * Warns on {@code err} about every unknown setting, saying where it came from; they are ignored.
   */
  void warnUnknown(Collection<String> known, PrintWriter err) {
    for (String key : unknown(known)) {
      err.println(
          "runlog: warning: unknown setting '"
              + key
              + "' (from "
              + origins.get(key)
              + ") is ignored; known settings: "
              + String.join(", ", new TreeSet<>(known))
              + ", and kafka.<any Kafka client property>");
    }
  }
}
