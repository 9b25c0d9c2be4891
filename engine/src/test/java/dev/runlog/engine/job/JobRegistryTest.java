package dev.runlog.engine.job;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertSame;

import dev.runlog.protocol.codec.Codecs;
import dev.runlog.protocol.job.JobDefinition;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.Iterator;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import org.apache.kafka.streams.KeyValue;
import org.apache.kafka.streams.state.KeyValueIterator;
import org.apache.kafka.streams.state.ReadOnlyKeyValueStore;
import org.junit.jupiter.api.Test;

class JobRegistryTest {
  private final CountingStore store = new CountingStore();
  private final JobChanges changes = new JobChanges();

  @Test
  void readsTheStoreAgainOnlyAfterAChange() {
    store.put(job("a", "order.placed"));
    JobRegistry jobs = new JobRegistry(store, changes);

    for (int i = 0; i < 100; i++) {
      assertEquals(List.of("a"), ids(jobs.listeningTo("order.placed")));
      assertEquals("a", jobs.get("a").id());
    }
    assertEquals(1, store.reads, "one scan for all of them");

    store.put(job("b", "order.placed"));
    assertEquals(
        List.of("a"),
        ids(jobs.listeningTo("order.placed")),
        "not counted yet: the copy read before stands");
    store.put(job("c", "other"));
    assertEquals(
        List.of("c"),
        ids(jobs.listeningTo("other")),
        "a lookup that finds nothing reads the store: a job written an instant ago is not missed");
    assertEquals("b", jobs.get("b").id());
    changes.changed();
    assertEquals(List.of("a", "b"), ids(jobs.listeningTo("order.placed")));
    assertEquals(List.of("c"), ids(jobs.listeningTo("other")));
    assertEquals(List.of("a", "b", "c"), ids(jobs.all()));
    int reads = store.reads;
    jobs.listeningTo("other");
    jobs.get("a");
    assertEquals(reads, store.reads, "found: no read");

    store.values.remove("a");
    store.values.put("b", "not avro".getBytes(StandardCharsets.UTF_8));
    changes.changed();
    assertNull(jobs.get("a"), "deleted");
    assertNull(jobs.get("b"), "unreadable: skipped");
    assertEquals(List.of(), jobs.listeningTo("order.placed"));
    assertEquals(List.of("c"), ids(jobs.all()));
  }

  @Test
  void theRegistriesOfOneEngineShareTheDecodedDefinitions() {
    store.put(job("a", "order.placed"));
    JobRegistry onePartition = new JobRegistry(store, changes);
    JobRegistry another = new JobRegistry(store, changes);
    assertSame(onePartition.get("a"), another.get("a"), "decoded once, held once");
    assertEquals(1, changes.decoded().size());

    store.put(JobDefinition.of("a", "2", "order.placed", Instant.parse("2026-11-30T00:00:00Z")));
    changes.changed();
    assertEquals("2", another.get("a").version());
    assertSame(another.get("a"), onePartition.get("a"), "a new version: decoded once again");
    store.values.remove("a");
    changes.changed();
    assertNull(onePartition.get("a"));
    assertEquals(0, changes.decoded().size(), "a deleted job is not kept");
  }

  @Test
  void withoutChangesItReadsTheStoreEveryTime() {
    store.put(job("a", "order.placed"));
    JobRegistry jobs = new JobRegistry(store);
    assertEquals(List.of("a"), ids(jobs.listeningTo("order.placed")));
    store.put(job("b", "order.placed"));
    assertEquals(List.of("a", "b"), ids(jobs.listeningTo("order.placed")));
    assertEquals("b", jobs.get("b").id());
  }

  private static List<String> ids(List<JobDefinition> jobs) {
    return jobs.stream().map(JobDefinition::id).toList();
  }

  private static JobDefinition job(String id, String event) {
    return JobDefinition.of(id, "1", event, Instant.parse("2026-11-30T00:00:00Z"));
  }

  /** A jobs store in memory that counts how often it is read. */
  private static final class CountingStore implements ReadOnlyKeyValueStore<String, byte[]> {
    final TreeMap<String, byte[]> values = new TreeMap<>();
    int reads;

    void put(JobDefinition job) {
      values.put(job.id(), Codecs.JOB_DEFINITION.encode(job));
    }

    @Override
    public byte[] get(String key) {
      reads++;
      return values.get(key);
    }

    @Override
    public KeyValueIterator<String, byte[]> range(String from, String to) {
      throw new UnsupportedOperationException();
    }

    @Override
    public KeyValueIterator<String, byte[]> all() {
      reads++;
      Iterator<Map.Entry<String, byte[]>> it =
          Map.copyOf(values).entrySet().stream().sorted(Map.Entry.comparingByKey()).iterator();
      return new KeyValueIterator<>() {
        @Override
        public boolean hasNext() {
          return it.hasNext();
        }

        @Override
        public KeyValue<String, byte[]> next() {
          Map.Entry<String, byte[]> e = it.next();
          return KeyValue.pair(e.getKey(), e.getValue());
        }

        @Override
        public void close() {}

        @Override
        public String peekNextKey() {
          throw new UnsupportedOperationException();
        }
      };
    }

    @Override
    public long approximateNumEntries() {
      return values.size();
    }
  }
}
