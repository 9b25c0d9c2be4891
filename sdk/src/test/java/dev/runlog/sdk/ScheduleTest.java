package dev.runlog.sdk;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.runlog.protocol.job.JobDefinition;
import dev.runlog.protocol.job.JobSchedule;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import org.junit.jupiter.api.Test;

class ScheduleTest {
  private static final Job<ScheduledTick> REPORT =
      Job.on("report.daily", ScheduledTick.class).run((tick, io) -> {});

  @Test
  void aJobsSchedulesReachItsDefinitionInOrder() {
    Job<ScheduledTick> job =
        REPORT
            .cron("0 9 * * MON-FRI", "Europe/Berlin")
            .every(Duration.ofMinutes(5))
            .schedule(Schedule.cron("*/10 * * * * *", "UTC").catchUpOnce())
            .concurrencyLimit(1); // another option keeps them
    JobDefinition definition = job.definition(Instant.EPOCH, "w");
    assertEquals(
        List.of(
            new JobSchedule("0 9 * * MON-FRI", "Europe/Berlin", null, null),
            new JobSchedule(null, null, 300_000L, null),
            new JobSchedule("*/10 * * * * *", "UTC", null, "once")),
        definition.schedules());
    assertEquals(List.of(), REPORT.definition(Instant.EPOCH, "w").schedules());
  }

  @Test
  void theTickIsAPayloadTypeWhoseSchemaTakesTheTicksFields() {
    String schema = REPORT.definition(Instant.EPOCH, "w").payloadSchema();
    assertTrue(schema.contains("\"scheduledAt\""), schema);
    assertTrue(schema.contains("\"lastFiredAt\""), schema);
  }

  @Test
  void aScheduleOfTheWrongShapeIsRefusedWhereItIsWritten() {
    assertMessage("has 3 fields", () -> REPORT.cron("0 9 *", "UTC"));
    assertMessage("unknown time zone \"Berlin\"", () -> REPORT.cron("0 9 * * *", "Berlin"));
    assertMessage("at least 1 second", () -> REPORT.every(Duration.ofMillis(500)));
  }

  private static void assertMessage(
      String expected, org.junit.jupiter.api.function.Executable call) {
    IllegalArgumentException e = assertThrows(IllegalArgumentException.class, call);
    assertTrue(e.getMessage().contains(expected), e.getMessage());
  }
}
