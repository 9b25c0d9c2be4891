package dev.runlog.protocol.codec;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.runlog.protocol.trigger.TriggerEvent;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import org.junit.jupiter.api.Test;

/** Triggers that parse but make no sense are refused with a reason, not accepted half-read. */
class TriggerJsonTest {
  private static final Instant T = Instant.parse("2026-11-23T10:00:00Z");

  @Test
  void contentAfterTheObjectIsRefused() {
    assertTrue(refused("{\"name\":\"demo.hello\"}garbage").contains("not valid JSON"));
    refused("{\"name\":\"demo.hello\"} {\"name\":\"other\"}");
    refused("{\"name\":\"demo.hello\"}}");
    assertEquals(
        "demo.hello",
        decode("{\"name\":\"demo.hello\"} \r\n\t").name(),
        "trailing whitespace is fine");
  }

  @Test
  void anIdOrNameLongerThanANameMayBeIsRefused() {
    String longest = "x".repeat(1_000);
    assertEquals(longest, decode("{\"name\":\"n\",\"id\":\"" + longest + "\"}").id());
    assertTrue(
        refused("{\"name\":\"n\",\"id\":\"" + longest + "y\"}")
            .contains("id of 1001 characters is longer than the 1000"));
    assertTrue(refused("{\"name\":\"" + longest + "y\"}").contains("name of 1001 characters"));
    assertTrue(refused("{\"name\":\"n\",\"job\":\"" + longest + "y\"}").contains("job of 1001"));
  }

  @Test
  void aDeliverAfterThatOverflowsIsRefused() {
    String reason =
        refused("{\"name\":\"demo.hello\",\"deliverAfter\":\"PT9223372036854775807S\"}");
    assertTrue(reason.contains("deliverAfter"), reason);
    refused("{\"name\":\"demo.hello\",\"deliverAfter\":\"-PT9223372036854775807S\"}");
    refused("{\"name\":\"demo.hello\",\"deliverAfter\":9223372036854775807}");
    refused("{\"name\":\"demo.hello\",\"deliverAfter\":\"PT99999999999999999999S\"}");
  }

  @Test
  void instantsOutsideYears0To9999AreRefused() {
    assertTrue(
        refused("{\"name\":\"n\",\"deliverAt\":\"+10000-01-01T00:00:00Z\"}").contains("deliverAt"));
    refused("{\"name\":\"n\",\"deliverAt\":\"-0001-12-31T23:59:59Z\"}");
    refused("{\"name\":\"n\",\"deliverAt\":9223372036854775807}");
    refused("{\"name\":\"n\",\"deliverAt\":-9223372036854775808}");
    assertTrue(
        refused("{\"name\":\"n\",\"timestamp\":\"+1000000000-12-31T23:59:59Z\"}")
            .contains("timestamp"));
    refused(
        "{\"name\":\"n\",\"timestamp\":\"2026-01-01T00:00:00Z\",\"deliverAfter\":\"PT2562047788015215H\"}");
    assertEquals(
        Instant.parse("9999-12-31T23:59:59.999Z"),
        decode("{\"name\":\"n\",\"deliverAt\":\"9999-12-31T23:59:59.999Z\"}").deliverAt());
    assertEquals(
        Instant.parse("0000-01-01T00:00:00Z"),
        decode("{\"name\":\"n\",\"timestamp\":\"0000-01-01T00:00:00Z\"}").timestamp());
  }

  @Test
  void numbersTooBigForALongAreRefusedNotTruncated() {
    assertTrue(
        refused("{\"name\":\"n\",\"deliverAt\":123456789012345678901234567890}")
            .contains("deliverAt"));
    refused("{\"name\":\"n\",\"deliverAfter\":-123456789012345678901234567890}");
    refused("{\"name\":\"n\",\"deliverAt\":1.5}");
    refused("{\"name\":\"n\",\"deliverAt\":1e999}");
  }

  @Test
  void wrongTypesAreRefused() {
    refused("{\"name\":42}");
    refused("{\"name\":\"n\",\"id\":{\"a\":1}}");
    refused("{\"name\":\"n\",\"context\":[1]}");
    refused("{\"name\":\"n\",\"deliverAt\":true}");
    refused("{\"name\":\"n\",\"deliverAfter\":[]}");
    refused("[{\"name\":\"n\"}]");
  }

  @Test
  void deepNestingIsRefused() {
    refused("{\"name\":\"n\",\"payload\":" + "[".repeat(100_000) + "]".repeat(100_000) + "}");
  }

  @Test
  void anAvroTriggerOutsideYears0To9999IsRefused() {
    Instant far = Instant.parse("+10000-01-01T00:00:00Z");
    byte[] late =
        Codecs.TRIGGER_EVENT.encode(new TriggerEvent("e", "n", "{}", null, T, far, "sdk"));
    assertTrue(
        assertThrows(DecodeException.class, () -> Codecs.TRIGGER_EVENT.decode(late))
            .getMessage()
            .contains("deliverAt"));
    byte[] early =
        Codecs.TRIGGER_EVENT.encode(
            new TriggerEvent(
                "e", "n", "{}", null, Instant.parse("-0001-01-01T00:00:00Z"), null, "sdk"));
    assertTrue(
        assertThrows(DecodeException.class, () -> Codecs.TRIGGER_EVENT.decode(early))
            .getMessage()
            .contains("timestamp"));
  }

  private static TriggerEvent decode(String json) {
    return Codecs.TRIGGER_EVENT.decode(json.getBytes(StandardCharsets.UTF_8), "key", T);
  }

  private static String refused(String json) {
    return assertThrows(DecodeException.class, () -> decode(json), json).getMessage();
  }
}
