package dev.runlog.sdk;

import dev.runlog.protocol.codec.Codecs;
import dev.runlog.protocol.codec.DecodeException;
import dev.runlog.protocol.execution.ExecuteRun;
import java.util.HashMap;
import java.util.IdentityHashMap;
import java.util.Map;
import org.apache.kafka.clients.consumer.ConsumerRecord;

/**
 * The executions of one poll that a later record of the same run makes stale. A run's records are
 * in one partition, in the order the engine wrote them, so within a batch the last record of a run
 * is the engine's latest word on it: an older execution, or the same execution followed by a stop
 * notice (cancel, time-out), must not run its tasks.
 */
final class Superseded {
  private final Map<ConsumerRecord<String, byte[]>, ExecuteRun> decoded = new IdentityHashMap<>();
  private final Map<String, ExecuteRun> latest = new HashMap<>();

  private Superseded() {}

  static Superseded in(Iterable<ConsumerRecord<String, byte[]>> batch) {
    Superseded result = new Superseded();
    for (ConsumerRecord<String, byte[]> record : batch) {
      ExecuteRun command;
      try {
        command = Codecs.EXECUTE_RUN.decode(record.value());
      } catch (DecodeException e) {
        continue;
      }
      result.decoded.put(record, command);
      result.latest.put(command.runId(), command);
    }
    return result;
  }

  /** The record's execution, null when it cannot be read. */
  ExecuteRun command(ConsumerRecord<String, byte[]> record) {
    return decoded.get(record);
  }

  /** True when a later record of the batch replaces this one's execution. */
  boolean isSuperseded(ConsumerRecord<String, byte[]> record) {
    ExecuteRun command = decoded.get(record);
    ExecuteRun last = command == null ? null : latest.get(command.runId());
    if (last == null || last == command) {
      return false;
    }
    return last.execution() > command.execution()
        || (last.execution() == command.execution() && !command.cancelRequested());
  }
}
