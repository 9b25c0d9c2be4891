package dev.runlog.engine.rest;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.util.List;
import java.util.Optional;
import java.util.concurrent.CopyOnWriteArrayList;
import org.junit.jupiter.api.Test;

class ReadinessTest {

  @Test
  void allOfGivesTheFirstReasonAndSeesChecksAddedLater() {
    List<Readiness> checks = new CopyOnWriteArrayList<>(List.of(Readiness.READY));
    Readiness all = Readiness.allOf(checks);
    assertEquals(Optional.empty(), all.notReadyReason());
    checks.add(() -> Optional.of("the example job is not registered yet"));
    checks.add(() -> Optional.of("a later reason"));
    assertEquals(Optional.of("the example job is not registered yet"), all.notReadyReason());
  }
}
