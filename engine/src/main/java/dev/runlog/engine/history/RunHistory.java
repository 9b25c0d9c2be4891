package dev.runlog.engine.history;

import com.fasterxml.jackson.databind.JsonNode;
import dev.runlog.engine.run.TaskState;
import dev.runlog.engine.store.JsonSerde;
import dev.runlog.engine.store.Keys;
import dev.runlog.protocol.codec.Codecs;
import dev.runlog.protocol.run.Origin;
import dev.runlog.protocol.run.RunEvent;
import dev.runlog.protocol.run.RunEventBody;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import org.apache.kafka.common.serialization.StringSerializer;
import org.apache.kafka.streams.state.KeyValueIterator;
import org.apache.kafka.streams.state.KeyValueStore;
import org.apache.kafka.streams.state.ReadOnlyKeyValueStore;

/**
 * A run's events and log lines, kept beside its state so that the API shows them without reading
 * the log back: events keyed {@code runId NUL seq} (log order), log lines {@code runId NUL key}
 * (call order: the key counts the steps passed and the lines since). A {@code TaskCompleted} whose
 * task reproduces it exactly is not kept here: its task stands in for it ({@link
 * TaskState.Completion}), so that completing a task costs one store write.
 */
public final class RunHistory {
  public static final String EVENTS = "run-history";
  public static final String LOGS = "run-logs";
  private static final char SEPARATOR = '\u0000';
  private static final byte FORMAT = 1;
  private static final org.apache.kafka.common.serialization.Deserializer<HistoryEntry> OLD_FORMAT =
      new JsonSerde<>(HistoryEntry.class).deserializer();

  private RunHistory() {}

  /**
   * Keeps {@code event} as the run's event number {@code seq}: its Avro bytes as they are in the
   * log (no re-encoding on the hot path), with why it was ignored; the API decodes them when asked.
   */
  public static void record(
      KeyValueStore<String, byte[]> events, String runId, long seq, byte[] event, String ignored) {
    byte[] reason = ignored == null ? null : ignored.getBytes(StandardCharsets.UTF_8);
    ByteBuffer value =
        ByteBuffer.allocate(1 + 4 + (reason == null ? 0 : reason.length) + event.length);
    value.put(FORMAT).putInt(reason == null ? -1 : reason.length);
    if (reason != null) {
      value.put(reason);
    }
    events.put(key(runId, seq), value.put(event).array());
  }

  /** Keeps a log line unless a replay wrote it before: the first line of a key wins. */
  public static void log(
      KeyValueStore<String, LogLine> logs, RunEvent event, RunEventBody.LogWritten line) {
    String key =
        line.key() == null ? "~" + Keys.padded(event.timestamp().toEpochMilli(), 19) : line.key();
    logs.putIfAbsent(
        key(event.runId(), key),
        new LogLine(key, line.level(), line.message(), fields(line.fields()), event.timestamp()));
  }

  /**
   * The completion {@code task} can stand in for: set when the task, as {@code event} (the run's
   * event number {@code seq}) left it, reproduces that event exactly; else null, and the event goes
   * to the history store.
   */
  public static TaskState.Completion completion(RunEvent event, long seq, TaskState task) {
    if (!(event.body() instanceof RunEventBody.TaskCompleted completed)
        || task == null
        || !event.timestamp().equals(task.finishedAt())
        || !completed.equals(completedBody(task))) {
      return null;
    }
    return new TaskState.Completion(seq, event.execution(), event.origin().name());
  }

  /**
   * Writes the history entry {@code task} stands in for to the store: called before the task
   * changes again (a worker's stray event for a completed task), so that the entry outlives it.
   */
  public static void keepCompletion(
      KeyValueStore<String, byte[]> events, String runId, TaskState task) {
    TaskState.Completion c = task.completion();
    RunEvent event =
        new RunEvent(
            runId,
            task.finishedAt(),
            Origin.valueOf(c.origin()),
            c.execution(),
            completedBody(task));
    record(events, runId, c.seq(), Codecs.RUN_EVENT.encode(event), null);
  }

