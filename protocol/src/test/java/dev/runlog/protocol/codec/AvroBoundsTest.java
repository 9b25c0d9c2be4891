package dev.runlog.protocol.codec;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.runlog.protocol.run.Origin;
import dev.runlog.protocol.run.RunEvent;
import dev.runlog.protocol.run.RunEventBody;
import java.time.Instant;
import java.util.Arrays;
import java.util.function.Function;
import org.apache.avro.Schema;
import org.junit.jupiter.api.Test;

/**
 * Avro records whose length fields lie: each is refused with a reason, before anything the size of
 * the claim is allocated. A record that claims 2 GB and is decoded by Avro as it comes allocates
 * the 2 GB first: the OutOfMemoryError killed the stream thread, which was replaced and read the
 * same record again, for ever.
 */
class AvroBoundsTest {
  /** Far below every claim below, far above what decoding a small record allocates. */
  private static final long ALLOCATION_BOUND = 4 << 20;

  private static final Instant T = Instant.parse("2026-11-23T10:00:00Z");
  private static final Schema TRIGGER = dev.runlog.protocol.avro.TriggerEvent.getClassSchema();
  private static final Schema RUN_EVENT = dev.runlog.protocol.avro.RunEvent.getClassSchema();

  @Test
  void aTriggerWhoseIdClaimsTwoGigabytesIsRefusedWithoutAllocatingThem() {
    byte[] poison =
        Poison.record(
            TRIGGER,
            Poison.writing(
                e -> {
                  e.writeLong(2_000_000_000L); // the length of the id
                  e.writeFixed(new byte[] {'a', 'b', 'c'});
                }));
    String reason = refused(bytes -> Codecs.TRIGGER_EVENT.decode(bytes, "k", T), poison);
    assertTrue(reason.contains("2000000000"), reason);
    assertTrue(reason.contains("TriggerEvent"), reason);
  }

  @Test
  void everyClaimFrom700MegabytesTo2GigabytesIsRefused() {
    for (long claim = 700_000_000L; claim <= 2_100_000_000L; claim += 350_000_000L) {
      long length = claim;
      byte[] poison =
          Poison.record(
              TRIGGER,
              Poison.writing(
                  e -> {
                    e.writeString("evt-1");
                    e.writeLong(length); // the length of the name
                  }));
      refused(bytes -> Codecs.TRIGGER_EVENT.decode(bytes, "k", T), poison);
    }
  }

  @Test
  void anArrayCountThatCannotFitInTheRecordIsRefused() {
    int invalidPayload =
        RUN_EVENT
            .getField("body")
            .schema()
            .getIndexNamed("dev.runlog.protocol.avro.RunInvalidPayload");
    byte[] poison =
        Poison.record(
            RUN_EVENT,
            Poison.writing(
                e -> {
                  e.writeString("run-1");
                  e.writeLong(T.toEpochMilli());
                  e.writeEnum(0);
                  e.writeIndex(0); // no execution
                  e.writeIndex(invalidPayload);
                  e.writeLong(1_500_000_000L); // the count of errors
                  e.writeString("one");
                }));
    String reason = refused(Codecs.RUN_EVENT::decode, poison);
    assertTrue(reason.contains("1500000000"), reason);
  }

  @Test
  void aNegativeBlockCountWithAHugeCountIsRefused() {
    byte[] poison =
        Poison.record(
            dev.runlog.protocol.avro.ExecuteRun.getClassSchema(),
            Poison.writing(
                e -> {
                  for (String s : new String[] {"run", "job", "1"}) {
                    e.writeString(s);
                  }
                  e.writeLong(1); // execution
                  e.writeString("{}");
                  e.writeIndex(0); // no context
                  e.writeString("evt");
                  e.writeString("demo");
                  e.writeLong(0);
                  e.writeLong(0);
                  e.writeLong(-1_000_000_000L); // a block of a billion tasks, its byte size follows
                  e.writeLong(10);
                }));
    refused(Codecs.EXECUTE_RUN::decode, poison);
  }

  @Test
  void bytesThatClaimMoreThanTheRecordAreRefused() {
    byte[] poison =
        Poison.record(
            dev.runlog.protocol.avro.DeadLetter.getClassSchema(),
            Poison.writing(
                e -> {
                  e.writeString("reason");
                  e.writeString("topic");
                  e.writeInt(0);
                  e.writeLong(0);
                  e.writeIndex(1);
                  e.writeLong(1_900_000_000L); // the original key's length
                }));
    refused(Codecs.DEAD_LETTER::decode, poison);
  }

