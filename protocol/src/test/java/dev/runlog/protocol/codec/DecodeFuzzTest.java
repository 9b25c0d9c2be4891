package dev.runlog.protocol.codec;

import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assertions.fail;

import dev.runlog.protocol.run.Origin;
import dev.runlog.protocol.run.RunEvent;
import dev.runlog.protocol.run.RunEventBody;
import dev.runlog.protocol.trigger.TriggerEvent;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.List;
import java.util.Random;
import java.util.function.Function;
import java.util.function.Supplier;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

/**
 * Random and mutated input for the trigger and run-event decoders. For every input, decoding
 * returns a value or throws a {@link DecodeException}: never another exception or error, and never
 * allocates more than a small multiple of the input. The seed is printed (and taken from {@code
 * -Dfuzz.seed}) so that a failure can be replayed.
 */
class DecodeFuzzTest {
  private static final int CASES_PER_KIND = 2_000;
  private static final Instant T = Instant.parse("2026-11-23T10:00:00Z");
  private static final long SEED = Long.getLong("fuzz.seed", 20261123L);
  private static final List<String> JSON_TRIGGERS =
      List.of(
          "{\"name\":\"demo.hello\",\"id\":\"e1\",\"payload\":{\"who\":\"ada\",\"n\":[1,2,3]},\"context\":{\"env\":\"dev\"}}",
          "{\"name\":\"demo.hello\",\"deliverAfter\":\"PT5S\",\"timestamp\":\"2026-01-01T00:00:00Z\"}",
          "{\"name\":\"demo.hello\",\"deliverAt\":1767225600000,\"deliverAfter\":30000,\"source\":\"kcat\"}",
          " \r\n{\"id\":\"x\",\"name\":\"n\",\"payload\":null,\"context\":null}");
  private static final List<String> WRONG_VALUES =
      List.of(
          "1",
          "-1",
          "1.5",
          "1e999",
          "-1e999",
          "123456789012345678901234567890",
          "-123456789012345678901234567890",
          "9223372036854775807",
          "-9223372036854775808",
          "\"PT9223372036854775807S\"",
          "\"-PT9223372036854775807S\"",
          "\"+1000000000-12-31T23:59:59Z\"",
          "\"-999999999-01-01T00:00:00Z\"",
          "\"10000-01-01T00:00:00Z\"",
          "\"\"",
          "\"x\"",
          "true",
          "null",
          "[]",
          "[1,[2]]",
          "{}",
          "{\"a\":{\"b\":1}}",
          "\"\\u0000\"",
          "\"\\ud800\"");
  private static final List<String> FIELDS =
      List.of(
          "name", "id", "payload", "context", "timestamp", "deliverAt", "deliverAfter", "source");

  private static final List<byte[]> HEADERS =
      SchemaHistory.schemas().stream().map(Poison::header).toList();

  private final Random random = new Random(SEED);

  @BeforeAll
  static void seed() {
    System.out.println("DecodeFuzzTest seed " + SEED + " (replay with -Dfuzz.seed=" + SEED + ")");
  }

