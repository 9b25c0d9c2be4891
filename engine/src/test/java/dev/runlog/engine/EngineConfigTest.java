package dev.runlog.engine;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.runlog.connectors.webhook.SecretRef;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.junit.jupiter.api.Test;

class EngineConfigTest {

  /** The README's configuration table lists every key with its default. */
  @Test
  void theReadmeTableListsEveryKey() throws Exception {
    String readme = Files.readString(Path.of("..", "README.md"));
    for (List<String> key : EngineConfig.KEYS) {
      String row = "| `" + key.get(0) + "` | `" + key.get(2) + "` |";
      assertTrue(
          readme.contains(row), "README.md's configuration table lacks the row starting: " + row);
    }
  }

  @Test
  void replicationFactorIsAutoByDefaultThreeOrEveryBrokerOfASmallerCluster() {
    assertEquals(
        EngineConfig.AUTO_REPLICATION,
        EngineConfig.from(Map.of(), Path.of("state")).replicationFactor());
    assertEquals(
        EngineConfig.AUTO_REPLICATION,
        EngineConfig.from(Map.of("replication.factor", "AUTO"), Path.of("state"))
            .replicationFactor());
    assertEquals(
        2,
        EngineConfig.from(Map.of("replication.factor", "2"), Path.of("state")).replicationFactor());
    assertThrows(
        IllegalArgumentException.class,
        () -> EngineConfig.from(Map.of("replication.factor", "0"), Path.of("state")));
    assertEquals(
        List.of(1, 2, 3, 3),
        List.of(1, 2, 3, 7).stream().map(n -> (int) ReplicationFactor.of(n)).toList());
  }

  @Test
  void webhookSecretsAreSettingsByName() {
    EngineConfig config =
        EngineConfig.from(
            Map.of("webhook.secret.github", "s3cret", "webhook.secret.", "nameless"),
            Path.of("state"));
    var secrets = config.rest().webhookSecrets();
    assertEquals(
        "s3cret",
        new String(
            secrets.resolve(new SecretRef.Setting("github")).orElseThrow(),
            java.nio.charset.StandardCharsets.UTF_8));
    assertEquals(Optional.empty(), secrets.resolve(new SecretRef.Setting("stripe")));
    assertTrue(!config.toString().contains("s3cret"), config.toString());
  }

  @Test
  void settingsAreReadWithTheirDefaultsAndKafkaPassThrough() {
    EngineConfig config =
        EngineConfig.from(
            Map.of(
                "bootstrap.servers",
                "k:9092",
                "topic.prefix",
                "staging",
                "commit.interval.ms",
                "25",
                "kafka.security.protocol",
                "SSL"),
            Path.of("state"));
    assertEquals("k:9092", config.bootstrapServers());
    assertEquals("staging-engine", config.applicationId());
    assertEquals(25, config.commitIntervalMs());
    assertEquals(100, config.timerTickMs());
    assertEquals("SSL", config.kafka().get("security.protocol"));
    assertEquals("staging.triggers", config.topics().triggers().name());
  }

  @Test
  void recoverySettingsHaveDefaultsAndAnExplicitKafkaSessionTimeoutStaysInForce() {
    EngineConfig defaults = EngineConfig.from(Map.of(), Path.of("state"));
    assertEquals(Optional.empty(), defaults.instanceId()); // from the state dir
    assertEquals(10_000, defaults.sessionTimeoutMs());
    assertEquals(1, defaults.standbyReplicas());

    EngineConfig set =
        EngineConfig.from(
            Map.of(
                "instance.id", "engine-a", "session.timeout.ms", "20000", "standby.replicas", "0"),
            Path.of("state"));
    assertEquals(Optional.of("engine-a"), set.instanceId());
    assertEquals(20_000, set.sessionTimeoutMs());
    assertEquals(0, set.standbyReplicas());

    assertEquals(
        6_000,
        EngineConfig.from(Map.of("kafka.session.timeout.ms", "6000"), Path.of("state"))
            .sessionTimeoutMs());
    assertEquals(
        8_000,
        EngineConfig.from(
                Map.of("kafka.session.timeout.ms", "6000", "session.timeout.ms", "8000"),
                Path.of("state"))
            .sessionTimeoutMs());
  }

  @Test
  void nonsenseIsRefusedWithTheKeyInTheMessage() {
    IllegalArgumentException e =
        assertThrows(
            IllegalArgumentException.class,
            () -> EngineConfig.from(Map.of("processing.guarantee", "maybe"), Path.of("state")));
    assertTrue(e.getMessage().contains("processing.guarantee"));
    assertThrows(
        IllegalArgumentException.class,
        () -> EngineConfig.from(Map.of("topic.prefix", "bad prefix!"), Path.of("state")));
    for (Map<String, String> bad :
        List.of(
            Map.of("instance.id", "two words"),
            Map.of("session.timeout.ms", "0"),
            Map.of("standby.replicas", "-1"))) {
      e =
          assertThrows(
              IllegalArgumentException.class, () -> EngineConfig.from(bad, Path.of("state")));
      assertTrue(e.getMessage().contains(bad.keySet().iterator().next()), e.getMessage());
    }
  }
}
