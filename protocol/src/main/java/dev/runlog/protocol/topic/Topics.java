package dev.runlog.protocol.topic;

import dev.runlog.protocol.codec.Codecs;
import dev.runlog.protocol.deadletter.DeadLetter;
import dev.runlog.protocol.execution.ExecuteRun;
import dev.runlog.protocol.job.JobDefinition;
import dev.runlog.protocol.run.RunEvent;
import dev.runlog.protocol.trigger.TriggerEvent;
import java.util.List;
import org.apache.kafka.common.serialization.Serdes;

/**
 * Every runlog topic, named {@code <prefix>.<name>} so that several environments can share one
 * cluster. Keys are strings: event id, run id or job id.
 *
 * <pre>Topics topics = new Topics("runlog"); // runlog.triggers, runlog.run-events, ...</pre>
 */
public record Topics(String prefix) {
  public static final String DEFAULT_PREFIX = "runlog";

  public Topics {
    if (prefix == null || prefix.isBlank() || !prefix.matches("[a-zA-Z0-9._-]+")) {
      throw new IllegalArgumentException("topic prefix must be letters, digits, '.', '_' or '-': " + prefix);
    }
  }

  public Topic<String, TriggerEvent> triggers() {
    return new Topic<>(prefix + ".triggers", Serdes.String(), Codecs.TRIGGER_EVENT.serde());
  }

  public Topic<String, RunEvent> runEvents() {
    return new Topic<>(prefix + ".run-events", Serdes.String(), Codecs.RUN_EVENT.serde());
  }

  /** The executions topic of a queue; the default queue's is {@code <prefix>.executions}. */
  public Topic<String, ExecuteRun> executions(String queue) {
    String name = queue == null || JobDefinition.DEFAULT_QUEUE.equals(queue) ? prefix + ".executions" : prefix + ".executions." + queue;
    return new Topic<>(name, Serdes.String(), Codecs.EXECUTE_RUN.serde());
  }

  public Topic<String, JobDefinition> jobs() {
    return new Topic<>(prefix + ".jobs", Serdes.String(), Codecs.JOB_DEFINITION.serde());
  }

  public Topic<byte[], DeadLetter> deadLetters() {
    return new Topic<>(prefix + ".dead-letters", Serdes.ByteArray(), Codecs.DEAD_LETTER.serde());
  }

  /** The topics the engine creates at start-up (executions topics of other queues come with their workers). */
  public List<String> engineTopics() {
    return List.of(triggers().name(), runEvents().name(), executions(null).name(), jobs().name(), deadLetters().name());
  }
}
