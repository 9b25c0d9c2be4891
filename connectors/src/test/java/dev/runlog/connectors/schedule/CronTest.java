package dev.runlog.connectors.schedule;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.time.Instant;
import java.time.ZonedDateTime;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

class CronTest {
  private static List<String> ticks(Cron cron, String fromUtc, int n) {
    List<String> out = new ArrayList<>();
    Instant t = Instant.parse(fromUtc);
    for (int i = 0; i < n; i++) {
      t = cron.nextAfter(t);
      out.add(ZonedDateTime.ofInstant(t, cron.zone()).toOffsetDateTime().toString());
    }
    return out;
  }

  @Test
  void fiveFieldsAreMinutesAndSixStartWithSeconds() {
    Cron weekdays = Cron.parse("0 9 * * MON-FRI", "Europe/Berlin");
    // Friday 27 March 2026, 10:00 in Berlin: next Monday, Tuesday, Wednesday at 09:00
    assertEquals(
        List.of("2026-03-30T09:00+02:00", "2026-03-31T09:00+02:00", "2026-04-01T09:00+02:00"),
        ticks(weekdays, "2026-03-27T09:00:00Z", 3));
    Cron everyTenSeconds = Cron.parse("*/10 * * * * *", null);
    assertEquals(
        List.of("2026-01-01T00:00:10Z", "2026-01-01T00:00:20Z"),
        ticks(everyTenSeconds, "2026-01-01T00:00:00Z", 2));
  }

  @Test
  void aTimeThatDoesNotExistOnTheDayClocksGoForwardFiresOnceShiftedByTheGap() {
    Cron daily = Cron.parse("30 2 * * *", "Europe/Berlin"); // 29 March 2026: 02:00 -> 03:00
    assertEquals(
        List.of("2026-03-28T02:30+01:00", "2026-03-29T03:30+02:00", "2026-03-30T02:30+02:00"),
        ticks(daily, "2026-03-27T12:00:00Z", 3));
  }

  @Test
  void everyHourFollowsRealTimeThroughTheGapWithoutDoubling() {
    Cron hourly = Cron.parse("0 * * * *", "Europe/Berlin");
    assertEquals(
        List.of("2026-03-29T01:00+01:00", "2026-03-29T03:00+02:00", "2026-03-29T04:00+02:00"),
        ticks(hourly, "2026-03-28T23:30:00Z", 3));
    Cron quarterly = Cron.parse("*/15 * * * *", "Europe/Berlin");
    assertEquals(
        List.of("2026-03-29T01:45+01:00", "2026-03-29T03:00+02:00", "2026-03-29T03:15+02:00"),
        ticks(quarterly, "2026-03-29T00:40:00Z", 3));
  }

  @Test
  void aTimeThatHappensTwiceOnTheDayClocksGoBackFiresOnce() {
    Cron daily = Cron.parse("30 2 * * *", "Europe/Berlin"); // 25 October 2026: 03:00 -> 02:00
    assertEquals(
        List.of("2026-10-25T02:30+02:00", "2026-10-26T02:30+01:00"),
        ticks(daily, "2026-10-24T12:00:00Z", 2));
    // from inside the repeated hour, after the first 02:30 (cron-utils alone says 02:30+01:00)
    assertEquals(List.of("2026-10-26T02:30+01:00"), ticks(daily, "2026-10-25T00:45:00Z", 1));
  }

  @Test
  void everyHalfHourFiresInEachRealHalfHourOfTheRepeatedHour() {
    Cron halfHourly = Cron.parse("*/30 * * * *", "Europe/Berlin");
    assertEquals(
        List.of(
            "2026-10-25T02:00+02:00",
            "2026-10-25T02:30+02:00",
            "2026-10-25T02:00+01:00",
            "2026-10-25T02:30+01:00",
            "2026-10-25T03:00+01:00"),
        ticks(halfHourly, "2026-10-24T23:45:00Z", 5));
  }

  @Test
  void theLastTickAtOrBeforeAnInstant() {
    Cron hourly = Cron.parse("0 * * * *", "UTC");
    assertEquals(
        Instant.parse("2026-01-01T10:00:00Z"),
        hourly.lastAtOrBefore(Instant.parse("2026-01-01T10:00:00Z")));
    assertEquals(
        Instant.parse("2026-01-01T10:00:00Z"),
        hourly.lastAtOrBefore(Instant.parse("2026-01-01T10:59:59.999Z")));
  }

  @Test
  void badExpressionsSayWhatIsWrong() {
    assertMessage("has 4 fields; expected 5", () -> Cron.parse("0 9 * *", null));
    assertMessage("has 7 fields", () -> Cron.parse("0 0 9 * * * 2026", null));
    assertMessage("does not parse", () -> Cron.parse("0 25 * * *", null));
    assertMessage("does not parse", () -> Cron.parse("0 9 * * MON-FRX", null));
    assertMessage("never fires", () -> Cron.parse("0 9 30 2 *", null));
    assertMessage(
        "unknown time zone \"Mars/Olympus\"", () -> Cron.parse("0 9 * * *", "Mars/Olympus"));
    assertMessage("needs an expression", () -> Cron.parse(" ", null));
  }

  static void assertMessage(String expected, org.junit.jupiter.api.function.Executable call) {
    IllegalArgumentException e = assertThrows(IllegalArgumentException.class, call);
    assertTrue(e.getMessage().contains(expected), e.getMessage());
  }
}
