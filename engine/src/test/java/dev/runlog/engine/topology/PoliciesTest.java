package dev.runlog.engine.topology;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;

import dev.runlog.engine.job.JobRegistry;
import dev.runlog.engine.run.RunPolicy;
import dev.runlog.protocol.codec.Codecs;
import dev.runlog.protocol.job.JobDefinition;
import dev.runlog.protocol.job.KeyLimit;
import java.time.Duration;
import java.time.Instant;
import org.apache.kafka.streams.state.KeyValueIterator;
import org.apache.kafka.streams.state.ReadOnlyKeyValueStore;
import org.junit.jupiter.api.Test;

class PoliciesTest {

  @Test
  void aJobWhosePayloadSchemaIsInvalidKeepsEverythingElseOfItsPolicy() {
    JobDefinition job =
        JobDefinition.of("ship", "1", "order.placed", Instant.parse("2026-11-30T00:00:00Z"))
            .withPayloadSchema("{\"type\": 12}")
            .withConcurrencyLimit(3)
            .withKeyLimit(new KeyLimit("/tenant", 1))
            .withLeaseMillis(5_000L);
    Policies policies = new Policies(new JobRegistry(storeOf(job)));

    RunPolicy policy = policies.of("ship");

    assertNull(policy.schema(), "runs are not validated");
    assertEquals(3, policy.limit());
    assertEquals(new KeyLimit("/tenant", 1), policy.keyLimit());
    assertEquals(Duration.ofSeconds(5), policy.lease());
  }

  /** A jobs store holding only {@code job}. */
  private static ReadOnlyKeyValueStore<String, byte[]> storeOf(JobDefinition job) {
    byte[] bytes = Codecs.JOB_DEFINITION.encode(job);
    return new ReadOnlyKeyValueStore<>() {
      @Override
      public byte[] get(String key) {
        return job.id().equals(key) ? bytes : null;
      }

      @Override
      public KeyValueIterator<String, byte[]> range(String from, String to) {
        throw new UnsupportedOperationException();
      }

      @Override
      public KeyValueIterator<String, byte[]> all() {
        throw new UnsupportedOperationException();
      }

      @Override
      public long approximateNumEntries() {
        return 1;
      }
    };
  }
}
