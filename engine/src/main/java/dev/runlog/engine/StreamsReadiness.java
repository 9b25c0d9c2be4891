package dev.runlog.engine;

import dev.runlog.engine.rest.Readiness;
import java.util.EnumSet;
import java.util.Optional;
import java.util.Set;
import org.apache.kafka.streams.KafkaStreams.State;

/**
 * Ready once Kafka Streams has been RUNNING, and for as long as it is alive after that. A rebalance
 * later on does not count as not ready: the stores of the partitions that stay answer, and a query
 * that needs a moving one answers 503 by itself. Fed by the state listener.
 */
final class StreamsReadiness implements Readiness {
  private static final Set<State> DOWN =
      EnumSet.of(State.PENDING_ERROR, State.ERROR, State.PENDING_SHUTDOWN, State.NOT_RUNNING);
  private volatile State state = State.CREATED;
  private volatile boolean wasRunning;

  void onChange(State now) {
    if (now == State.RUNNING) {
      wasRunning = true;
    }
    state = now;
  }

  @Override
  public Optional<String> notReadyReason() {
    State now = state;
    if (DOWN.contains(now)) {
      return Optional.of("Kafka Streams is " + now + ": this instance processes nothing");
    }
    if (!wasRunning) {
      return Optional.of("stream threads are starting (state " + now + ")");
    }
    return Optional.empty();
  }
}
