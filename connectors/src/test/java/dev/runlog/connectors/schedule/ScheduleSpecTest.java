package dev.runlog.connectors.schedule;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.runlog.connectors.source.InvalidSourceException;
import java.time.Duration;
import java.time.Instant;
import org.junit.jupiter.api.Test;

class ScheduleSpecTest {
  private static final ObjectMapper JSON = new ObjectMapper();

  private static JsonNode json(String text) throws Exception {
    return JSON.readTree(text);
  }

  @Test
  void aCronScheduleOfAJob() throws Exception {
    ScheduleSpec spec =
        ScheduleSpec.parse(
            json(
                "{\"cron\": \"0 9 * * MON-FRI\", \"timezone\": \"Europe/Berlin\", \"job\": \"report\"}"));
    assertEquals(Cron.parse("0 9 * * MON-FRI", "Europe/Berlin"), spec.timing());
    assertEquals(new Target.RunJob("report"), spec.target());
    assertEquals(CatchUp.SKIP, spec.catchUp());
    assertNull(spec.payload());
    assertNull(spec.declaredBy());
  }

  @Test
  void anIntervalThatSendsAnEventWithAPayload() throws Exception {
    ScheduleSpec spec =
        ScheduleSpec.parse(
            json(
                "{\"interval\": \"PT30S\", \"event\": \"inventory.poll\", \"payload\": {\"w\": 1},"
                    + " \"catchUp\": \"once\"}"));
    assertEquals(new Every(Duration.ofSeconds(30)), spec.timing());
    assertEquals(new Target.SendEvent("inventory.poll"), spec.target());
    assertEquals("{\"w\":1}", spec.payload());
    assertEquals(CatchUp.ONCE, spec.catchUp());
    assertEquals(
        spec.timing(),
        ScheduleSpec.parse(json("{\"intervalSeconds\": 30, \"event\": \"x\"}")).timing());
  }

  @Test
  void theJsonFormReadsBackAsTheSameSpec() throws Exception {
    for (String text :
        new String[] {
          "{\"cron\": \"*/5 * * * * *\", \"job\": \"j\", \"catchUp\": \"once\", \"declaredBy\": \"j\"}",
          "{\"intervalSeconds\": 1, \"event\": \"e\", \"payload\": {\"a\": [1, 2]}}"
        }) {
      ScheduleSpec spec = ScheduleSpec.parse(json(text));
      assertEquals(spec, ScheduleSpec.parse(spec.toJson()));
    }
    assertEquals(
        "{\"cron\":\"0 9 * * *\",\"timezone\":\"UTC\",\"job\":\"j\",\"catchUp\":\"skip\"}",
        ScheduleSpec.parse(json("{\"cron\": \"0 9 * * *\", \"job\": \"j\"}")).toJson().toString());
  }

  @Test
  void badSpecsSayWhatIsWrong() {
    bad("{\"job\": \"j\"}", "needs a cron or an interval");
    bad("{\"cron\": \"0 9 * *\", \"job\": \"j\"}", "has 4 fields");
    bad("{\"cron\": \"0 9 * * FOO\", \"job\": \"j\"}", "does not parse");
    bad(
        "{\"cron\": \"0 9 * * *\", \"timezone\": \"Nowhere\", \"job\": \"j\"}",
        "unknown time zone");
    bad("{\"cron\": \"0 9 * * *\", \"interval\": \"PT1S\", \"job\": \"j\"}", "not several");
    bad("{\"interval\": \"30s\", \"job\": \"j\"}", "not an ISO-8601 duration");
    bad("{\"interval\": \"PT0.5S\", \"job\": \"j\"}", "at least 1 second");
    bad("{\"intervalSeconds\": 1.5, \"job\": \"j\"}", "whole number of seconds");
    bad(
        "{\"intervalSeconds\": 5, \"timezone\": \"UTC\", \"job\": \"j\"}",
        "timezone goes with cron");
    bad("{\"intervalSeconds\": 5}", "needs a job to run");
    bad("{\"intervalSeconds\": 5, \"job\": \"j\", \"event\": \"e\"}", "not both");
    bad("{\"intervalSeconds\": 5, \"job\": \"\"}", "must not be empty");
    bad(
        "{\"intervalSeconds\": 5, \"job\": \"j\", \"payload\": [1]}",
        "payload must be a JSON object");
    bad("{\"intervalSeconds\": 5, \"job\": \"j\", \"catchUp\": \"all\"}", "\"skip\" or \"once\"");
    bad("{\"intervalSeconds\": 5, \"job\": \"j\", \"cronn\": \"x\"}", "unknown field \"cronn\"");
    bad("[]", "must be a JSON object");
  }

  private static void bad(String spec, String expected) {
    InvalidSourceException e =
        assertThrows(InvalidSourceException.class, () -> ScheduleSpec.parse(json(spec)));
    assertTrue(e.getMessage().contains(expected), e.getMessage());
  }

  @Test
  void aTicksEventIdNamesTheScheduleAndTheScheduledTime() {
    assertEquals(
        "schedule:nightly:1780315200000",
        Ticks.eventId("nightly", Instant.parse("2026-06-01T12:00:00Z")));
  }

  @Test
  void aTicksPayloadMergesTheStaticFieldsWithTheTicks() throws Exception {
    ScheduleSpec spec =
        ScheduleSpec.parse(
            json(
                "{\"intervalSeconds\": 60, \"event\": \"e\", \"payload\": {\"region\": \"eu\","
                    + " \"scheduledAt\": \"overridden\"}}"));
    Instant at = Instant.parse("2026-06-01T12:00:00Z");
    assertEquals(
        json(
            "{\"region\": \"eu\", \"scheduledAt\": \"2026-06-01T12:00:00Z\", \"scheduleId\": \"s\","
                + " \"lastFiredAt\": null, \"catchUp\": false}"),
        json(Ticks.payload(spec, "s", new TickPlanner.Tick(at, false), null)));
    assertEquals(
        "2026-06-01T11:59:00Z",
        json(Ticks.payload(spec, "s", new TickPlanner.Tick(at, true), at.minusSeconds(60)))
            .path("lastFiredAt")
            .asText());
  }
}
