package dev.runlog.engine.retention;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.runlog.protocol.topic.TopicSetup;
import java.time.Duration;
import java.time.Instant;
import java.util.Optional;
import org.junit.jupiter.api.Test;

class RetentionTest {
  private static final Instant T0 = Instant.parse("2026-11-29T10:00:00Z");

  @Test
  void topicsKeepTheRunsRetentionAndAsMuchAgainAtLeastADayMore() {
    assertEquals(Duration.ofDays(14).toMillis(), Retention.DEFAULT.topicRetentionMs());
    assertEquals(
        TopicSetup.DEFAULT_RETENTION_MS,
        Retention.DEFAULT.topicRetentionMs(),
        "what a worker creates run-events with");
    assertEquals(
        Duration.ofSeconds(5).plusDays(1).toMillis(), Retention.of(5_000).topicRetentionMs());
    assertEquals(-1, Retention.FOREVER.topicRetentionMs());
    assertEquals(Long.MAX_VALUE, Retention.of(Long.MAX_VALUE).topicRetentionMs());
  }

  @Test
  void markersAndUnmatchedEventsCountFromTheirOwnInstant() {
    Retention hour = Retention.of(Duration.ofHours(1).toMillis());
    assertEquals(T0.plusSeconds(3600), hour.forgetAt(T0));
    assertEquals(Optional.of(T0.plusSeconds(3600)), hour.unmatchedEventExpiresAt(T0));
    assertEquals(Optional.empty(), Retention.FOREVER.unmatchedEventExpiresAt(T0));
    assertEquals(
        Instant.ofEpochMilli(Long.MAX_VALUE),
        Retention.of(Long.MAX_VALUE).forgetAt(T0),
        "saturates rather than overflows");
  }

  @Test
  void nonsenseIsRefusedAndDurationsReadAsPeopleSayThem() {
    assertThrows(IllegalArgumentException.class, () -> Retention.of(0));
    assertThrows(IllegalArgumentException.class, () -> Retention.of(-2));
    assertEquals("7 days", Retention.DEFAULT.human());
    assertEquals("90 seconds", Retention.of(90_000).human());
    assertEquals("1 hour", Retention.of(3_600_000).human());
    assertEquals("1500 ms", Retention.of(1_500).human());
    assertEquals("for ever", Retention.FOREVER.human());
  }

  @Test
  void aTopicKeptShorterThanAskedIsTheDangerousOne() {
    String shorter =
        TopicRetention.warning(
            "t.run-events", Duration.ofDays(1).toMillis(), Duration.ofDays(14).toMillis());
    assertTrue(shorter.contains("would lose the records"), shorter);
    assertTrue(
        shorter.contains("--add-config retention.ms=" + Duration.ofDays(14).toMillis()), shorter);
    String forever = TopicRetention.warning("t.run-events", -1, Duration.ofDays(14).toMillis());
    assertTrue(
        forever.contains("keeps records for ever") && forever.contains("costs disk"), forever);
  }
}
