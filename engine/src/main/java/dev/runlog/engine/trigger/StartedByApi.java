package dev.runlog.engine.trigger;

import java.nio.charset.StandardCharsets;
import java.util.Arrays;
import java.util.List;
import org.apache.kafka.common.header.Header;
import org.apache.kafka.common.header.Headers;

/**
 * The jobs whose runs the API started before it appended a trigger ({@link FirstStart}), carried by
 * a header on the trigger: the trigger processor records those runs and writes nothing for them.
 */
public final class StartedByApi {
  static final String HEADER = "runlog.started-by-api";

  private StartedByApi() {}

  /** Marks a trigger whose runs of {@code jobIds} the API started; none: no mark. */
  public static void mark(Headers headers, List<String> jobIds) {
    if (!jobIds.isEmpty()) {
      headers.add(HEADER, String.join("\n", jobIds).getBytes(StandardCharsets.UTF_8));
    }
  }

  /** The jobs {@link #mark} named on the record, or none. */
  public static List<String> jobs(Headers headers) {
    Header header = headers.lastHeader(HEADER);
    return header == null || header.value() == null || header.value().length == 0
        ? List.of()
        : Arrays.asList(new String(header.value(), StandardCharsets.UTF_8).split("\n"));
  }
}
