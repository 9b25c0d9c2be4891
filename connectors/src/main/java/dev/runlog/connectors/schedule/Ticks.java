package dev.runlog.connectors.schedule;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.time.Instant;

/** What a tick sends: its event id and its payload. */
public final class Ticks {
  /** The {@code source} of a tick's trigger event names the schedule after this prefix. */
  public static final String SOURCE_PREFIX = "schedule:";

  private static final ObjectMapper JSON = new ObjectMapper();

  private Ticks() {}

  /**
   * The event id of schedule {@code scheduleId}'s tick at {@code scheduledAt}: the same on every
   * engine instance and after every restart, so that a tick fired twice makes one run (the engine
   * derives run ids from event ids).
   */
  public static String eventId(String scheduleId, Instant scheduledAt) {
    return SOURCE_PREFIX + scheduleId + ":" + scheduledAt.toEpochMilli();
  }

  /**
   * The tick's payload: the spec's static payload, then {@code scheduleId}, {@code scheduledAt},
   * {@code lastFiredAt} (the scheduled time of the tick fired before, null the first time) and
   * {@code catchUp} (true when the tick stands for missed ones), which win over static fields of
   * the same names.
   */
  public static String payload(
      ScheduleSpec spec, String scheduleId, TickPlanner.Tick tick, Instant lastFiredAt) {
    ObjectNode payload = JSON.createObjectNode();
    if (spec.payload() != null) {
      try {
        JsonNode fixed = JSON.readTree(spec.payload());
        fixed.properties().forEach(e -> payload.set(e.getKey(), e.getValue()));
      } catch (IOException e) {
        throw new UncheckedIOException(e);
      }
    }
    payload.put("scheduleId", scheduleId);
    payload.put("scheduledAt", tick.scheduledAt().toString());
    if (lastFiredAt == null) {
      payload.putNull("lastFiredAt");
    } else {
      payload.put("lastFiredAt", lastFiredAt.toString());
    }
    payload.put("catchUp", tick.catchUp());
    return payload.toString();
  }
}
