package dev.runlog.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;

import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.TextNode;
import org.junit.jupiter.api.Test;

class CellsTest {
  @Test
  void durationsAreShortAtEveryScale() {
    assertEquals("0ms", Cells.duration(0));
    assertEquals("999ms", Cells.duration(999));
    assertEquals("1.0s", Cells.duration(1_000));
    assertEquals("59.9s", Cells.duration(59_999));
    assertEquals("1m0s", Cells.duration(60_000));
    assertEquals("59m59s", Cells.duration(3_599_999));
    assertEquals("26h5m", Cells.duration((26 * 3600 + 5 * 60 + 7) * 1000L));
  }

  @Test
  void durationsBetweenInstantsNeedBoth() {
    assertEquals(
        "250ms",
        Cells.duration(
            TextNode.valueOf("2026-01-01T00:00:00Z"),
            TextNode.valueOf("2026-01-01T00:00:00.250Z")));
    assertEquals(
        "-",
        Cells.duration(
            TextNode.valueOf("2026-01-01T00:00:00Z"), JsonNodeFactory.instance.nullNode()));
    assertEquals(
        "-",
        Cells.duration(TextNode.valueOf("yesterday"), TextNode.valueOf("2026-01-01T00:00:00Z")));
  }

  @Test
  void jsonKeepsStringsQuotedAndTextDoesNot() {
    assertEquals("\"11\"", Cells.json(TextNode.valueOf("11")));
    assertEquals("11", Cells.text(TextNode.valueOf("11")));
    assertEquals("-", Cells.json(null));
    assertEquals("abcd...", Cells.truncate("abcdefghij", 7));
    assertEquals("abcdefg", Cells.truncate("abcdefg", 7));
  }
}
