package dev.runlog.protocol.codec;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;

import dev.runlog.protocol.run.ChildResult;
import dev.runlog.protocol.run.ErrorInfo;
import dev.runlog.protocol.trigger.TriggerEvent;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import org.junit.jupiter.api.Test;

/** The trigger of a child run and the result its parent gets back. */
class ChildLinksCodecTest {
  private static final Instant T = Instant.parse("2026-11-29T10:00:00Z");

  @Test
  void aChildsTriggerKeepsItsJobAndParent() {
    TriggerEvent child =
        new TriggerEvent(
            "e1", "invoke", "{\"a\":1}", null, T, null, "sdk", "resize", "run_p", "thumb");
    assertEquals(child, Codecs.TRIGGER_EVENT.decode(Codecs.TRIGGER_EVENT.encode(child)));
  }

  @Test
  void aJsonTriggerMayNameItsJobButNotAParent() {
    String json = "{\"name\":\"x\",\"id\":\"e\",\"job\":\"resize\",\"parentRunId\":\"run_p\"}";
    TriggerEvent t = Codecs.TRIGGER_EVENT.decode(json.getBytes(StandardCharsets.UTF_8), null, T);
    assertEquals("resize", t.job());
    assertNull(t.parentRunId(), "parent links come from io.invoke only");
  }

  @Test
  void aChildResultRoundTrips() {
    ChildResult ok = new ChildResult("run_c", "SUCCESS", "{\"n\":2}", null);
    assertEquals(ok, ChildResult.parse(ok.toJson()));
    ChildResult failed = new ChildResult("run_c", "FAILURE", null, ErrorInfo.of("E", "boom"));
    assertEquals(failed, ChildResult.parse(failed.toJson()));
    assertEquals("{\"runId\":\"run_c\",\"status\":\"SUCCESS\",\"output\":{\"n\":2}}", ok.toJson());
  }
}
