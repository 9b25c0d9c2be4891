package dev.runlog.engine.retention;

import java.nio.ByteBuffer;
import java.util.ArrayList;
import java.util.List;
import org.apache.kafka.common.header.Header;
import org.apache.kafka.common.header.Headers;

/**
 * The triggers partition an event was read from, carried by a header on the {@code RunCreated} it
 * led to, and kept with the run's input: when the run expires, the record of its event is found
 * there.
 */
public final class EventPartitions {
  static final String HEADER = "runlog.event-partition";

  private EventPartitions() {}

  /** Marks a RunCreated as made from an event read from triggers partition {@code partition}. */
  public static void mark(Headers headers, int partition) {
    if (partition >= 0) {
      headers.add(HEADER, ByteBuffer.allocate(4).putInt(partition).array());
    }
  }

  /**
   * The partition {@link #mark} put on the record, or -1 (a replay, a RunCreated from elsewhere).
   */
  public static int of(Headers headers) {
    Header header = headers.lastHeader(HEADER);
    return header == null || header.value() == null || header.value().length != 4
        ? -1
        : ByteBuffer.wrap(header.value()).getInt();
  }

  /** {@code known} with {@code partition} added, if it is one and is not there yet. */
  public static List<Integer> with(List<Integer> known, int partition) {
    List<Integer> all = new ArrayList<>(known == null ? List.of() : known);
    if (partition >= 0 && !all.contains(partition)) {
      all.add(partition);
    }
    return all;
  }
}
