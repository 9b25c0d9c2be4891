package dev.runlog.engine;

import dev.runlog.engine.rest.Readiness;
import java.util.EnumSet;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.CountDownLatch;
import org.apache.kafka.streams.KafkaStreams.State;

/**
 * Ready once Kafka Streams has been RUNNING, and for as long as it is alive after that. A rebalance
 * later on does not count as not ready: the stores of the partitions that stay answer, and a query
 * that needs a moving one answers 503 by itself. Dead once Kafka Streams failed (its global thread
 * died, or a stream thread could not be replaced): it processes nothing again until the process
 * restarts. Fed by the state listener and the uncaught exception handler.
 */
final class StreamsReadiness implements Readiness {
  private static final Set<State> DOWN =
      EnumSet.of(State.PENDING_ERROR, State.ERROR, State.PENDING_SHUTDOWN, State.NOT_RUNNING);
  private static final Set<State> FAILED = EnumSet.of(State.PENDING_ERROR, State.ERROR);
  private final CountDownLatch stopped = new CountDownLatch(1);
  private volatile State state = State.CREATED;
  private volatile boolean wasRunning;
  private volatile Throwable lastError;

  /** Why the engine stopped its Kafka Streams itself, if it did. */
  private volatile String stoppedFor;

  void onChange(State now) {
    if (now == State.RUNNING) {
      wasRunning = true;
    }
    state = now;
    if (now == State.ERROR || now == State.NOT_RUNNING) {
      stopped.countDown();
    }
  }

  /** A thread of Kafka Streams failed: the reason given if that stops it. */
  void failed(Throwable error) {
    lastError = error;
  }

  /**
   * The engine stops its Kafka Streams for {@code reason} (a topic of its is gone): it is dead from
   * now on, whatever state the stopping goes through.
   */
  void stoppingFor(String reason) {
    stoppedFor = reason;
  }

  @Override
  public Optional<String> notReadyReason() {
    State now = state;
    String stopped = stoppedFor;
    if (stopped != null) {
      return Optional.of(stopped + ": this instance processes nothing");
    }
    if (DOWN.contains(now)) {
      return Optional.of("Kafka Streams is " + now + ": this instance processes nothing");
    }
    if (!wasRunning) {
      return Optional.of("stream threads are starting (state " + now + ")");
    }
    return Optional.empty();
  }

  @Override
  public Optional<String> deadReason() {
    String stopped = stoppedFor;
    if (stopped != null) {
      return Optional.of(stopped);
    }
    if (!FAILED.contains(state)) {
      return Optional.empty();
    }
    Throwable error = lastError;
    return Optional.of(
        "Kafka Streams failed"
            + (error == null
                ? ""
                : ": " + error.getClass().getSimpleName() + ": " + error.getMessage()));
  }

  /** Blocks until Kafka Streams has stopped (closed, or failed); why, if it failed. */
  Optional<String> awaitStop() throws InterruptedException {
    stopped.await();
    return deadReason();
  }
}