  @Test
  void aJobDefinitionWithAHugeStringIsRefused() {
    byte[] poison =
        Poison.record(
            dev.runlog.protocol.avro.JobDefinition.getClassSchema(),
            Poison.writing(e -> e.writeLong(800_000_000L)));
    refused(Codecs.JOB_DEFINITION::decode, poison);
  }

  @Test
  void aNegativeLengthIsRefused() {
    byte[] poison = Poison.record(TRIGGER, Poison.writing(e -> e.writeLong(-5)));
    assertTrue(refused(bytes -> Codecs.TRIGGER_EVENT.decode(bytes, "k", T), poison).contains("-5"));
  }

  @Test
  void anUnknownFingerprintIsRefused() {
    byte[] poison = {(byte) 0xC3, 0x01, 1, 2, 3, 4, 5, 6, 7, 8, 2, 'a'};
    String reason = refused(Codecs.RUN_EVENT::decode, poison);
    assertTrue(reason.contains("unknown"), reason);
  }

  @Test
  void aRecordOfAnotherTypeIsRefused() {
    byte[] runEvent =
        Codecs.RUN_EVENT.encode(RunEvent.engine("r", T, new RunEventBody.RunQueued("j")));
    String reason = refused(bytes -> Codecs.TRIGGER_EVENT.decode(bytes, "k", T), runEvent);
    assertTrue(reason.contains("RunEvent"), reason);
  }

  @Test
  void aTruncatedRecordIsRefused() {
    byte[] whole =
        Codecs.RUN_EVENT.encode(
            new RunEvent(
                "run-1",
                T,
                Origin.WORKER,
                3L,
                new RunEventBody.TaskCompleted("k", "\"out\"", T, 1)));
    for (int length = 10; length < whole.length; length++) {
      refused(Codecs.RUN_EVENT::decode, Arrays.copyOf(whole, length));
    }
  }

  @Test
  void bytesAfterTheRecordAreRefused() {
    byte[] whole =
        Codecs.RUN_EVENT.encode(RunEvent.engine("r", T, new RunEventBody.RunQueued("j")));
    String reason = refused(Codecs.RUN_EVENT::decode, Poison.concat(whole, new byte[] {0}));
    assertTrue(reason.contains("after"), reason);
  }

  @Test
  void anOverlongVarintIsRefused() {
    byte[] poison =
        Poison.concat(
            Poison.header(TRIGGER), new byte[] {-1, -1, -1, -1, -1, -1, -1, -1, -1, -1, -1, 1});
    refused(bytes -> Codecs.TRIGGER_EVENT.decode(bytes, "k", T), poison);
  }

  @Test
  void aUnionBranchOrEnumSymbolOutOfRangeIsRefused() {
    byte[] badBranch =
        Poison.record(
            RUN_EVENT,
            Poison.writing(
                e -> {
                  e.writeString("run-1");
                  e.writeLong(0);
                  e.writeEnum(0);
                  e.writeIndex(0);
                  e.writeIndex(99);
                }));
    refused(Codecs.RUN_EVENT::decode, badBranch);
    byte[] badSymbol =
        Poison.record(
            RUN_EVENT,
            Poison.writing(
                e -> {
                  e.writeString("run-1");
                  e.writeLong(0);
                  e.writeEnum(42);
                }));
    refused(Codecs.RUN_EVENT::decode, badSymbol);
  }

  @Test
  void aValidRecordStillRoundTripsAfterAllThat() {
    RunEvent event =
        new RunEvent(
            "run-1",
            T,
            Origin.WORKER,
            3L,
            new RunEventBody.RunInvalidPayload(java.util.List.of("a", "b")));
    assertEquals(event, Codecs.RUN_EVENT.decode(Codecs.RUN_EVENT.encode(event)));
  }

  /**
   * Decodes {@code poison}: it must fail with a DecodeException and allocate far less than it
   * claims; returns the reason.
   */
  private static String refused(Function<byte[], ?> decode, byte[] poison) {
    long allocated = Allocations.of(() -> decode.apply(poison));
    DecodeException e = assertThrows(DecodeException.class, () -> decode.apply(poison));
    assertTrue(
        allocated < ALLOCATION_BOUND,
        "decoding "
            + poison.length
            + " bytes allocated "
            + allocated
            + " bytes: "
            + e.getMessage());
    assertTrue(e.getMessage() != null && !e.getMessage().isBlank());
    return e.getMessage();
  }
}
