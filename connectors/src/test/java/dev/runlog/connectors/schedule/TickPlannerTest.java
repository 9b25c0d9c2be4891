package dev.runlog.connectors.schedule;

import static org.junit.jupiter.api.Assertions.assertEquals;

import dev.runlog.connectors.schedule.TickPlanner.Plan;
import dev.runlog.connectors.schedule.TickPlanner.Tick;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import org.junit.jupiter.api.Test;

class TickPlannerTest {
  private static final Every SECOND = new Every(Duration.ofSeconds(1));
  private static final Instant T0 = Instant.parse("2026-06-01T12:00:00Z");

  private static Instant at(double seconds) {
    return T0.plusMillis((long) (seconds * 1000));
  }

  @Test
  void nothingFiresBeforeTheNextTick() {
    assertEquals(
        new Plan(List.of(), at(1)), TickPlanner.plan(SECOND, CatchUp.SKIP, at(1), at(0.9)));
  }

  @Test
  void aDueTickFiresAndTheNextIsAfterNow() {
    assertEquals(
        new Plan(List.of(new Tick(at(1), false)), at(2)),
        TickPlanner.plan(SECOND, CatchUp.SKIP, at(1), at(1.3)));
  }

  @Test
  void ticksLateByLessThanTheirToleranceAllFireInOrder() {
    // a punctuation 1.5 s late: both ticks are within the 5 s minimum tolerance
    assertEquals(
        new Plan(List.of(new Tick(at(1), false), new Tick(at(2), false)), at(3)),
        TickPlanner.plan(SECOND, CatchUp.SKIP, at(1), at(2.5)));
  }

  @Test
  void afterDowntimeSkipDropsTheMissedTicksAndGoesOn() {
    // down from 1 s to 30 s: ticks 1..25 are older than 5 s
    Plan plan = TickPlanner.plan(SECOND, CatchUp.SKIP, at(1), at(30.5));
    assertEquals(
        List.of(at(26), at(27), at(28), at(29), at(30)),
        plan.fire().stream().map(Tick::scheduledAt).toList());
    assertEquals(at(31), plan.nextTick());
  }

  @Test
  void afterDowntimeOnceFiresOneRunForTheLatestMissedTick() {
    Plan plan = TickPlanner.plan(SECOND, CatchUp.ONCE, at(1), at(30.5));
    assertEquals(new Tick(at(25), true), plan.fire().get(0));
    assertEquals(
        List.of(at(25), at(26), at(27), at(28), at(29), at(30)),
        plan.fire().stream().map(Tick::scheduledAt).toList());
  }

  @Test
  void aMonthOfDowntimeIsOneJumpNotABurst() {
    Instant now = T0.plus(Duration.ofDays(31)).plusMillis(500);
    Plan skip = TickPlanner.plan(SECOND, CatchUp.SKIP, at(1), now);
    assertEquals(5, skip.fire().size());
    Plan once = TickPlanner.plan(SECOND, CatchUp.ONCE, at(1), now);
    assertEquals(6, once.fire().size());
    assertEquals(now.minusMillis(500).minusSeconds(5), once.fire().get(0).scheduledAt());
    assertEquals(now.minusMillis(500).plusSeconds(1), once.nextTick());
  }

  @Test
  void aDailyTickStillRunsWhenTheEngineCameBackWithinAQuarterOfAnHour() {
    Cron daily = Cron.parse("0 9 * * *", "UTC");
    Instant nine = Instant.parse("2026-06-01T09:00:00Z");
    Plan late = TickPlanner.plan(daily, CatchUp.SKIP, nine, nine.plus(Duration.ofMinutes(14)));
    assertEquals(List.of(new Tick(nine, false)), late.fire());
    assertEquals(Instant.parse("2026-06-02T09:00:00Z"), late.nextTick());

    Instant eleven = Instant.parse("2026-06-01T11:00:00Z");
    Plan skipped = TickPlanner.plan(daily, CatchUp.SKIP, nine, eleven);
    assertEquals(List.of(), skipped.fire());
    assertEquals(Instant.parse("2026-06-02T09:00:00Z"), skipped.nextTick());
    Plan caughtUp = TickPlanner.plan(daily, CatchUp.ONCE, nine, eleven);
    assertEquals(List.of(new Tick(nine, true)), caughtUp.fire());
  }

  @Test
  void aWeekOfMissedDailyTicksCatchesUpWithTheLatest() {
    Cron daily = Cron.parse("0 9 * * *", "UTC");
    Instant nine = Instant.parse("2026-06-01T09:00:00Z");
    Plan plan = TickPlanner.plan(daily, CatchUp.ONCE, nine, Instant.parse("2026-06-08T10:00:00Z"));
    assertEquals(List.of(new Tick(Instant.parse("2026-06-08T09:00:00Z"), true)), plan.fire());
    assertEquals(Instant.parse("2026-06-09T09:00:00Z"), plan.nextTick());
  }

  @Test
  void toleranceIsThePeriodBetweenFiveSecondsAndAQuarterOfAnHour() {
    assertEquals(Duration.ofSeconds(5), TickPlanner.tolerance(at(0), at(1)));
    assertEquals(Duration.ofSeconds(30), TickPlanner.tolerance(at(0), at(30)));
    assertEquals(Duration.ofMinutes(15), TickPlanner.tolerance(at(0), at(86_400)));
    assertEquals(Duration.ofMinutes(15), TickPlanner.tolerance(at(0), null));
  }
}
