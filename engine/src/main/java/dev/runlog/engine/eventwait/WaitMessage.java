package dev.runlog.engine.eventwait;

import com.fasterxml.jackson.annotation.JsonSubTypes;
import com.fasterxml.jackson.annotation.JsonTypeInfo;
import java.time.Instant;

/**
 * What the event-waits topic carries, keyed by event name so that one processor sees every waiter
 * and every event of a name: a run asking to wait, an event that came.
 */
@JsonTypeInfo(use = JsonTypeInfo.Id.NAME, property = "type")
@JsonSubTypes({
  @JsonSubTypes.Type(value = WaitMessage.Register.class, name = "register"),
  @JsonSubTypes.Type(value = WaitMessage.Occurred.class, name = "occurred"),
  @JsonSubTypes.Type(value = WaitMessage.Unregister.class, name = "unregister")
})
public sealed interface WaitMessage {

  /**
   * Run {@code runId} waits ({@code waitKey}) for event {@code eventName} matching {@code filter}
   * (the filter's JSON text as the run asked, parsed by the matcher) until {@code until} (null:
   * never). Events of the name read since {@code runCreatedAt} (within the buffer window), other
   * than the one that started the run, count.
   */
  record Register(
      String eventName,
      String filter,
      String runId,
      String waitKey,
      Instant until,
      Instant runCreatedAt,
      String runEventId)
      implements WaitMessage {}

  /**
   * A trigger event the engine read for the first time; {@code receivedAt} is when it counts: when
   * it was read, or its delivery time when that is later (a delayed event).
   */
  record Occurred(
      String id, String name, String payload, String context, Instant timestamp, Instant receivedAt)
      implements WaitMessage {}

  /**
   * Run {@code runId} no longer waits ({@code waitKey}) for event {@code eventName} matching {@code
   * filter}: it expired while it waited (a wait that is only over when its run is, such as one
   * without a time-out of a canceled run, would otherwise stay for ever).
   */
  record Unregister(String eventName, String filter, String runId, String waitKey)
      implements WaitMessage {}
}
