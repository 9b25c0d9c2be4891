package dev.runlog.sdk.testing;

import dev.runlog.connectors.integration.Credentials;
import java.util.LinkedHashMap;
import java.util.Map;

/** What a test gives its run's integrations: connections by key, and worker settings. */
record Connections(Map<String, Credentials> byKey, Map<String, String> settings) {
  static final Connections NONE = new Connections(Map.of(), Map.of());

  Connections {
    byKey = Map.copyOf(byKey);
    settings = Map.copyOf(settings);
  }

  Connections with(String key, Credentials credentials) {
    Map<String, Credentials> all = new LinkedHashMap<>(byKey);
    all.put(key, credentials);
    return new Connections(all, settings);
  }

  Connections withSetting(String name, String value) {
    Map<String, String> all = new LinkedHashMap<>(settings);
    all.put(name, value);
    return new Connections(byKey, all);
  }
}
