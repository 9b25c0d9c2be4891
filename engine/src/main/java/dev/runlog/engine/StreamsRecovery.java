package dev.runlog.engine;

import java.util.Properties;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.streams.StreamsConfig;

/**
 * The Kafka Streams settings that decide how soon work goes on after an instance dies or restarts.
 *
 * <ul>
 *   <li>Static membership: a restarted instance comes back as the member it was and gets its
 *       partitions at once; a dead one keeps them until its session times out, not 45 s by default
 *       but {@link EngineConfig#sessionTimeoutMs()}.
 *   <li>Standby replicas: the instance that takes a dead one's partitions has their state already.
 * </ul>
 *
 * What neither helps: under exactly_once_v2 Kafka Streams 4.3 wipes a store that was open when its
 * process died (RocksDB marks it open until a clean close, since it may hold uncommitted writes)
 * and rebuilds it from its changelog, so a restart after a crash replays the changelogs of its
 * partitions; only a clean stop keeps local state.
 */
final class StreamsRecovery {
  private StreamsRecovery() {}

  /** Adds the settings to {@code p}, which already holds the {@code kafka.*} pass-through. */
  static void apply(Properties p, EngineConfig config) {
    if ("streams".equalsIgnoreCase(String.valueOf(p.get(StreamsConfig.GROUP_PROTOCOL_CONFIG)))) {
      return; // KIP-1071's protocol: no static membership, and sessions and standbys are set on the
      // broker
    }
    p.put(StreamsConfig.NUM_STANDBY_REPLICAS_CONFIG, config.standbyReplicas());
    // Streams appends "-<thread index>" for each stream thread's consumer, and drops the id from
    // its
    // restore and global consumers, which are not group members.
    p.put(
        ConsumerConfig.GROUP_INSTANCE_ID_CONFIG,
        config.instanceId().orElseGet(() -> InstanceId.of(config.stateDir())));
    p.put(ConsumerConfig.SESSION_TIMEOUT_MS_CONFIG, config.sessionTimeoutMs());
    // Kafka's advice: a third of the session, so that two lost heartbeats do not end it.
    p.putIfAbsent(
        ConsumerConfig.HEARTBEAT_INTERVAL_MS_CONFIG, Math.max(1, config.sessionTimeoutMs() / 3));
  }
}
