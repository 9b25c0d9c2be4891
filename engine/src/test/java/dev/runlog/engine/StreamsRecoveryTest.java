package dev.runlog.engine;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertNull;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import java.util.Optional;
import java.util.Properties;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class StreamsRecoveryTest {

  private static Properties apply(EngineConfig config) {
    Properties p = new Properties();
    p.putAll(config.kafka()); // as the engine does: the pass-through first
    StreamsRecovery.apply(p, config);
    return p;
  }

  /**
   * A restart on the same state dir rejoins as the same static member; another state dir is another
   * member.
   */
  @Test
  void theInstanceIdIsKeptInTheStateDir(@TempDir Path dir) throws Exception {
    String first =
        (String) apply(EngineConfig.defaults("k:9092", dir.resolve("a"))).get("group.instance.id");
    String again =
        (String) apply(EngineConfig.defaults("k:9092", dir.resolve("a"))).get("group.instance.id");
    String other =
        (String) apply(EngineConfig.defaults("k:9092", dir.resolve("b"))).get("group.instance.id");
    assertEquals(first, again);
    assertNotEquals(first, other);
    assertEquals(first, Files.readString(dir.resolve("a").resolve(InstanceId.FILE)).strip());
  }

  @Test
  void anInstanceIdSetIsUsedAndNothingIsStored(@TempDir Path dir) {
    EngineConfig d = EngineConfig.defaults("k:9092", dir);
    EngineConfig config =
        new EngineConfig(
            d.bootstrapServers(),
            d.topicPrefix(),
            d.applicationId(),
            dir,
            0,
            "localhost",
            d.processingGuarantee(),
            d.commitIntervalMs(),
            1,
            (short) 1,
            1,
            100,
            Optional.of("engine-7"),
            6_000,
            2,
            Map.of());
    Properties p = apply(config);
    assertEquals("engine-7", p.get("group.instance.id"));
    assertEquals(6_000, p.get("session.timeout.ms"));
    assertEquals(2_000, p.get("heartbeat.interval.ms"));
    assertEquals(2, p.get("num.standby.replicas"));
    assertFalse(Files.exists(dir.resolve(InstanceId.FILE)));
  }

  @Test
  void defaultsAreATenSecondSessionAndOneStandby(@TempDir Path dir) {
    Properties p = apply(EngineConfig.defaults("k:9092", dir));
    assertEquals(10_000, p.get("session.timeout.ms"));
    assertEquals(3_333, p.get("heartbeat.interval.ms"));
    assertEquals(1, p.get("num.standby.replicas"));
  }

  @Test
  void aHeartbeatIntervalPassedThroughWins(@TempDir Path dir) {
    EngineConfig config =
        EngineConfig.from(
            Map.of("kafka.heartbeat.interval.ms", "1000", "state.dir", dir.toString()), dir);
    assertEquals("1000", apply(config).get("heartbeat.interval.ms"));
  }

  /**
   * Kafka Streams refuses a group.instance.id under its own group protocol (KIP-1071), which sets
   * sessions and standbys on the broker.
   */
  @Test
  void theStreamsGroupProtocolGetsNone(@TempDir Path dir) {
    Properties p =
        apply(
            EngineConfig.from(
                Map.of("kafka.group.protocol", "streams", "state.dir", dir.toString()), dir));
    assertNull(p.get("group.instance.id"));
    assertNull(p.get("session.timeout.ms"));
    assertNull(p.get("num.standby.replicas"));
    assertFalse(Files.exists(dir.resolve(InstanceId.FILE)));
  }
}
