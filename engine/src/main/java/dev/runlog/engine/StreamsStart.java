package dev.runlog.engine;

import java.time.Duration;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import org.apache.kafka.streams.KafkaStreams;
import org.apache.kafka.streams.KafkaStreams.State;

/**
 * Whether a Kafka Streams application started: the first of RUNNING, ERROR and NOT_RUNNING it
 * reaches. Its state now is no answer: a restart on the same instance id runs a follow-up rebalance
 * at once, so RUNNING can be REBALANCING again a moment later, and the start did not fail. Set it
 * as the state listener before {@code start()}, or the first transitions are missed.
 *
 * <pre>{@code
 * StreamsStart start = new StreamsStart((now, before) -> {});
 * streams.setStateListener(start);
 * streams.start();
 * if (!start.awaitRunning(Duration.ofSeconds(60))) { streams.close(); }
 * }</pre>
 */
public final class StreamsStart implements KafkaStreams.StateListener {
  private final CompletableFuture<State> settled = new CompletableFuture<>();
  private final KafkaStreams.StateListener also;

  /** Tells {@code also} of every change too. */
  public StreamsStart(KafkaStreams.StateListener also) {
    this.also = also;
  }

  @Override
  public void onChange(State now, State before) {
    also.onChange(now, before);
    if (now == State.RUNNING || now == State.ERROR || now == State.NOT_RUNNING) {
      settled.complete(now);
    }
  }

  /**
   * True once it has been RUNNING; false when it failed or stopped first, or within {@code
   * deadline} reached none of them.
   */
  public boolean awaitRunning(Duration deadline) throws InterruptedException {
    try {
      return settled.get(deadline.toMillis(), TimeUnit.MILLISECONDS) == State.RUNNING;
    } catch (ExecutionException | TimeoutException e) {
      return false;
    }
  }
}
