package dev.runlog.protocol.topic;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Properties;
import java.util.Set;
import java.util.concurrent.TimeUnit;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.NewTopic;
import org.apache.kafka.common.config.TopicConfig;
import org.apache.kafka.common.errors.TopicExistsException;

/**
 * Creates the runlog topics that are missing, with their settings (jobs compacted, run-events kept
 * forever): the engine and workers both call it, so either may start first.
 */
public final class TopicSetup {
  private TopicSetup() {}

  /**
   * Creates whichever of {@code names} do not exist yet.
   *
   * @param partitions empty for the broker's default
   * @param replicationFactor empty for the broker's default
   */
  public static void ensure(Properties client, Topics topics, List<String> names, Optional<Integer> partitions,
      Optional<Short> replicationFactor) {
    try (Admin admin = Admin.create(client)) {
      Set<String> existing = admin.listTopics().names().get(30, TimeUnit.SECONDS);
      List<NewTopic> missing = new ArrayList<>();
      for (String name : names) {
        if (!existing.contains(name)) {
          missing.add(new NewTopic(name, partitions, replicationFactor).configs(configs(topics, name)));
        }
      }
      if (!missing.isEmpty()) {
        try {
          admin.createTopics(missing).all().get(30, TimeUnit.SECONDS);
        } catch (java.util.concurrent.ExecutionException e) {
          if (!(e.getCause() instanceof TopicExistsException)) {
            throw e; // another instance created it in between: fine
          }
        }
      }
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new IllegalStateException("interrupted while creating topics", e);
    } catch (Exception e) {
      throw new IllegalStateException("cannot create the runlog topics on " + client.get("bootstrap.servers") + ": " + e.getMessage(), e);
    }
  }

  private static Map<String, String> configs(Topics topics, String name) {
    if (name.equals(topics.jobs().name())) {
      return Map.of(TopicConfig.CLEANUP_POLICY_CONFIG, TopicConfig.CLEANUP_POLICY_COMPACT);
    }
    if (name.equals(topics.runEvents().name())) {
      return Map.of(TopicConfig.RETENTION_MS_CONFIG, "-1"); // the source of truth
    }
    return Map.of();
  }
}
