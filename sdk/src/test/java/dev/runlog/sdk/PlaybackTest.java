package dev.runlog.sdk;

import static org.junit.jupiter.api.Assertions.assertEquals;

import dev.runlog.protocol.execution.TaskSnapshot;
import dev.runlog.protocol.run.ErrorInfo;
import dev.runlog.protocol.run.RunEventBody;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** What a worker catching up on a run's log makes of the steps it finds there. */
class PlaybackTest {
  private static final Instant T0 = Instant.parse("2026-11-30T10:00:00Z");

  @Test
  void aFailureRecordedWithoutARetryIsAFailureForGood() {
    ErrorInfo gone = ErrorInfo.of("E", "404");
    ErrorInfo busy = ErrorInfo.of("E", "503");
    Playback.History history =
        Playback.History.of(
            List.of(
                new RunEventBody.TaskFailed("post", gone, 1, T0, null),
                new RunEventBody.TaskFailed("fetch", busy, 1, T0, T0.plusSeconds(1))));
    assertEquals(
        Map.of(
            "post", TaskSnapshot.failed("post", 1, gone, true),
            "fetch", TaskSnapshot.failed("fetch", 1, busy, false)),
        history.attempted());
  }
}
