package dev.runlog.engine;

import java.io.File;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Comparator;
import java.util.Optional;
import java.util.stream.Stream;

/**
 * The global store (the jobs) read from a topic that has been deleted and made again since: Kafka
 * Streams would go on from the offset it had read to, past the new topic's end, and fail its global
 * thread with an offset out of range at every start, for good. The engine keeps the id of the topic
 * the store was read from next to its state; a topic of the same name with another id means the
 * store is dropped before the start and read again from the topic's beginning (the workers register
 * their jobs on it again when they start).
 */
final class GlobalStateCheck {
  private GlobalStateCheck() {}

  /** Where Kafka Streams keeps the global store. */
  static Path globalDir(Path stateDir, String applicationId) {
    return stateDir.resolve(applicationId).resolve("global");
  }

  /** The file that holds the id of the topic the global store was read from. */
  static Path topicIdFile(Path stateDir, String applicationId) {
    return stateDir.resolve(applicationId + ".global-topic-id");
  }

  /**
   * Why the global store must be read again, if it must: the topic it was read from, as {@link
   * #remember} kept it, is not {@code topicIdNow}.
   */
  static Optional<String> readFromAnotherTopic(Path idFile, String topic, String topicIdNow) {
    try {
      if (!Files.exists(idFile)) {
        return Optional.empty(); // a first start, or one of an engine from before this check
      }
      String before = Files.readString(idFile).strip();
      return before.equals(topicIdNow)
          ? Optional.empty()
          : Optional.of(
              "topic "
                  + topic
                  + " was made again (its id was "
                  + before
                  + ", is "
                  + topicIdNow
                  + ")");
    } catch (IOException e) {
      throw new UncheckedIOException("cannot read " + idFile, e);
    }
  }

  /** Keeps {@code topicId} as the id of the topic the global store is read from. */
  static void remember(Path idFile, String topicId) {
    try {
      Files.createDirectories(idFile.getParent());
      Files.writeString(idFile, topicId);
    } catch (IOException e) {
      throw new UncheckedIOException("cannot write " + idFile, e);
    }
  }

  /** Deletes the global store, if there is one. */
  static void drop(Path globalDir) {
    if (!Files.exists(globalDir)) {
      return;
    }
    try (Stream<Path> paths = Files.walk(globalDir)) {
      paths.sorted(Comparator.reverseOrder()).map(Path::toFile).forEach(File::delete);
    } catch (IOException e) {
      throw new UncheckedIOException("cannot delete " + globalDir, e);
    }
  }
}
