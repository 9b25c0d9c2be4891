package dev.runlog.engine.history;

import com.fasterxml.jackson.databind.JsonNode;
import dev.runlog.engine.store.JsonSerde;
import dev.runlog.protocol.run.RunEvent;
import dev.runlog.protocol.run.RunEventBody;
import java.io.IOException;
import java.util.ArrayList;
import java.util.List;
import org.apache.kafka.common.serialization.StringSerializer;
import org.apache.kafka.streams.state.KeyValueIterator;
import org.apache.kafka.streams.state.KeyValueStore;
import org.apache.kafka.streams.state.ReadOnlyKeyValueStore;

/**
 * A run's events and log lines, kept beside its state so that the API shows them without reading
 * the log back: events keyed {@code runId NUL seq} (log order), log lines {@code runId NUL key}
 * (call order: the key counts the steps passed and the lines since).
 */
public final class RunHistory {
  public static final String EVENTS = "run-history";
  public static final String LOGS = "run-logs";
  private static final char SEPARATOR = '\u0000';

  private RunHistory() {}

  /** Keeps {@code event} as the run's event number {@code seq}. */
  public static void record(KeyValueStore<String, HistoryEntry> events, long seq, RunEvent event, String ignored) {
    JsonNode body = JsonSerde.MAPPER.valueToTree(event.body());
    events.put(key(event.runId(), seq), new HistoryEntry(seq, event.type(), event.origin().name(), event.execution(), event.timestamp(),
        body, ignored));
  }

  /** Keeps a log line unless a replay wrote it before: the first line of a key wins. */
  public static void log(KeyValueStore<String, LogLine> logs, RunEvent event, RunEventBody.LogWritten line) {
    String key = line.key() == null ? String.format("~%019d", event.timestamp().toEpochMilli()) : line.key();
    logs.putIfAbsent(key(event.runId(), key), new LogLine(key, line.level(), line.message(), fields(line.fields()), event.timestamp()));
  }

  public static List<HistoryEntry> events(ReadOnlyKeyValueStore<String, HistoryEntry> store, String runId) {
    return scan(store, runId);
  }

  public static List<LogLine> logs(ReadOnlyKeyValueStore<String, LogLine> store, String runId) {
    return scan(store, runId);
  }

  private static String key(String runId, long seq) {
    return key(runId, String.format("%012d", seq));
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
    try (KeyValueIterator<String, V> it = store.prefixScan(runId + SEPARATOR, new StringSerializer())) {
      it.forEachRemaining(kv -> values.add(kv.value));
    }
    return values;
  }
}
