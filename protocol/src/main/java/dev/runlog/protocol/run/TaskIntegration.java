package dev.runlog.protocol.run;

import java.util.Objects;

/**
 * The integration a task called, so that REST and the dashboard can show it as such.
 *
 * @param kind what it talks to: {@code slack}, {@code http}, {@code kafka}, or a custom kind
 * @param name the name the job declared it under (its connection's name)
 * @param operation what it did, e.g. {@code postMessage}
 */
public record TaskIntegration(String kind, String name, String operation) {
  /** The kind of {@code io.kafka()}: its records are committed in the transaction of its event. */
  public static final String KAFKA = "kafka";

  /** The label of {@code io.kafka().send}. */
  public static final TaskIntegration KAFKA_SEND = new TaskIntegration(KAFKA, KAFKA, "send");

  public TaskIntegration {
    Objects.requireNonNull(kind, "kind");
    Objects.requireNonNull(name, "name");
    Objects.requireNonNull(operation, "operation");
  }

  /**
   * True when the task's {@code TaskCompleted} was committed in one Kafka transaction with the
   * records the task wrote: whichever execution wrote it, the task's effect is in Kafka.
   */
  public boolean committedWithItsRecords() {
    return KAFKA.equals(kind);
  }
}
