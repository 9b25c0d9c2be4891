package dev.runlog.engine.index;

import com.fasterxml.jackson.databind.JsonNode;
import dev.runlog.engine.run.RunState;
import dev.runlog.engine.store.JsonSerde;
import java.io.IOException;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.function.Function;
import org.apache.kafka.streams.state.KeyValueStore;
import org.apache.kafka.streams.state.ReadOnlyKeyValueStore;

/**
 * Runs by a field of their payload, newest first, kept per partition of the runs: what finds "the
 * runs whose payload has {@code orderId} = 42" without reading every run.
 *
 * <p>Written once, when the run is created, and removed when it expires: a payload never changes.
 * Only the first {@link #MAX_FIELDS} top-level scalar fields (string, number, boolean) are kept,
 * whose name is at most {@link #MAX_NAME} and whose value at most {@link #MAX_VALUE} characters:
 * that bounds what a run costs the run processor (at most {@code MAX_FIELDS} small writes, once)
 * and the store, whatever the payloads. A number or boolean is kept as its JSON text, so {@code 42}
 * finds both {@code 42} and {@code "42"}.
 *
 * <p>Keys: {@code field NUL value NUL tail} ({@link TimeKeys}); the value is the run's job id.
 */
public final class PayloadIndex {
  public static final String STORE = "run-payload-fields";
  public static final int MAX_FIELDS = 8;
  public static final int MAX_NAME = 64;
  public static final int MAX_VALUE = 128;
  private static final char SEPARATOR = TimeKeys.SEPARATOR;

  private PayloadIndex() {}

  /** Indexes the new run {@code run} by its payload (JSON text; null or not an object: nothing). */
  public static void add(KeyValueStore<String, String> store, RunState run, String payload) {
    for (Map.Entry<String, String> field : fields(payload)) {
      store.put(key(field.getKey(), field.getValue(), run), run.jobId());
    }
  }

  /** Takes run {@code run}, created with {@code payload}, out of the index. */
  public static void remove(KeyValueStore<String, String> store, RunState run, String payload) {
    for (Map.Entry<String, String> field : fields(payload)) {
      store.put(key(field.getKey(), field.getValue(), run), null);
    }
  }

  /**
   * A bounded scan of the runs whose payload has {@code field} = {@code value} in {@code range};
   * {@code run} reads a run's summary by id and may drop it (null), to filter by job or status.
   */
  public static Slice<RunSummary> slice(
      ReadOnlyKeyValueStore<String, String> store,
      String field,
      String value,
      TimeKeys.Range range,
      int limit,
      Function<String, RunSummary> run) {
    if (!indexable(field, value)) {
      return Slice.empty();
    }
    return Scans.scan(
        store,
        field + SEPARATOR + value + SEPARATOR,
        range,
        limit,
        (tail, jobId) -> run.apply(TimeKeys.id(tail)));
  }

  /** True when {@code payload} has a field the index keeps with that value. */
  public static boolean has(String payload, String field, String value) {
    return fields(payload).contains(Map.entry(field, value));
  }

  /** False for a field or value this index does not keep (too long, or holding a NUL). */
  public static boolean indexable(String field, String value) {
    return !field.isEmpty()
        && field.length() <= MAX_NAME
        && value.length() <= MAX_VALUE
        && field.indexOf(SEPARATOR) < 0
        && value.indexOf(SEPARATOR) < 0;
  }

  /** The fields of {@code payload} this index keeps, in the payload's order. */
  public static List<Map.Entry<String, String>> fields(String payload) {
    List<Map.Entry<String, String>> fields = new ArrayList<>();
    if (payload == null || payload.isEmpty() || payload.charAt(0) != '{') {
      return fields;
    }
    JsonNode root;
    try {
      root = JsonSerde.MAPPER.readTree(payload);
    } catch (IOException e) {
      return fields;
    }
    for (Map.Entry<String, JsonNode> field : root.properties()) {
      if (fields.size() == MAX_FIELDS) {
        break;
      }
      JsonNode node = field.getValue();
      if (node.isValueNode() && !node.isNull()) {
        String value = node.isTextual() ? node.textValue() : node.toString();
        if (indexable(field.getKey(), value)) {
          fields.add(Map.entry(field.getKey(), value));
        }
      }
    }
    return fields;
  }

  private static String key(String field, String value, RunState run) {
    return field + SEPARATOR + value + SEPARATOR + TimeKeys.tail(run.createdAt(), run.runId());
  }
}
