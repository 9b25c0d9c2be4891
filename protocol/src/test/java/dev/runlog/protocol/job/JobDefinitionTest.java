package dev.runlog.protocol.job;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.time.Instant;
import java.util.List;
import org.junit.jupiter.api.Test;

class JobDefinitionTest {
  private static final Instant T = Instant.parse("2026-11-30T00:00:00Z");

  @Test
  void eachWitherChangesItsFieldAndKeepsEveryOther() {
    JobDefinition full =
        new JobDefinition(
            "ship",
            "2",
            "order.placed",
            "q",
            "{}",
            2,
            new NamedLimit("n", 3),
            new KeyLimit("/tenant", 1),
            1L,
            2L,
            3L,
            4,
            new RetryPolicy(3, 2.0, 100, 1000, true),
            T,
            "w",
            List.of(new JobSchedule(null, null, 60_000L, null)),
            List.of(new IntegrationUse("slack", "slack", "managed")));

    assertEquals(
        new JobDefinition(
            "ship",
            "2",
            "order.placed",
            "q",
            null,
            5,
            null,
            null,
            9L,
            2L,
            8L,
            4,
            new RetryPolicy(3, 2.0, 100, 1000, true),
            T,
            "x",
            List.of(),
            List.of()),
        full.withPayloadSchema(null)
            .withConcurrencyLimit(5)
            .withSharedLimit(null)
            .withKeyLimit(null)
            .withMaxDurationMillis(9L)
            .withLeaseMillis(8L)
            .withWorkerId("x")
            .withSchedules(List.of())
            .withIntegrations(List.of()));
    assertEquals(full, full.withKeyLimit(full.keyLimit()), "a copy of the same is equal");
  }
}
