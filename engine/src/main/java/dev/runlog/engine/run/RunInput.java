package dev.runlog.engine.run;

import java.time.Instant;
import java.util.List;

/**
 * What a run was started with; written once, read at each dispatch. Payload and context are JSON
 * text.
 *
 * @param eventPartitions the triggers partitions that hold the record of the run's event (one, or
 *     more when the event was sent under several keys), so that its expiry reaches that record
 */
public record RunInput(
    String payload,
    String context,
    Instant eventTimestamp,
    String replayOf,
    List<Integer> eventPartitions) {
  public RunInput {
    eventPartitions = eventPartitions == null ? List.of() : List.copyOf(eventPartitions);
  }

  public RunInput(String payload, String context, Instant eventTimestamp, String replayOf) {
    this(payload, context, eventTimestamp, replayOf, List.of());
  }

  public RunInput withEventPartitions(List<Integer> partitions) {
    return new RunInput(payload, context, eventTimestamp, replayOf, partitions);
  }
}