  @Test
  @Timeout(120) // guards against a decoder that loops; the time taken is printed, not asserted
  void triggersDecodeOrFailWithADecodeException() {
    Function<byte[], Object> decode = bytes -> Codecs.TRIGGER_EVENT.decode(bytes, "key", T);
    List<byte[]> avro = new ArrayList<>();
    avro.add(
        Codecs.TRIGGER_EVENT.encode(
            new TriggerEvent(
                "evt-1", "demo.hello", "{\"x\":1}", "{\"y\":2}", T, T.plusSeconds(5), "sdk")));
    avro.add(Codecs.TRIGGER_EVENT.encode(new TriggerEvent("e", "n", "null", null, T, null, null)));
    long started = System.nanoTime();
    int decoded = 0;
    decoded += run("random bytes", decode, this::randomBytes);
    decoded +=
        run(
            "random bytes after a brace",
            decode,
            () -> Poison.concat(new byte[] {'{'}, randomBytes()));
    decoded += run("mutated JSON", decode, this::mutatedJson);
    decoded += run("JSON with a wrong value", decode, this::wrongValueJson);
    decoded +=
        run(
            "deeply nested JSON",
            decode,
            this::deepJson,
            CASES_PER_KIND / 10); // large inputs: fewer
    decoded +=
        run(
            "JSON with trailing garbage",
            decode,
            () ->
                Poison.concat(pick(JSON_TRIGGERS).getBytes(StandardCharsets.UTF_8), randomBytes()));
    decoded +=
        run(
            "Avro header and random bytes",
            decode,
            () -> Poison.concat(anyHeader(), randomBytes()));
    decoded += run("mutated Avro", decode, () -> mutate(pick(avro)));
    decoded += run("Avro with a huge length", decode, () -> hugeLength(pick(avro)));
    System.out.printf(
        "triggers: %d cases, %d decoded, in %d ms%n",
        8 * CASES_PER_KIND + CASES_PER_KIND / 10,
        decoded,
        (System.nanoTime() - started) / 1_000_000);
  }

  @Test
  @Timeout(120)
  void runEventsDecodeOrFailWithADecodeException() {
    Function<byte[], Object> decode = Codecs.RUN_EVENT::decode;
    List<byte[]> valid = new ArrayList<>();
    for (RunEventBody body : CodecsTest.everyBody()) {
      valid.add(Codecs.RUN_EVENT.encode(new RunEvent("run-1", T, Origin.WORKER, 7L, body)));
    }
    long started = System.nanoTime();
    int decoded = 0;
    decoded += run("random bytes", decode, this::randomBytes);
    decoded +=
        run(
            "Avro header and random bytes",
            decode,
            () -> Poison.concat(anyHeader(), randomBytes()));
    decoded += run("mutated run event", decode, () -> mutate(pick(valid)));
    decoded += run("truncated run event", decode, () -> truncate(pick(valid)));
    decoded += run("run event with a huge length", decode, () -> hugeLength(pick(valid)));
    System.out.printf(
        "run events: %d cases, %d decoded, in %d ms%n",
        5 * CASES_PER_KIND, decoded, (System.nanoTime() - started) / 1_000_000);
  }

  /** Decodes {@link #CASES_PER_KIND} inputs of one kind; returns how many decoded to a value. */
  private static int run(String kind, Function<byte[], Object> decode, Supplier<byte[]> inputs) {
    return run(kind, decode, inputs, CASES_PER_KIND);
  }

  private static int run(
      String kind, Function<byte[], Object> decode, Supplier<byte[]> inputs, int cases) {
    long started = System.nanoTime();
    int decoded = 0;
    for (int i = 0; i < cases; i++) {
      byte[] input = inputs.get();
      Object[] result = new Object[1];
      Throwable[] thrown = new Throwable[1];
      long allocated =
          Allocations.of(
              () -> {
                try {
                  result[0] = decode.apply(input);
                } catch (DecodeException e) {
                  result[0] = e;
                } catch (Throwable t) { // the property: nothing else, not even an Error
                  thrown[0] = t;
                }
              });
      if (thrown[0] != null) {
        fail(kind + " case " + i + " threw " + thrown[0] + " for " + hex(input), thrown[0]);
      }
      assertTrue(
          allocated < (4 << 20) + 64L * input.length,
          kind
              + " case "
              + i
              + " allocated "
              + allocated
              + " bytes for "
              + input.length
              + " bytes: "
              + hex(input));
      if (!(result[0] instanceof DecodeException)) {
        decoded++;
      }
    }
    System.out.printf(
        "  %-30s %5d decoded of %d in %d ms%n",
        kind, decoded, cases, (System.nanoTime() - started) / 1_000_000);
    return decoded;
  }

