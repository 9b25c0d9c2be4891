package dev.runlog.protocol.topic;

import dev.runlog.protocol.codec.Codecs;
import dev.runlog.protocol.connection.Connection;
import dev.runlog.protocol.deadletter.DeadLetter;
import dev.runlog.protocol.execution.ExecuteRun;
import dev.runlog.protocol.job.JobDefinition;
import dev.runlog.protocol.run.RunEvent;
import dev.runlog.protocol.source.SourceDefinition;
import dev.runlog.protocol.trigger.TriggerEvent;
import java.util.List;
import java.util.regex.Pattern;
import org.apache.kafka.common.serialization.Serdes;

/**
 * Every runlog topic, named {@code <prefix>.<name>} so that several environments can share one
 * cluster. Keys are strings: event id, run id or job id.
 *
 * <pre>Topics topics = new Topics("runlog"); // runlog.triggers, runlog.run-events, ...</pre>
 */
public record Topics(String prefix) {
  public static final String DEFAULT_PREFIX = "runlog";

  /** Kafka's longest topic name. */
  private static final int MAX_NAME = 249;

  public Topics {
    if (prefix == null || prefix.isBlank() || !prefix.matches("[a-zA-Z0-9._-]+")) {
      throw new IllegalArgumentException(
          "topic prefix must be letters, digits, '.', '_' or '-': " + prefix);
    }
  }

  public Topic<String, TriggerEvent> triggers() {
    return new Topic<>(prefix + ".triggers", Serdes.String(), Codecs.TRIGGER_EVENT.serde());
  }

  public Topic<String, RunEvent> runEvents() {
    return new Topic<>(prefix + ".run-events", Serdes.String(), Codecs.RUN_EVENT.serde());
  }

  /**
   * The executions topic of job {@code jobId}: {@code <prefix>.executions.<jobId>}, or a digest of
   * the id where it has characters a topic name cannot. One topic per job, so that workers read
   * only the executions of the jobs they have: two worker services on one queue (one consumer
   * group) subscribe to different topics, and Kafka assigns each topic's partitions only to the
   * members that have it.
   */
  /**
   * A job id that can be a topic name's last part as it is (compiled once: every dispatch asks).
   */
  private static final Pattern TOPIC_SAFE = Pattern.compile("[a-zA-Z0-9._-]+");

  public Topic<String, ExecuteRun> executions(String jobId) {
    String base = prefix + ".executions.";
    String name =
        TOPIC_SAFE.matcher(jobId).matches() && base.length() + jobId.length() <= MAX_NAME
            ? jobId
            : "job-" + digest(jobId);
    return new Topic<>(base + name, Serdes.String(), Codecs.EXECUTE_RUN.serde());
  }

  public Topic<String, JobDefinition> jobs() {
    return new Topic<>(prefix + ".jobs", Serdes.String(), Codecs.JOB_DEFINITION.serde());
  }

  /**
   * Where trigger events come from besides the triggers topic (Kafka topics, webhooks, schedules),
   * keyed by source id; compacted, like the jobs.
   */
  public Topic<String, SourceDefinition> sources() {
    return new Topic<>(prefix + ".sources", Serdes.String(), Codecs.SOURCE_DEFINITION.serde());
  }

  /**
   * Managed connections: an integration's credentials (sealed), keyed by {@code integration} or
   * {@code integration/accountId}; compacted, a tombstone deletes.
   */
  public Topic<String, Connection> connections() {
    return new Topic<>(prefix + ".connections", Serdes.String(), Codecs.CONNECTION.serde());
  }

  public Topic<byte[], DeadLetter> deadLetters() {
    return new Topic<>(prefix + ".dead-letters", Serdes.ByteArray(), Codecs.DEAD_LETTER.serde());
  }

  /**
   * The topics the engine creates at start-up (each job's executions topic comes with its workers).
   */
  public List<String> engineTopics() {
    return List.of(
        triggers().name(),
        runEvents().name(),
        jobs().name(),
        deadLetters().name(),
        sources().name(),
        connections().name());
  }

  private static String digest(String text) {
    try {
      byte[] hash =
          java.security.MessageDigest.getInstance("SHA-256")
              .digest(text.getBytes(java.nio.charset.StandardCharsets.UTF_8));
      return java.util.HexFormat.of().formatHex(hash, 0, 16);
    } catch (java.security.NoSuchAlgorithmException e) {
      throw new IllegalStateException("SHA-256 is part of every JVM", e);
    }
  }
}
