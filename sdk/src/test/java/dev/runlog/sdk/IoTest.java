package dev.runlog.sdk;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.core.type.TypeReference;
import dev.runlog.protocol.run.ErrorInfo;
import java.time.Clock;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.Test;

class IoTest {
  private static final Clock CLOCK = Clock.fixed(Instant.parse("2026-11-23T10:00:00Z"), ZoneOffset.UTC);

  record Profile(String name, int stars) {}

  /** Records what a worker would append. */
  private static final class RecordingLog implements Io.TaskLog {
    final List<String> completed = new ArrayList<>();
    final List<String> failed = new ArrayList<>();

    @Override
    public void taskCompleted(String key, String outputJson, Instant startedAt) {
      completed.add(key + "=" + outputJson);
    }

    @Override
    public void taskFailed(String key, ErrorInfo error, int attempt, Instant startedAt) {
      failed.add(key + ":" + error.message());
    }
  }

  @Test
  void aNewTaskRunsAndIsAppendedBeforeItReturns() {
    RecordingLog log = new RecordingLog();
    Io io = new Io(new HashMap<>(), log, CLOCK);
    Profile p = io.runTask("profile", () -> new Profile("ada", 3));
    assertEquals(new Profile("ada", 3), p);
    assertEquals(List.of("profile={\"name\":\"ada\",\"stars\":3}"), log.completed);
  }

  @Test
  void aCompletedTaskReturnsItsStoredOutputWithoutRunning() {
    RecordingLog log = new RecordingLog();
    AtomicInteger calls = new AtomicInteger();
    Io io = new Io(new HashMap<>(Map.of("profile", "{\"name\":\"ada\",\"stars\":3}")), log, CLOCK);
    Profile p = io.runTask("profile", () -> {
      calls.incrementAndGet();
      return new Profile("other", 0);
    });
    assertEquals(new Profile("ada", 3), p, "the output type is inferred from the assignment");
    assertEquals(0, calls.get());
    assertTrue(log.completed.isEmpty());
  }

  @Test
  void theSameKeyTwiceRunsOnce() {
    RecordingLog log = new RecordingLog();
    AtomicInteger calls = new AtomicInteger();
    Io io = new Io(new HashMap<>(), log, CLOCK);
    Integer first = io.runTask("count", calls::incrementAndGet);
    Integer second = io.runTask("count", calls::incrementAndGet);
    assertEquals(1, first);
    assertEquals(1, second);
    assertEquals(1, calls.get());
    assertEquals(1, log.completed.size());
  }

  @Test
  void genericOutputsReplayWithTheirDeclaredType() {
    Io io = new Io(new HashMap<>(Map.of("list", "[{\"name\":\"a\",\"stars\":1}]")), new RecordingLog(), CLOCK);
    List<Profile> profiles = io.runTask("list", new TypeReference<List<Profile>>() {}.getType(), List::of);
    assertEquals(List.of(new Profile("a", 1)), profiles);
  }

  @Test
  void aTaskThatThrowsIsRecordedAndRethrownWithItsKey() {
    RecordingLog log = new RecordingLog();
    Io io = new Io(new HashMap<>(), log, CLOCK);
    TaskFailedException e = assertThrows(TaskFailedException.class, () -> io.runTask("charge", () -> {
      throw new IllegalStateException("card declined");
    }));
    assertEquals("charge", e.key());
    assertEquals("task 'charge' failed: card declined", e.getMessage());
    assertInstanceOf(IllegalStateException.class, e.getCause());
    assertEquals(List.of("charge:card declined"), log.failed);
    assertTrue(log.completed.isEmpty());
  }

  @Test
  void keysMustNotBeEmpty() {
    Io io = new Io(new HashMap<>(), new RecordingLog(), CLOCK);
    assertThrows(IllegalArgumentException.class, () -> io.runTask("", () -> 1));
  }

  @Test
  void aNullOutputIsStoredAndReplayedAsNull() {
    RecordingLog log = new RecordingLog();
    Map<String, String> completed = new HashMap<>();
    Io io = new Io(completed, log, CLOCK);
    String out = io.runTask("nothing", () -> null);
    assertEquals(null, out);
    assertEquals("null", completed.get("nothing"));
    String replayed = new Io(completed, log, CLOCK).runTask("nothing", () -> "ran");
    assertEquals(null, replayed);
  }
}
