package dev.runlog.sdk;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.util.Map;
import java.util.Properties;
import org.junit.jupiter.api.Test;

class EnvironmentSettingsTest {
  @Test
  void variablesNameTheirKeysAndSystemPropertiesWin() {
    Properties system = new Properties();
    system.setProperty("runlog.queue", "billing");
    system.setProperty("java.version", "17");
    Map<String, String> settings =
        EnvironmentSettings.of(
            Map.of(
                "RUNLOG_BOOTSTRAP_SERVERS", "kafka:9092",
                "RUNLOG_QUEUE", "default",
                "RUNLOG_KAFKA_SECURITY_PROTOCOL", "SSL",
                "PATH", "/bin"),
            system);
    assertEquals(
        Map.of(
            "bootstrap.servers", "kafka:9092",
            "queue", "billing",
            "kafka.security.protocol", "SSL"),
        settings);
    WorkerConfig config = WorkerConfig.from(settings);
    assertEquals("kafka:9092", config.bootstrapServers());
    assertEquals(Map.of("security.protocol", "SSL"), config.kafka());
  }

  @Test
  void nothingSetMeansTheLocalBroker() {
    assertEquals(
        "localhost:9092",
        WorkerConfig.from(EnvironmentSettings.of(Map.of(), new Properties())).bootstrapServers());
  }
}
