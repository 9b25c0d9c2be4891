package dev.runlog.engine.store;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.ArrayList;
import java.util.List;
import org.apache.kafka.common.serialization.Serdes;
import org.apache.kafka.common.serialization.StringSerializer;
import org.apache.kafka.streams.processor.api.MockProcessorContext;
import org.apache.kafka.streams.state.KeyValueIterator;
import org.apache.kafka.streams.state.KeyValueStore;
import org.apache.kafka.streams.state.Stores;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * Staged writes: seen by reads and scans at once, by the store only when written out, never when
 * discarded.
 */
class StagedStoreTest {
  private final MockProcessorContext<Object, Object> context = new MockProcessorContext<>();
  private KeyValueStore<String, String> store;
  private final Staging staging = new Staging();
  private KeyValueStore<String, String> staged;

  @BeforeEach
  void setUp() {
    store =
        Stores.keyValueStoreBuilder(
                Stores.inMemoryKeyValueStore("s"), Serdes.String(), Serdes.String())
            .withLoggingDisabled()
            .build();
    store.init(context.getStateStoreContext(), store);
    store.put("run-1\u0000a", "stored a");
    store.put("run-1\u0000b", "stored b");
    store.put("run-2\u0000a", "other run");
    staged = staging.stage(store);
  }

  @Test
  void readsSeeStagedWritesTheStoreDoesNot() {
    staged.put("run-1\u0000c", "new c");
    staged.put("run-1\u0000a", "new a");
    staged.delete("run-1\u0000b");
    assertEquals("new c", staged.get("run-1\u0000c"));
    assertEquals("new a", staged.get("run-1\u0000a"));
    assertNull(staged.get("run-1\u0000b"));
    assertEquals("other run", staged.get("run-2\u0000a"));
    assertNull(store.get("run-1\u0000c"));
    assertEquals("stored b", store.get("run-1\u0000b"));
    assertEquals("new a", staged.putIfAbsent("run-1\u0000a", "ignored"));
  }

  @Test
  void scansMergeStagedWritesInKeyOrder() {
    staged.put("run-1\u0000c", "new c");
    staged.put("run-1\u00000", "new 0");
    staged.delete("run-1\u0000b");
    staged.put("run-3\u0000a", "outside the prefix");
    assertEquals(
        List.of("run-1\u00000=new 0", "run-1\u0000a=stored a", "run-1\u0000c=new c"),
        list(staged.prefixScan("run-1\u0000", new StringSerializer())));
    assertEquals(
        List.of("run-1\u0000a=stored a", "run-1\u0000c=new c", "run-2\u0000a=other run"),
        list(staged.range("run-1\u0000a", "run-2\u0000a")));
    assertEquals(5, list(staged.all()).size());
  }

  @Test
  void writeOutWritesDiscardDrops() {
    staged.put("run-1\u0000c", "new c");
    staged.delete("run-1\u0000a");
    staging.discard();
    assertEquals("stored a", staged.get("run-1\u0000a"));
    assertNull(staged.get("run-1\u0000c"));

    staged.put("run-1\u0000c", "new c");
    staged.delete("run-1\u0000a");
    staging.writeOut(context);
    assertEquals("new c", store.get("run-1\u0000c"));
    assertNull(store.get("run-1\u0000a"));
  }

  @Test
  void forwardsAndActionsWaitForTheWriteOut() {
    List<String> done = new ArrayList<>();
    staging.forward(new org.apache.kafka.streams.processor.api.Record<>("k", "v", 0L), "sink");
    staging.afterwards(() -> done.add("counted"));
    assertTrue(context.forwarded().isEmpty());
    assertTrue(done.isEmpty());
    staging.writeOut(context);
    assertEquals(1, context.forwarded().size());
    assertEquals(List.of("counted"), done);

    staging.forward(new org.apache.kafka.streams.processor.api.Record<>("k2", "v2", 0L), "sink");
    staging.afterwards(() -> done.add("dropped"));
    staging.discard();
    staging.writeOut(context);
    assertEquals(1, context.forwarded().size());
    assertEquals(List.of("counted"), done);
  }

  @Test
  void keysCompareAsTheirUtf8Bytes() {
    String high = new String(Character.toChars(0x1F600)); // a surrogate pair in UTF-16
    assertTrue(StagedStore.compareUtf8("\uffff", high) < 0, "U+FFFF sorts before U+1F600 in UTF-8");
    assertTrue("\uffff".compareTo(high) > 0, "while String order says otherwise");
    assertTrue(StagedStore.compareUtf8("a", "a\u0000") < 0);
  }

  private static List<String> list(KeyValueIterator<String, String> it) {
    List<String> entries = new ArrayList<>();
    try (it) {
      it.forEachRemaining(kv -> entries.add(kv.key + "=" + kv.value));
    }
    return entries;
  }
}
