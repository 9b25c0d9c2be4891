package dev.runlog.bench;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.AdminClientConfig;
import org.apache.kafka.clients.admin.NewTopic;
import org.apache.kafka.common.KafkaFuture;
import org.apache.kafka.common.errors.GroupIdNotFoundException;
import org.apache.kafka.common.errors.UnknownTopicOrPartitionException;

/**
 * The topics and consumer groups one measurement leaves on the broker, removed again on close.
 *
 * <p>A benchmark is pointed at a cluster that may be shared, so it must not leave anything behind,
 * even when the measurement fails halfway: callers open a {@code Scratch} in a try-with-resources
 * before anything else and register every topic and group as they create it.
 */
final class Scratch implements AutoCloseable {

  private static final Duration ADMIN_DEADLINE = Duration.ofSeconds(30);

  private final Admin admin;
  private final List<String> topics = new ArrayList<>();
  private final List<String> groups = new ArrayList<>();

  Scratch(String bootstrapServers) {
    this.admin = Admin.create(Map.of(AdminClientConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrapServers));
  }

  /** Creates a topic with one replica (a benchmark measures the client path, not replication). */
  void createTopic(String name, int partitions) {
    // Registered before the request: a create that times out may still have happened.
    topics.add(name);
    await(
        admin.createTopics(List.of(new NewTopic(name, partitions, (short) 1))).all(),
        "create topic " + name);
  }

  /** Deletes the consumer group {@code groupId} (e.g. a Streams application id) on close. */
  void deleteGroupOnClose(String groupId) {
    groups.add(groupId);
  }

  /**
   * Deletes the groups, then the topics, then closes the admin client, whatever fails on the way.
   */
  @Override
  public void close() {
    RuntimeException failure = null;
    try {
      if (!groups.isEmpty()) {
        awaitIgnoring(
            admin.deleteConsumerGroups(groups).all(),
            GroupIdNotFoundException.class,
            "delete groups " + groups);
      }
    } catch (RuntimeException e) {
      failure = e;
    }
    try {
      if (!topics.isEmpty()) {
        awaitIgnoring(
            admin.deleteTopics(topics).all(),
            UnknownTopicOrPartitionException.class,
            "delete topics " + topics);
      }
    } catch (RuntimeException e) {
      failure = addTo(failure, e);
    }
    try {
      admin.close(ADMIN_DEADLINE);
    } catch (RuntimeException e) {
      failure = addTo(failure, e);
    }
    if (failure != null) {
      throw failure;
    }
  }

  private static RuntimeException addTo(RuntimeException first, RuntimeException next) {
    if (first == null) {
      return next;
    }
    first.addSuppressed(next);
    return first;
  }

  /** Like {@link #await}, but a failure of type {@code gone} means there was nothing to delete. */
  private static void awaitIgnoring(
      KafkaFuture<Void> future, Class<? extends Throwable> gone, String what) {
    try {
      await(future, what);
    } catch (IllegalStateException e) {
      if (!gone.isInstance(e.getCause())) {
        throw e;
      }
    }
  }

  private static void await(KafkaFuture<Void> future, String what) {
    try {
      future.get(ADMIN_DEADLINE.toMillis(), TimeUnit.MILLISECONDS);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new IllegalStateException("interrupted: " + what, e);
    } catch (ExecutionException e) {
      throw new IllegalStateException("cannot " + what, e.getCause());
    } catch (TimeoutException e) {
      throw new IllegalStateException("cannot " + what + " within " + ADMIN_DEADLINE, e);
    }
  }
}