  private byte[] randomBytes() {
    byte[] bytes = new byte[random.nextInt(random.nextBoolean() ? 16 : 300)];
    random.nextBytes(bytes);
    return bytes;
  }

  private byte[] mutatedJson() {
    byte[] json = pick(JSON_TRIGGERS).getBytes(StandardCharsets.UTF_8);
    return random.nextInt(3) == 0 ? truncate(json) : mutate(json);
  }

  private byte[] wrongValueJson() {
    StringBuilder json = new StringBuilder("{\"name\":\"demo.hello\"");
    for (String field : FIELDS) {
      if (random.nextInt(3) == 0) {
        json.append(",\"").append(field).append("\":").append(pick(WRONG_VALUES));
      }
    }
    return json.append('}').toString().getBytes(StandardCharsets.UTF_8);
  }

  private byte[] deepJson() {
    int depth = 1 + random.nextInt(5_000);
    String open = random.nextBoolean() ? "[" : "{\"a\":";
    String close = open.equals("[") ? "]" : "}";
    String nested =
        open.repeat(depth) + "1" + close.repeat(random.nextInt(4) == 0 ? depth / 2 : depth);
    return ("{\"name\":\"demo.hello\",\"payload\":" + nested + "}")
        .getBytes(StandardCharsets.UTF_8);
  }

  /** Flips, inserts or deletes a few bytes. */
  private byte[] mutate(byte[] original) {
    byte[] bytes = original.clone();
    int edits = 1 + random.nextInt(4);
    for (int i = 0; i < edits && bytes.length > 0; i++) {
      int at = random.nextInt(bytes.length);
      switch (random.nextInt(3)) {
        case 0 -> bytes[at] ^= (byte) (1 << random.nextInt(8));
        case 1 -> bytes[at] = (byte) random.nextInt(256);
        default -> bytes = splice(bytes, at, new byte[] {(byte) random.nextInt(256)});
      }
    }
    return bytes;
  }

  private byte[] truncate(byte[] bytes) {
    return java.util.Arrays.copyOf(bytes, random.nextInt(bytes.length));
  }

  /**
   * A zig-zag varint that claims 0.5–2 GB (or a negative size) put in place of some bytes after the
   * header.
   */
  private byte[] hugeLength(byte[] valid) {
    long claim =
        random.nextInt(4) == 0
            ? -(1L + random.nextInt(Integer.MAX_VALUE))
            : 500_000_000L + random.nextInt(1_650_000_000);
    byte[] varint = varint(claim);
    int at = 10 + random.nextInt(valid.length - 10);
    byte[] rest =
        java.util.Arrays.copyOfRange(
            valid, Math.min(valid.length, at + random.nextInt(3)), valid.length);
    return Poison.concat(Poison.concat(java.util.Arrays.copyOf(valid, at), varint), rest);
  }

  private static byte[] varint(long value) {
    long n = (value << 1) ^ (value >> 63);
    java.io.ByteArrayOutputStream out = new java.io.ByteArrayOutputStream();
    while ((n & ~0x7FL) != 0) {
      out.write((int) ((n & 0x7F) | 0x80));
      n >>>= 7;
    }
    out.write((int) n);
    return out.toByteArray();
  }

  private static byte[] splice(byte[] bytes, int at, byte[] inserted) {
    return Poison.concat(
        Poison.concat(java.util.Arrays.copyOf(bytes, at), inserted),
        java.util.Arrays.copyOfRange(bytes, at, bytes.length));
  }

  /** The header of a schema of the history, any type. */
  private byte[] anyHeader() {
    return pick(HEADERS);
  }

  private <T> T pick(List<T> values) {
    return values.get(random.nextInt(values.size()));
  }

  private static String hex(byte[] bytes) {
    return HexFormat.of().formatHex(bytes, 0, Math.min(bytes.length, 200))
        + (bytes.length > 200 ? "..." : "");
  }
}
