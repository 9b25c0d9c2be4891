package dev.runlog.protocol.limits;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.ObjectMapper;
import java.nio.charset.StandardCharsets;
import org.junit.jupiter.api.Test;

class RecordLimitsTest {
  private static final ObjectMapper JSON = new ObjectMapper();

  @Test
  void jsonTextBytesIsWhatAJsonStringOfTheTextTakes() throws Exception {
    for (String text :
        new String[] {
          "", "plain", "{\"a\":[\"\",\"\\\\\"]}", "é and 東京", "emoji 😀", "tab\tnew\nline"
        }) {
      int written = JSON.writeValueAsString(text).getBytes(StandardCharsets.UTF_8).length - 2;
      assertTrue(
          RecordLimits.jsonTextBytes(text) >= written,
          text + ": " + RecordLimits.jsonTextBytes(text) + " < " + written);
      assertTrue(RecordLimits.jsonTextBytes(text) <= written + 4 * text.length(), text);
    }
    assertEquals(0, RecordLimits.jsonTextBytes(null));
    assertEquals(4, RecordLimits.jsonTextBytes("\"\""));
    assertEquals(4, RecordLimits.jsonTextBytes("😀"));
  }

  @Test
  void aPayloadAndContextOverTheLimitTogetherAreAProblem() {
    String half = "x".repeat(RecordLimits.USER_VALUE_BYTES / 2);
    assertNull(RecordLimits.inputProblem(half, half));
    assertTrue(RecordLimits.inputProblem(half, half + "y").contains("as JSON text"));
    assertNull(RecordLimits.nameProblem("id", "x".repeat(RecordLimits.NAME_CHARS)));
    assertTrue(
        RecordLimits.nameProblem("id", "x".repeat(RecordLimits.NAME_CHARS + 1))
            .startsWith("id of 1001 characters"));
  }
}
