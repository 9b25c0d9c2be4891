package dev.runlog.engine.retention;

import dev.runlog.protocol.topic.TopicSetup;
import dev.runlog.protocol.topic.Topics;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.Config;
import org.apache.kafka.clients.admin.ConfigEntry;
import org.apache.kafka.common.config.ConfigResource;
import org.apache.kafka.common.config.TopicConfig;

/**
 * Checks the {@code retention.ms} of the topics that exist against what the engine's retention asks
 * for, and says what differs. It never changes them:
 *
 * <ul>
 *   <li>a topic's retention may be an operator's choice (kept longer for an audit trail, or set by
 *       whoever manages the cluster's topics), and an engine that quietly overrode it would undo it
 *       at every start;
 *   <li>instances with different settings (a rolling change of {@code run.retention.ms}) would set
 *       it back and forth;
 *   <li>the engine needs no AlterConfigs permission on the cluster otherwise.
 * </ul>
 *
 * A topic kept for less than the engine asks is the one to fix soon: an engine stopped for longer
 * than it loses records (see {@link Retention#topicRetentionMs}); one kept for longer (a topic made
 * by an earlier version kept run-events for ever) costs only disk. Both are warned about, with the
 * command that sets it.
 */
public final class TopicRetention {
  private TopicRetention() {}

  /**
   * A warning per topic of {@code names} whose retention is not {@code wantedMs}; topics that do
   * not exist are skipped.
   */
  public static List<String> check(Admin admin, Topics topics, List<String> names, long wantedMs)
      throws Exception {
    List<ConfigResource> resources =
        names.stream()
            .filter(n -> TopicSetup.keptForRetention(topics, n))
            .map(n -> new ConfigResource(ConfigResource.Type.TOPIC, n))
            .toList();
    Map<ConfigResource, Config> configs =
        admin.describeConfigs(resources).all().get(30, TimeUnit.SECONDS);
    List<String> warnings = new ArrayList<>();
    for (ConfigResource resource : resources) {
      Config config = configs.get(resource);
      ConfigEntry entry = config == null ? null : config.get(TopicConfig.RETENTION_MS_CONFIG);
      if (entry == null || entry.value() == null) {
        continue;
      }
      long actual = Long.parseLong(entry.value());
      if (actual != wantedMs) {
        warnings.add(warning(resource.name(), actual, wantedMs));
      }
    }
    return warnings;
  }

  static String warning(String topic, long actualMs, long wantedMs) {
    boolean shorter = wantedMs == -1 || (actualMs != -1 && actualMs < wantedMs);
    return "topic "
        + topic
        + " keeps records "
        + human(actualMs)
        + ", the engine's retention asks for "
        + human(wantedMs)
        + (shorter
            ? ": an engine stopped for longer than that would lose the records it had not read"
            : ": it costs disk, nothing else")
        + ". The engine does not change an existing topic; to set it: kafka-configs.sh --bootstrap-server <brokers> --alter --entity-type topics"
        + " --entity-name "
        + topic
        + " --add-config retention.ms="
        + wantedMs;
  }

  private static String human(long ms) {
    return ms < 0
        ? "for ever"
        : Retention.human(java.time.Duration.ofMillis(ms)) + " (retention.ms=" + ms + ")";
  }
}