  private static RunEventBody.TaskCompleted completedBody(TaskState task) {
    return new RunEventBody.TaskCompleted(
        task.key(), task.output(), task.startedAt(), task.attempts(), task.integration());
  }

  /**
   * The run's events in log order: the store's and the completions its {@code tasks} stand in for.
   */
  public static List<HistoryEntry> events(
      ReadOnlyKeyValueStore<String, byte[]> store, List<TaskState> tasks, String runId) {
    List<HistoryEntry> entries = new ArrayList<>();
    try (KeyValueIterator<String, byte[]> it =
        store.prefixScan(runId + SEPARATOR, new StringSerializer())) {
      it.forEachRemaining(
          kv -> entries.add(entry(Long.parseLong(kv.key.substring(runId.length() + 1)), kv.value)));
    }
    boolean merged = false;
    for (TaskState task : tasks) {
      TaskState.Completion c = task.completion();
      if (c != null) {
        entries.add(
            new HistoryEntry(
                c.seq(),
                "TaskCompleted",
                c.origin(),
                c.execution(),
                task.finishedAt(),
                JsonSerde.MAPPER.valueToTree(completedBody(task)),
                null));
        merged = true;
      }
    }
    if (merged) {
      entries.sort(Comparator.comparingLong(HistoryEntry::seq));
    }
    return entries;
  }

  private static HistoryEntry entry(long seq, byte[] value) {
    if (value.length > 0 && value[0] == '{') {
      return OLD_FORMAT.deserialize("", value); // kept as JSON by an earlier version
    }
    ByteBuffer in = ByteBuffer.wrap(value);
    in.get();
    int reasonLength = in.getInt();
    String ignored = null;
    if (reasonLength >= 0) {
      ignored = new String(value, in.position(), reasonLength, StandardCharsets.UTF_8);
      in.position(in.position() + reasonLength);
    }
    byte[] bytes = new byte[in.remaining()];
    in.get(bytes);
    RunEvent event = Codecs.RUN_EVENT.decode(bytes);
    JsonNode body = JsonSerde.MAPPER.valueToTree(event.body());
    return new HistoryEntry(
        seq,
        event.type(),
        event.origin().name(),
        event.execution(),
        event.timestamp(),
        body,
        ignored);
  }

  /**
   * The run's latest event: its number and when it happened; null when it has none. Reads the store
   * itself (a staged view cannot scan backwards).
   */
  public static HistoryEntry latest(ReadOnlyKeyValueStore<String, byte[]> store, String runId) {
    try (KeyValueIterator<String, byte[]> it =
        store.reverseRange(runId + SEPARATOR, runId + (char) (SEPARATOR + 1))) {
      if (!it.hasNext()) {
        return null;
      }
      var kv = it.next();
      return entry(Long.parseLong(kv.key.substring(runId.length() + 1)), kv.value);
    }
  }

  public static List<LogLine> logs(ReadOnlyKeyValueStore<String, LogLine> store, String runId) {
    return scan(store, runId);
  }

  private static String key(String runId, long seq) {
    return key(runId, Keys.padded(seq, 12));
  }

  private static String key(String runId, String key) {
    return runId + SEPARATOR + key;
  }

  private static JsonNode fields(String json) {
    if (json == null) {
      return null;
    }
    try {
      return JsonSerde.MAPPER.readTree(json);
    } catch (IOException e) {
      return JsonSerde.MAPPER.getNodeFactory().textNode(json);
    }
  }

  private static <V> List<V> scan(ReadOnlyKeyValueStore<String, V> store, String runId) {
    List<V> values = new ArrayList<>();
    try (KeyValueIterator<String, V> it =
        store.prefixScan(runId + SEPARATOR, new StringSerializer())) {
      it.forEachRemaining(kv -> values.add(kv.value));
    }
    return values;
  }
}
