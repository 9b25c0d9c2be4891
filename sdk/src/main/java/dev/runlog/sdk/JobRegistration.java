package dev.runlog.sdk;

import dev.runlog.protocol.topic.TopicLookout;
import java.time.Duration;
import java.util.List;
import java.util.Optional;
import java.util.Properties;
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

  private final TopicLookout lookout;
  private final String topic;
  private final Runnable register;

  /** The id of the topic the jobs were last registered on; only the lookout's thread uses it. */
  private Uuid registeredOn;

  /**
   * Watches {@code topic}, on which the jobs were registered just now, and calls {@code register}
   * when a topic of that name with another id replaces it.
   */
  JobRegistration(Properties client, String topic, Runnable register, String workerId) {
    this.lookout = new TopicLookout(client, "runlog-registration-" + workerId);
    this.topic = topic;
    this.register = register;
    lookout.after(
        Duration.ZERO,
        () -> {
          registeredOn = id().orElse(null);
          lookout.after(INTERVAL, this::look);
        });
  }

  private void look() {
    Optional<Uuid> now = id();
    if (now.isPresent()) { // not when gone (the engine makes it again when it starts) or unanswered
      // Unknown when the first look got no answer: the topic may have been made again since the
      // registration, so register once more (a registration written twice is harmless, as at
      // every start of a worker).
      if (!now.get().equals(registeredOn)) {
        if (registeredOn == null) {
          LOG.info("topic {} was not known at the start: the jobs are registered again", topic);
        } else {
          LOG.warn("topic {} was made again: the jobs are registered on it again", topic);
        }
        try {
          register.run();
          registeredOn = now.get();
        } catch (RuntimeException e) {
          LOG.warn(
              "registering the jobs again failed, tried again in {}: {}", INTERVAL, e.toString());
        }
      }
    }
    lookout.after(INTERVAL, this::look);
  }

  private Optional<Uuid> id() {
    return lookout.ids(List.of(topic)).flatMap(ids -> ids.get(topic));
  }

  @Override
  public void close() {
    lookout.close();
  }
}
