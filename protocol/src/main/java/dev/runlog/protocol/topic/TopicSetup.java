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
import org.apache.kafka.clients.admin.TopicDescription;
import org.apache.kafka.common.config.TopicConfig;
import org.apache.kafka.common.errors.TopicExistsException;
import org.apache.kafka.common.errors.UnknownTopicOrPartitionException;

/**
 * Creates the runlog topics that are missing, with their settings (jobs compacted, the others kept
 * for a time: the engine's retention of finished runs and a margin, see the engine's {@code
 * Retention}): the engine and workers both call it, so either may start first. A topic that exists
 * is left as it is.
 */
public final class TopicSetup {
  /**
   * The retention of the topics when a worker creates them: what the engine gives them with its
   * default retention of finished runs (7 days, plus as much again). The engine warns at start-up
   * when a topic's retention is not the one its own setting asks for.
   */
  public static final long DEFAULT_RETENTION_MS = java.time.Duration.ofDays(14).toMillis();

  private TopicSetup() {}

  /**
   * Creates whichever of {@code names} do not exist yet, log topics kept {@link
   * #DEFAULT_RETENTION_MS}.
   */
  public static List<String> ensure(
      Properties client,
      Topics topics,
      List<String> names,
      Optional<Integer> partitions,
      Optional<Short> replicationFactor) {
    return ensure(client, topics, names, partitions, replicationFactor, DEFAULT_RETENTION_MS);
  }

  /**
   * Creates whichever of {@code names} do not exist yet.
   *
   * @param partitions empty for the broker's default
   * @param replicationFactor empty for the broker's default
   * @param retentionMs {@code retention.ms} of the topics created but jobs (compacted) and
   *     executions topics; -1: for ever
   * @return the names of the topics it created (those that another client created meanwhile
   *     included)
   */
  public static List<String> ensure(
      Properties client,
      Topics topics,
      List<String> names,
      Optional<Integer> partitions,
      Optional<Short> replicationFactor,
      long retentionMs) {
    try (Admin admin = Admin.create(client)) {
      Set<String> existing = admin.listTopics().names().get(30, TimeUnit.SECONDS);
      List<NewTopic> missing = new ArrayList<>();
      for (String name : names) {
        if (!existing.contains(name)) {
          missing.add(
              new NewTopic(name, partitions, replicationFactor)
                  .configs(configs(topics, name, retentionMs)));
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
      return missing.stream().map(NewTopic::name).toList();
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new IllegalStateException("interrupted while creating topics", e);
    } catch (Exception e) {
      throw new IllegalStateException(
          "cannot create the runlog topics on "
              + client.get("bootstrap.servers")
              + ": "
              + e.getMessage(),
          e);
    }
  }

  /**
   * Creates whichever of {@code names} do not exist yet with the partitions and replication factor
   * of {@code template} (the broker's defaults while that does not exist).
   */
  public static List<String> ensureLike(
      Properties client, Topics topics, List<String> names, String template) {
    return ensureLike(client, topics, names, template, DEFAULT_RETENTION_MS);
  }

  /** {@link #ensureLike(Properties, Topics, List, String)}, log topics kept {@code retentionMs}. */
  public static List<String> ensureLike(
      Properties client, Topics topics, List<String> names, String template, long retentionMs) {
    Optional<TopicDescription> description = describe(client, template);
    return ensure(
        client,
        topics,
        names,
        description.map(d -> d.partitions().size()),
        description.map(d -> (short) d.partitions().get(0).replicas().size()),
        retentionMs);
  }

  /** The partition count of {@code topic}, empty while it does not exist. */
  public static Optional<Integer> partitions(Properties client, String topic) {
    return describe(client, topic).map(d -> d.partitions().size());
  }

  private static Optional<TopicDescription> describe(Properties client, String topic) {
    try (Admin admin = Admin.create(client)) {
      return Optional.of(
          admin
              .describeTopics(List.of(topic))
              .allTopicNames()
              .get(30, TimeUnit.SECONDS)
              .get(topic));
    } catch (java.util.concurrent.ExecutionException e) {
      if (e.getCause() instanceof UnknownTopicOrPartitionException) {
        return Optional.empty();
      }
      throw new IllegalStateException(
          "cannot read topic " + topic + ": " + e.getCause().getMessage(), e.getCause());
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new IllegalStateException("interrupted while reading topic " + topic, e);
    } catch (java.util.concurrent.TimeoutException e) {
      throw new IllegalStateException(
          "cannot read topic " + topic + " on " + client.get("bootstrap.servers") + ": timed out",
          e);
    }
  }

  private static Map<String, String> configs(Topics topics, String name, long retentionMs) {
    if (isCompacted(topics, name)) {
      return Map.of(TopicConfig.CLEANUP_POLICY_CONFIG, TopicConfig.CLEANUP_POLICY_COMPACT);
    }
    if (isExecutions(topics, name)) {
      // the broker's retention, as before: workers create them, and an execution waits there only
      // while no worker takes it
      return Map.of();
    }
    return Map.of(TopicConfig.RETENTION_MS_CONFIG, String.valueOf(retentionMs));
  }

  /**
   * True for the topics the retention is set on: all but jobs and sources (compacted) and the
   * executions topics.
   */
  public static boolean keptForRetention(Topics topics, String name) {
    return !isCompacted(topics, name) && !isExecutions(topics, name);
  }

  /** The definitions (jobs, sources, connections): each key's latest value is kept for ever. */
  private static boolean isCompacted(Topics topics, String name) {
    return name.equals(topics.jobs().name())
        || name.equals(topics.sources().name())
        || name.equals(topics.connections().name());
  }

  private static boolean isExecutions(Topics topics, String name) {
    return name.startsWith(topics.prefix() + ".executions.");
  }
}
