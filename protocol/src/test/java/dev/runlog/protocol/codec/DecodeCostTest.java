package dev.runlog.protocol.codec;

import static org.junit.jupiter.api.Assertions.assertEquals;

import dev.runlog.protocol.run.Origin;
import dev.runlog.protocol.run.RunEvent;
import dev.runlog.protocol.run.RunEventBody;
import dev.runlog.protocol.trigger.TriggerEvent;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.time.Instant;
import java.util.Arrays;
import java.util.function.Function;
import org.apache.avro.message.BinaryMessageDecoder;
import org.apache.avro.message.SchemaStore;
import org.junit.jupiter.api.Test;

/**
 * A quick microbenchmark of decoding on the hot path (a run event is decoded for every task): the
 * bounded decoder against Avro's stream-fed {@code BinaryMessageDecoder} that it replaced, rounds
 * interleaved in one JVM. Prints nanoseconds per decode; asserts only that decoding gives the value
 * back. Figures from a shared 2-core machine: compare them only within one run.
 */
class DecodeCostTest {
  private static final Instant T = Instant.parse("2026-11-23T10:00:00Z");
  private static final int ROUNDS = 7;
  private static final int DECODES = 100_000;

  @Test
  void printsNanosecondsPerDecode() {
    SchemaStore.Cache history = new SchemaStore.Cache();
    SchemaHistory.schemas().forEach(history::addSchema);
    BinaryMessageDecoder<dev.runlog.protocol.avro.RunEvent> avroRunEvents =
        dev.runlog.protocol.avro.RunEvent.createDecoder(history);
    BinaryMessageDecoder<dev.runlog.protocol.avro.TriggerEvent> avroTriggers =
        dev.runlog.protocol.avro.TriggerEvent.createDecoder(history);
    AvroBinary<dev.runlog.protocol.avro.RunEvent> boundedRunEvents =
        new AvroBinary<>(
            dev.runlog.protocol.avro.RunEvent.getEncoder(),
            dev.runlog.protocol.avro.RunEvent.getClassSchema());
    AvroBinary<dev.runlog.protocol.avro.TriggerEvent> boundedTriggers =
        new AvroBinary<>(
            dev.runlog.protocol.avro.TriggerEvent.getEncoder(),
            dev.runlog.protocol.avro.TriggerEvent.getClassSchema());

    RunEvent completed =
        new RunEvent(
            "run_0123456789abcdef",
            T,
            Origin.WORKER,
            1L,
            new RunEventBody.TaskCompleted("charge-card", "{\"ok\":true,\"id\":\"ch_123\"}", T, 1));
    RunEvent created =
        RunEvent.engine(
            "run_0123456789abcdef",
            T,
            new RunEventBody.RunCreated(
                "job",
                "1",
                "evt-1",
                "demo.hello",
                T,
                "{\"name\":\"Ada\",\"items\":[1,2,3]}",
                null,
                null,
                null));
    TriggerEvent trigger =
        new TriggerEvent("evt-1", "demo.hello", "{\"name\":\"Ada\"}", null, T, null, "sdk");

    compare(
        "RunEvent TaskCompleted",
        Codecs.RUN_EVENT.encode(completed),
        old(avroRunEvents),
        boundedRunEvents::decode);
    compare(
        "RunEvent RunCreated",
        Codecs.RUN_EVENT.encode(created),
        old(avroRunEvents),
        boundedRunEvents::decode);
    compare(
        "TriggerEvent",
        Codecs.TRIGGER_EVENT.encode(trigger),
        old(avroTriggers),
        boundedTriggers::decode);
    byte[] bytes = Codecs.RUN_EVENT.encode(completed);
    System.out.printf(
        "%-24s codec with domain mapping: %d ns/decode%n",
        "RunEvent TaskCompleted", best(bytes, Codecs.RUN_EVENT::decode));
    assertEquals(completed, Codecs.RUN_EVENT.decode(bytes));
  }

  private static <A> Function<byte[], A> old(BinaryMessageDecoder<A> decoder) {
    return bytes -> {
      try {
        return decoder.decode(bytes);
      } catch (IOException e) {
        throw new UncheckedIOException(e);
      }
    };
  }

  private static <A> void compare(
      String name, byte[] bytes, Function<byte[], A> before, Function<byte[], A> now) {
    assertEquals(before.apply(bytes), now.apply(bytes));
    long[] beforeNs = new long[ROUNDS];
    long[] nowNs = new long[ROUNDS];
    for (int round = 0; round < ROUNDS; round++) { // interleaved: machine noise hits both alike
      beforeNs[round] = perDecode(bytes, before);
      nowNs[round] = perDecode(bytes, now);
    }
    Arrays.sort(beforeNs);
    Arrays.sort(nowNs);
    System.out.printf(
        "%-24s %4d bytes: BinaryMessageDecoder %5d ns/decode (median %d), bounded %5d ns/decode (median %d)%n",
        name, bytes.length, beforeNs[0], beforeNs[ROUNDS / 2], nowNs[0], nowNs[ROUNDS / 2]);
  }

  private static long best(byte[] bytes, Function<byte[], ?> decode) {
    long best = Long.MAX_VALUE;
    for (int round = 0; round < ROUNDS; round++) {
      best = Math.min(best, perDecode(bytes, decode));
    }
    return best;
  }

  private static long perDecode(byte[] bytes, Function<byte[], ?> decode) {
    Object sink = null;
    long start = System.nanoTime();
    for (int i = 0; i < DECODES; i++) {
      sink = decode.apply(bytes);
    }
    long nanos = (System.nanoTime() - start) / DECODES;
    if (sink == null) {
      throw new AssertionError("nothing decoded");
    }
    return nanos;
  }
}
