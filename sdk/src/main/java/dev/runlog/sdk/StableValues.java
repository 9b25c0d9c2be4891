package dev.runlog.sdk;

import java.nio.charset.StandardCharsets;
import java.util.SplittableRandom;
import java.util.UUID;

/**
 * The "random" values of a run, the same on every replay: the n-th call of a run gives the same
 * value every time, derived from the run id and n. Deriving needs no write to the log, which
 * storing each value would; the price is that calls must come in the same order on a replay.
 */
final class StableValues {
  private final String runId;
  private int randoms;
  private int uuids;

  StableValues(String runId) {
    this.runId = runId;
  }

  /** A number in [0, 1). */
  double nextRandom() {
    UUID bits = bitsOf("random", randoms++);
    return new SplittableRandom(bits.getMostSignificantBits() ^ bits.getLeastSignificantBits())
        .nextDouble();
  }

  UUID nextUuid() {
    return bitsOf("uuid", uuids++);
  }

  /** 128 bits from the MD5 of run id, kind and call index (a version-3, name-based UUID). */
  private UUID bitsOf(String kind, int n) {
    return UUID.nameUUIDFromBytes(
        (runId + '\u0000' + kind + '\u0000' + n).getBytes(StandardCharsets.UTF_8));
  }

  /** The id of the event a run sends with key {@code key}: the same on every replay and retry. */
  static String eventId(String runId, String key) {
    byte[] name = (runId + '\u0000' + "event" + '\u0000' + key).getBytes(StandardCharsets.UTF_8);
    return "evt_" + UUID.nameUUIDFromBytes(name).toString().replace("-", "");
  }
}
