package dev.runlog.sdk;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertThrows;

import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.atomic.AtomicInteger;
import org.apache.kafka.common.errors.ConcurrentTransactionsException;
import org.apache.kafka.common.errors.NotEnoughReplicasException;
import org.apache.kafka.common.errors.TransactionAbortableException;
import org.junit.jupiter.api.Test;

class AbortableRetryTest {
  private final List<Long> pauses = new ArrayList<>();
  private final AtomicInteger aborts = new AtomicInteger();

  private static ExecutionException abortable() {
    // as a send's future reports it
    return new ExecutionException(
        new TransactionAbortableException(
            "Transaction Request was aborted after exhausting retries.",
            new ConcurrentTransactionsException("markers still being written")));
  }

  @Test
  void aTransactionKafkaSaidToAbortIsAbortedAndTriedAgain() throws Exception {
    AtomicInteger attempts = new AtomicInteger();
    String result =
        AbortableRetry.run(
            () -> {
              if (attempts.incrementAndGet() < 3) {
                throw abortable();
              }
              return "committed";
            },
            aborts::incrementAndGet,
            pauses::add);
    assertEquals("committed", result);
    assertEquals(3, attempts.get());
    assertEquals(2, aborts.get(), "each failed attempt aborted before the next");
    assertEquals(List.of(10L, 20L), pauses);
  }

  @Test
  void itGivesUpAfterItsAttemptsWithTheLastFailure() {
    AtomicInteger attempts = new AtomicInteger();
    ExecutionException last = abortable();
    ExecutionException thrown =
        assertThrows(
            ExecutionException.class,
            () ->
                AbortableRetry.run(
                    () -> {
                      attempts.incrementAndGet();
                      throw last;
                    },
                    aborts::incrementAndGet,
                    pauses::add));
    assertSame(last, thrown);
    assertEquals(AbortableRetry.ATTEMPTS, attempts.get());
    assertEquals(List.of(10L, 20L, 40L, 80L, 160L), pauses);
  }

  @Test
  void otherFailuresAndAFailedAbortAreThrownAtOnce() {
    NotEnoughReplicasException other = new NotEnoughReplicasException("a broker is down");
    assertSame(
        other,
        assertThrows(
            NotEnoughReplicasException.class,
            () ->
                AbortableRetry.run(
                    () -> {
                      throw other;
                    },
                    aborts::incrementAndGet,
                    pauses::add)));
    assertEquals(0, aborts.get());

    ExecutionException first = abortable();
    ExecutionException thrown =
        assertThrows(
            ExecutionException.class,
            () ->
                AbortableRetry.run(
                    () -> {
                      throw first;
                    },
                    () -> {
                      throw new IllegalStateException("producer closed");
                    },
                    pauses::add));
    assertSame(first, thrown);
    assertEquals(1, thrown.getSuppressed().length);
    assertEquals(List.of(), pauses);
  }
}
