package dev.runlog.cli.dev;

import java.util.Map;
import java.util.Optional;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.LinkedBlockingQueue;

/**
 * Waits for the first of the parts of one process to stop: {@code runlog dev} holds an engine and a
 * worker, and either one stopping for an error leaves events that nothing runs.
 */
final class FirstStop {
  private FirstStop() {}

  /** A part's wait: blocks until the part stops, and returns why if it failed. */
  @FunctionalInterface
  interface Wait {
    Optional<String> await() throws InterruptedException;
  }

  /**
   * Blocks until one of {@code parts} stops; returns why, prefixed with the part's name, if it
   * failed. Each part is waited for on a daemon thread of its own, which ends when its part stops.
   */
  static Optional<String> await(Map<String, Wait> parts) throws InterruptedException {
    BlockingQueue<Optional<String>> stops = new LinkedBlockingQueue<>();
    parts.forEach(
        (name, wait) -> {
          Thread watch =
              new Thread(
                  () -> {
                    try {
                      stops.add(wait.await().map(why -> name + ": " + why));
                    } catch (InterruptedException e) {
                      Thread.currentThread().interrupt(); // the process is going away
                    }
                  },
                  "runlog-dev-watch-" + name.replace(' ', '-'));
          watch.setDaemon(true);
          watch.start();
        });
    return stops.take();
  }
}
