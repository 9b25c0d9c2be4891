package dev.runlog.engine.topology;

import dev.runlog.engine.run.ChildLink;
import dev.runlog.engine.run.TaskState;
import dev.runlog.engine.run.WaitState;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import org.apache.kafka.common.serialization.StringSerializer;
import org.apache.kafka.streams.KeyValue;
import org.apache.kafka.streams.state.KeyValueIterator;
import org.apache.kafka.streams.state.ReadOnlyKeyValueStore;

/**
 * Names and key layout of the run stores. Tasks and waits are keyed {@code runId + NUL + key}, so
 * one step is one record and a run's steps are one prefix scan.
 */
public final class RunStores {
  public static final String RUNS = "runs";
  public static final String INPUTS = "run-inputs";
  public static final String TASKS = "run-tasks";
  public static final String WAITS = "run-waits";

  /** A run's children ({@link ChildLink}), keyed {@code parentRunId + NUL + childRunId}. */
  public static final String CHILDREN = "run-children";

  private static final char SEPARATOR = '\u0000';

  private RunStores() {}

  public static String stepKey(String runId, String key) {
    return runId + SEPARATOR + key;
  }

  /** The run's tasks in call order. */
  public static List<TaskState> tasks(
      ReadOnlyKeyValueStore<String, TaskState> store, String runId) {
    List<TaskState> tasks = scan(store, runId);
    tasks.sort(Comparator.comparingInt(TaskState::index));
    return tasks;
  }

  /** The run's waits in the order they were asked for. */
  public static List<WaitState> waits(
      ReadOnlyKeyValueStore<String, WaitState> store, String runId) {
    List<WaitState> waits = scan(store, runId);
    waits.sort(
        Comparator.comparing(
            WaitState::requestedAt, Comparator.nullsLast(Comparator.naturalOrder())));
    return waits;
  }

  /** The run's children in the order they were created. */
  public static List<ChildLink> children(
      ReadOnlyKeyValueStore<String, ChildLink> store, String runId) {
    List<ChildLink> children = scan(store, runId);
    children.sort(
        Comparator.comparing(
            ChildLink::createdAt, Comparator.nullsLast(Comparator.naturalOrder())));
    return children;
  }

  private static <V> List<V> scan(ReadOnlyKeyValueStore<String, V> store, String runId) {
    List<V> values = new ArrayList<>();
    try (KeyValueIterator<String, V> it =
        store.prefixScan(runId + SEPARATOR, new StringSerializer())) {
      while (it.hasNext()) {
        KeyValue<String, V> kv = it.next();
        values.add(kv.value);
      }
    }
    return values;
  }
}
