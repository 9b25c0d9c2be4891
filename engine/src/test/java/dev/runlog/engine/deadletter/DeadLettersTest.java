package dev.runlog.engine.deadletter;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.runlog.protocol.codec.Codecs;
import dev.runlog.protocol.deadletter.DeadLetter;
import java.time.Instant;
import java.util.Arrays;
import org.junit.jupiter.api.Test;

/**
 * A dead letter always fits in a Kafka record of the default 1 MB limit, however large its
 * original.
 */
class DeadLettersTest {
  private static final Instant T0 = Instant.parse("2026-11-23T10:00:00Z");

  @Test
  void anOriginalOfAnySizeIsCutToFitAndTheReasonSaysSo() {
    byte[] huge = new byte[1_048_000]; // as large as a record the broker takes by default
    Arrays.fill(huge, (byte) 'x');
    DeadLetter letter = DeadLetters.letter("bad", "t.triggers", 0, 7, "k".getBytes(), huge, T0);
    assertEquals(DeadLetters.MAX_ORIGINAL_BYTES - 1, letter.originalValue().length);
    assertTrue(
        letter.reason().startsWith("bad (value of 1048000 bytes cut to its first 999999)"),
        letter.reason());
    assertTrue(
        Codecs.DEAD_LETTER.encode(letter).length < 1_048_576 - 1_024,
        "room for the record's own overhead");
  }

  @Test
  void aSmallOriginalIsKeptWhole() {
    byte[] value = {1, 2, 3};
    DeadLetter letter = DeadLetters.letter("bad", "t.triggers", 0, 7, null, value, T0);
    assertArrayEquals(value, letter.originalValue());
    assertEquals("bad", letter.reason());
  }

  @Test
  void aReasonIsTheExceptionsClassAndMessage() {
    assertEquals(
        "java.lang.IllegalStateException: boom",
        DeadLetters.describe(new IllegalStateException("boom")));
    assertEquals(
        "java.lang.NullPointerException", DeadLetters.describe(new NullPointerException()));
  }
}
