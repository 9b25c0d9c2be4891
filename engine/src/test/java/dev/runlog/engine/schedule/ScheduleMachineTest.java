package dev.runlog.engine.schedule;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.runlog.protocol.job.JobDefinition;
import dev.runlog.protocol.job.JobSchedule;
import dev.runlog.protocol.trigger.TriggerEvent;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

class ScheduleMachineTest {
  private static final Instant T0 = Instant.parse("2026-06-01T12:00:00.400Z");
  private static final String EVERY_10S = "{\"intervalSeconds\": 10, \"job\": \"report\"}";

  @Test
  void aNewScheduleTicksFirstAfterNowAndFiresWhenDue() {
    ScheduleState s = ScheduleMachine.define(null, "s", EVERY_10S, false, T0);
    assertEquals(Instant.parse("2026-06-01T12:00:10Z"), s.nextTick());
    ScheduleMachine.Fired early =
        ScheduleMachine.fire(s, ScheduleMachine.parse(s.spec()), T0.plusSeconds(5), "report.run");
    assertEquals(List.of(), early.events());
    ScheduleMachine.Fired due =
        ScheduleMachine.fire(s, ScheduleMachine.parse(s.spec()), T0.plusSeconds(10), "report.run");
    TriggerEvent tick = due.events().get(0);
    assertEquals("schedule:s:" + Instant.parse("2026-06-01T12:00:10Z").toEpochMilli(), tick.id());
    assertEquals("report", tick.job());
    assertEquals("report.run", tick.name());
    assertEquals(Instant.parse("2026-06-01T12:00:20Z"), due.after().nextTick());
    assertEquals(1, due.after().fired());
    assertNull(due.after().problem());
  }

  @Test
  void aTickOfAJobThatIsNotRegisteredStillFiresAndSaysSo() {
    ScheduleState s = ScheduleMachine.define(null, "s", EVERY_10S, false, T0);
    ScheduleMachine.Fired due =
        ScheduleMachine.fire(s, ScheduleMachine.parse(s.spec()), T0.plusSeconds(10), null);
    assertEquals("report", due.events().get(0).name());
    assertTrue(due.after().problem().contains("job report is not registered"));
  }

  @Test
  void pausedAndFailingSchedulesHaveNoTimer() {
    ScheduleState paused = ScheduleMachine.define(null, "s", EVERY_10S, true, T0);
    assertNull(paused.nextTick());
    assertEquals(
        List.of(),
        ScheduleMachine.fire(
                paused, ScheduleMachine.parse(EVERY_10S), T0.plusSeconds(60), "report.run")
            .events());
    ScheduleState bad = ScheduleMachine.define(null, "s", "{not json", false, T0);
    assertTrue(bad.failure().startsWith("the spec is not JSON"), bad.failure());
    assertNull(bad.nextTick());
  }

  @Test
  void aRedefinitionKeepsTheTimerAndTheCountUnlessTheTimingChanges() {
    ScheduleState s = ScheduleMachine.define(null, "s", EVERY_10S, false, T0);
    s = ScheduleMachine.fire(s, ScheduleMachine.parse(EVERY_10S), T0.plusSeconds(10), "r").after();
    ScheduleState payload =
        ScheduleMachine.define(
            s,
            "s",
            "{\"intervalSeconds\": 10, \"job\": \"report\", \"payload\": {\"a\": 1}}",
            false,
            T0.plusSeconds(12));
    assertEquals(s.nextTick(), payload.nextTick());
    assertEquals(1, payload.fired());
    ScheduleState slower =
        ScheduleMachine.define(
            s, "s", "{\"intervalSeconds\": 60, \"job\": \"report\"}", false, T0.plusSeconds(12));
    assertEquals(Instant.parse("2026-06-01T12:01:00Z"), slower.nextTick());
    assertEquals(s.lastFiredAt(), slower.lastFiredAt());
  }

  @Test
  void declaredSchedulesAreNamedByTheirJobAndChangeWithIt() {
    JobDefinition job =
        JobDefinition.of("report", "1", "report.run", T0)
            .withSchedules(
                List.of(
                    new JobSchedule("0 9 * * MON-FRI", "Europe/Berlin", null, null),
                    new JobSchedule(null, null, 90_000L, "once")));
    Map<String, String> specs = DeclaredSchedules.of(List.of(job));
    assertEquals(
        Map.of(
            "job:report:1",
            "{\"cron\":\"0 9 * * MON-FRI\",\"timezone\":\"Europe/Berlin\",\"job\":\"report\","
                + "\"catchUp\":\"skip\",\"declaredBy\":\"report\"}",
            "job:report:2",
            "{\"interval\":\"PT1M30S\",\"job\":\"report\",\"catchUp\":\"once\","
                + "\"declaredBy\":\"report\"}"),
        specs);
    assertEquals(List.of(), DeclaredSchedules.changes(specs, specs));
    assertEquals(
        List.of(
            new DeclaredSchedules.Change("job:report:1", specs.get("job:report:1")),
            new DeclaredSchedules.Change("job:old:1", null)),
        DeclaredSchedules.changes(
            Map.of("job:old:1", "{}"), Map.of("job:report:1", specs.get("job:report:1"))));
  }
}
