package dev.runlog.cli.dev;

import dev.runlog.connectors.integration.ConnectionCipher;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.FileAlreadyExistsException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.Map;

/**
 * The connections key of {@code runlog dev}: {@code RUNLOG_CONNECTIONS_KEY} when it is set, else
 * the one kept in the data directory, made the first time. Kept, so that a restart still opens the
 * connections stored before; the engine and the example worker get the same one.
 */
final class DevKey {
  static final String FILE = "connections.key";
  static final String ENV = "RUNLOG_CONNECTIONS_KEY";

  private DevKey() {}

  /**
   * The key (base64) for {@code dataDir} under {@code env}.
   *
   * @throws IllegalArgumentException when the key set or kept is not one (the message never holds
   *     it)
   */
  static String of(Path dataDir, Map<String, String> env) {
    String set = env.get(ENV);
    if (set != null && !set.isBlank()) {
      return valid(set.strip(), ENV);
    }
    Path file = dataDir.resolve(FILE);
    try {
      if (Files.exists(file)) {
        return valid(Files.readString(file, StandardCharsets.UTF_8).strip(), file.toString());
      }
      Files.createDirectories(dataDir);
      String key = ConnectionCipher.newKey();
      try {
        Files.createFile(
            file,
            PosixFilePermissions.asFileAttribute(PosixFilePermissions.fromString("rw-------")));
      } catch (UnsupportedOperationException e) { // not a POSIX file system
        Files.createFile(file);
      } catch (FileAlreadyExistsException e) { // another dev process made it just now
        return valid(Files.readString(file, StandardCharsets.UTF_8).strip(), file.toString());
      }
      Files.writeString(file, key + "\n", StandardCharsets.UTF_8);
      return key;
    } catch (IOException e) {
      throw new UncheckedIOException("cannot keep the connections key in " + file, e);
    }
  }

  private static String valid(String key, String where) {
    try {
      ConnectionCipher.fromBase64(key);
      return key;
    } catch (IllegalArgumentException e) {
      throw new IllegalArgumentException(where + ": " + e.getMessage(), e);
    }
  }
}
