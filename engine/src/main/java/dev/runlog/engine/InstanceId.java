package dev.runlog.engine;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.util.UUID;

/**
 * The engine instance's id in its consumer group ({@code group.instance.id}, static membership),
 * kept in its state dir: an instance restarted on the same state dir rejoins as the member it was,
 * and takes its partitions back at once, where a new member would wait until the group evicts the
 * dead one ({@code session.timeout.ms}). A random id per state dir keeps two instances apart
 * without any setting.
 */
final class InstanceId {
  static final String FILE = "instance-id";

  private InstanceId() {}

  /** The id in {@code stateDir}, made and stored there the first time. */
  static String of(Path stateDir) {
    Path file = stateDir.resolve(FILE);
    try {
      if (Files.exists(file)) {
        return Files.readString(file).strip();
      }
      Files.createDirectories(stateDir);
      String id = UUID.randomUUID().toString();
      // Written aside and moved in: a crash while writing leaves no half id behind.
      Path written = Files.writeString(Files.createTempFile(stateDir, FILE, ".tmp"), id + "\n");
      Files.move(written, file, StandardCopyOption.ATOMIC_MOVE);
      return id;
    } catch (IOException e) {
      throw new UncheckedIOException("cannot read or store the instance id in " + file, e);
    }
  }
}
