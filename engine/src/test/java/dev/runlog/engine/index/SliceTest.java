package dev.runlog.engine.index;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;

import java.util.List;
import org.apache.kafka.streams.KeyValue;
import org.junit.jupiter.api.Test;

/** Merging bounded scans: a page never skips what one of them has not read yet. */
class SliceTest {
  private static Slice<String> slice(String stop, String... keys) {
    return new Slice<>(List.of(keys).stream().map(k -> KeyValue.pair(k, "v" + k)).toList(), stop);
  }

  private static List<String> keys(Slice<String> slice) {
    return slice.entries().stream().map(kv -> kv.key).toList();
  }

  @Test
  void mergesInKeyOrderUpToTheLimitAndContinuesAfterTheLastShown() {
    Slice<String> page = Slice.merge(List.of(slice(null, "1", "4"), slice(null, "2", "3")), 3);
    assertEquals(List.of("1", "2", "3"), keys(page));
    assertEquals("3", page.stop());
    Slice<String> all = Slice.merge(List.of(slice(null, "1", "4"), slice(null, "2", "3")), 4);
    assertEquals(List.of("1", "2", "3", "4"), keys(all));
    assertNull(all.stop(), "everything was read and shown");
  }

  @Test
  void aScanThatStoppedEarlyHoldsThePageBackToWhereItStopped() {
    // the first scan read up to "2" (its budget, or its limit); the second read everything
    Slice<String> page = Slice.merge(List.of(slice("2", "1"), slice(null, "3", "5")), 10);
    assertEquals(List.of("1"), keys(page), "3 and 5 wait until the first scan has read past 2");
    assertEquals("2", page.stop());
    Slice<String> empty = Slice.merge(List.of(slice("2"), slice(null, "3")), 10);
    assertEquals(List.of(), keys(empty));
    assertEquals("2", empty.stop(), "a page of none, and more to read");
  }

  @Test
  void theSameEntryFromTwoScansShowsOnce() {
    assertEquals(
        List.of("1", "2"), keys(Slice.merge(List.of(slice(null, "1", "2"), slice(null, "2")), 5)));
  }
}
