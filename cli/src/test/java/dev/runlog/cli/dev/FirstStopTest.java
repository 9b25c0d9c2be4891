package dev.runlog.cli.dev;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.CountDownLatch;
import org.junit.jupiter.api.Test;

class FirstStopTest {
  @Test
  void aPartThatFailsEndsTheWaitWhileTheOtherStillRuns() throws Exception {
    CountDownLatch engineStops = new CountDownLatch(1);
    Map<String, FirstStop.Wait> parts = new LinkedHashMap<>();
    parts.put(
        "the engine",
        () -> {
          engineStops.await();
          return Optional.empty();
        });
    parts.put("the worker", () -> Optional.of("fenced"));
    try {
      assertEquals(Optional.of("the worker: fenced"), FirstStop.await(parts));
    } finally {
      engineStops.countDown(); // its watch thread ends with it
    }
  }

  @Test
  void aPartClosedWithoutAnErrorSaysNothing() throws Exception {
    CountDownLatch workerStops = new CountDownLatch(1);
    Map<String, FirstStop.Wait> parts = new LinkedHashMap<>();
    parts.put("the engine", Optional::empty);
    parts.put(
        "the worker",
        () -> {
          workerStops.await();
          return Optional.of("never said");
        });
    try {
      assertEquals(Optional.empty(), FirstStop.await(parts));
    } finally {
      workerStops.countDown();
    }
  }
}
