package dev.runlog.connectors.schedule;

import com.fasterxml.jackson.databind.JsonNode;
import dev.runlog.connectors.source.InvalidSourceException;

/** When a schedule fires and what it starts (placeholder: a cron expression). */
public record ScheduleSpec(String cron) {
  public static ScheduleSpec parse(JsonNode spec) {
    String cron = spec.path("cron").asText("");
    if (cron.isBlank()) {
      throw new InvalidSourceException("a schedule needs \"cron\"");
    }
    return new ScheduleSpec(cron);
  }
}
