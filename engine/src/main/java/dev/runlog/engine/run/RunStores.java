package dev.runlog.engine.run;

import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import org.apache.kafka.common.serialization.StringSerializer;
import org.apache.kafka.streams.KeyValue;
import org.apache.kafka.streams.state.KeyValueIterator;
import org.apache.kafka.streams.state.ReadOnlyKeyValueStore;

/**
 * Names and key layout of the run stores. Tasks are keyed {@code runId + NUL + taskKey}, so one task
 * is one record and a run's tasks are one prefix scan.
 */
public final class RunStores {
  public static final String RUNS = "runs";
  public static final String INPUTS = "run-inputs";
  public static final String TASKS = "run-tasks";
  private static final char SEPARATOR = '\u0000';

  private RunStores() {}

  public static String taskKey(String runId, String taskKey) {
    return runId + SEPARATOR + taskKey;
  }

  /** The run's tasks in call order. */
  public static List<TaskState> tasks(ReadOnlyKeyValueStore<String, TaskState> store, String runId) {
    List<TaskState> tasks = new ArrayList<>();
    try (KeyValueIterator<String, TaskState> it = store.prefixScan(runId + SEPARATOR, new StringSerializer())) {
      while (it.hasNext()) {
        KeyValue<String, TaskState> kv = it.next();
        tasks.add(kv.value);
      }
    }
    tasks.sort(Comparator.comparingInt(TaskState::index));
    return tasks;
  }
}
