package dev.runlog.sdk;

import java.time.Duration;
import java.util.List;
import java.util.Optional;
import java.util.Properties;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.common.Uuid;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Registers a worker's jobs again when the jobs topic has been deleted and made again (by hand, or
 * by a tool that tidies topics): the engine, started again on the new topic, would know none of
 * them until the worker restarts, and their events would match nothing. It looks at the topic's id
 * every {@link #INTERVAL}: one metadata request.
 */
final class JobRegistration implements AutoCloseable {
  private static final Logger LOG = LoggerFactory.getLogger(JobRegistration.class);

  static final Duration INTERVAL = Duration.ofSeconds(10);

  private static final Duration ANSWER_TIMEOUT = Duration.ofSeconds(30);

  private final Admin admin;
  private final String topic;
  private final Runnable register;
  private final ScheduledExecutorService timer;

  /** The id of the topic the jobs were last registered on; only the timer's thread uses it. */
  private Uuid registeredOn;

  /**
   * Watches {@code topic}, on which the jobs were registered just now, and calls {@code register}
   * when a topic of that name with another id replaces it.
   */
  JobRegistration(Properties client, String topic, Runnable register, String workerId) {
    this.admin = Admin.create(client);
    this.topic = topic;
    this.register = register;
    this.timer =
        Executors.newSingleThreadScheduledExecutor(
            r -> {
              Thread t = new Thread(r, "runlog-registration-" + workerId);
              t.setDaemon(true);
              return t;
            });
    timer.execute(() -> registeredOn = topicId().orElse(null));
    timer.scheduleWithFixedDelay(
        this::look, INTERVAL.toMillis(), INTERVAL.toMillis(), TimeUnit.MILLISECONDS);
  }

  private void look() {
    Optional<Uuid> now = topicId();
    if (now.isEmpty()) {
      return; // gone (the engine makes it again when it starts), or no answer
    }
    if (registeredOn != null && !registeredOn.equals(now.get())) {
      LOG.warn("topic {} was made again: the jobs are registered on it again", topic);
      try {
        register.run();
      } catch (RuntimeException e) {
        LOG.warn(
            "registering the jobs again failed, tried again in {}: {}", INTERVAL, e.toString());
        return;
      }
    }
    registeredOn = now.get();
  }

  /** The topic's id; empty when it does not exist or the cluster did not answer. */
  private Optional<Uuid> topicId() {
    try {
      return Optional.of(
          admin
              .describeTopics(List.of(topic))
              .topicNameValues()
              .get(topic)
              .get(ANSWER_TIMEOUT.toMillis(), TimeUnit.MILLISECONDS)
              .topicId());
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt(); // closing
      return Optional.empty();
    } catch (ExecutionException | TimeoutException e) {
      return Optional.empty();
    }
  }

  @Override
  public void close() {
    timer.shutdownNow();
    try {
      timer.awaitTermination(ANSWER_TIMEOUT.toMillis(), TimeUnit.MILLISECONDS);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    }
    admin.close(Duration.ofSeconds(5));
  }
}
