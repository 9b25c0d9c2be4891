package dev.runlog.engine.rest;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.security.SecureRandom;
import java.util.ArrayList;
import java.util.Base64;
import java.util.HashSet;
import java.util.HexFormat;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import java.util.regex.Pattern;

/**
 * The API keys an engine accepts, each with a name and a {@link Role}. Only their SHA-256 hashes
 * are kept, whether they came in clear ({@code api.keys}) or hashed ({@code api.keys.file}).
 *
 * <p>Why SHA-256 and not bcrypt or another slow hash: a slow hash protects low-entropy secrets
 * (passwords a person chose) against guessing from a stolen hash. An API key here is 256 random
 * bits ({@link #newKey()}), or at least {@value #MIN_KEY_LENGTH} characters a person was told to
 * make random: no dictionary applies, and 2^256 guesses stay out of reach however fast each one is.
 * A slow hash would instead cost tens of milliseconds of CPU on every request (the dashboard
 * polls), and caching its results would bring back a table of secrets in memory.
 *
 * <p>A presented key is hashed and compared with every known hash in constant time ({@link
 * MessageDigest#isEqual}), all of them every time: neither the answer's timing nor which key
 * matched tells a caller how close a guess was.
 */
public final class ApiKeys {
  /** The shortest key {@code api.keys} takes: a guessable key would defeat the point. */
  public static final int MIN_KEY_LENGTH = 16;

  public static final ApiKeys NONE = new ApiKeys(List.of());
  private static final String SHA256 = "sha256:";
  private static final Pattern NAME = Pattern.compile("[A-Za-z0-9._@-]{1,100}");
  private static final Pattern HASH = Pattern.compile("sha256:[0-9a-f]{64}");
  private static final SecureRandom RANDOM = new SecureRandom();

  /** One accepted key: who it is, what it may do, the SHA-256 of its text. */
  record Key(String name, Role role, byte[] sha256) {}

  private final List<Key> keys;

  private ApiKeys(List<Key> keys) {
    this.keys = List.copyOf(keys);
    Set<String> names = new HashSet<>();
    for (Key key : keys) {
      if (!names.add(key.name())) {
        throw new IllegalArgumentException("two API keys are named " + key.name());
      }
    }
  }

  /**
   * Keys in clear, as the {@code api.keys} setting gives them: {@code role=key} entries separated
   * by commas, e.g. {@code admin=3q2+7w...,read=Zm9v...}. The keys are named {@code <role>-<n>} (n
   * from 1, in the order given).
   */
  public static ApiKeys parse(String setting) {
    List<Key> keys = new ArrayList<>();
    for (Clear clear : clear(setting)) {
      keys.add(
          new Key(
              clear.role().text() + "-" + (keys.size() + 1), clear.role(), sha256(clear.key())));
    }
    return new ApiKeys(keys);
  }

  /**
   * The first key of the {@code api.keys} setting that may read the API ({@code read} or {@code
   * admin}), in clear: what an instance sends its peers when nothing else is set.
   */
  public static Optional<String> firstReadKey(String setting) {
    return clear(setting).stream()
        .filter(c -> c.role().covers(Role.READ))
        .map(Clear::key)
        .findFirst();
  }

  /**
   * Hashed keys from a file, one per line: {@code <name> <role> sha256:<64 hex digits>}; blank
   * lines and lines starting with {@code #} are skipped. {@link #line} makes a line.
   */
  public static ApiKeys read(Path file) {
    List<String> lines;
    try {
      lines = Files.readAllLines(file, StandardCharsets.UTF_8);
    } catch (IOException e) {
      throw new UncheckedIOException("cannot read the API keys file " + file, e);
    }
    List<Key> keys = new ArrayList<>();
    for (int i = 0; i < lines.size(); i++) {
      String line = lines.get(i).strip();
      if (line.isEmpty() || line.startsWith("#")) {
        continue;
      }
      String[] fields = line.split("\\s+");
      String where = file + " line " + (i + 1);
      if (fields.length != 3
          || !NAME.matcher(fields[0]).matches()
          || !HASH.matcher(fields[2]).matches()) {
        throw new IllegalArgumentException(
            where + " is not '<name> <role> sha256:<64 hex digits>'");
      }
      try {
        keys.add(
            new Key(
                fields[0],
                Role.parse(fields[1]),
                HexFormat.of().parseHex(fields[2].substring(SHA256.length()))));
      } catch (IllegalArgumentException e) {
        throw new IllegalArgumentException(where + ": " + e.getMessage(), e);
      }
    }
    return new ApiKeys(keys);
  }

  /** These keys and {@code other}'s. */
  public ApiKeys and(ApiKeys other) {
    List<Key> all = new ArrayList<>(keys);
    all.addAll(other.keys);
    return new ApiKeys(all);
  }

  /** True when no key is configured: the API is open. */
  public boolean isEmpty() {
    return keys.isEmpty();
  }

  public int size() {
    return keys.size();
  }

  /**
   * The key whose text is {@code presented}, if any; takes the same time whichever key, or none,
   * matches.
   */
  Optional<Key> match(String presented) {
    byte[] hash = sha256(presented);
    Key found = null;
    for (Key key : keys) {
      if (MessageDigest.isEqual(hash, key.sha256()) && found == null) {
        found = key;
      }
    }
    return Optional.ofNullable(found);
  }

  /** A new key: 32 random bytes, URL-safe base64 (43 characters). */
  public static String newKey() {
    byte[] bytes = new byte[32];
    RANDOM.nextBytes(bytes);
    return Base64.getUrlEncoder().withoutPadding().encodeToString(bytes);
  }

  /** The {@code api.keys.file} line of {@code key}: {@code <name> <role> sha256:<hex>}. */
  public static String line(String name, Role role, String key) {
    if (!NAME.matcher(name).matches()) {
      throw new IllegalArgumentException(
          "a key name is 1 to 100 of A-Z a-z 0-9 . _ @ -, not " + name);
    }
    requireStrong(key);
    return name + " " + role.text() + " " + SHA256 + HexFormat.of().formatHex(sha256(key));
  }

  private record Clear(Role role, String key) {}

  private static List<Clear> clear(String setting) {
    List<Clear> keys = new ArrayList<>();
    if (setting == null || setting.isBlank()) {
      return keys;
    }
    for (String entry : setting.split(",")) {
      String[] parts = entry.strip().split("=", 2);
      if (parts.length != 2 || parts[1].isBlank()) {
        throw new IllegalArgumentException(
            "api.keys takes role=key entries separated by commas (role: admin, read or metrics), not "
                + (parts[0].isBlank() ? "an empty entry" : "an entry starting " + parts[0]));
      }
      String key = parts[1].strip();
      requireStrong(key);
      keys.add(new Clear(Role.parse(parts[0]), key));
    }
    return keys;
  }

  private static void requireStrong(String key) {
    if (key.length() < MIN_KEY_LENGTH
        || key.chars().anyMatch(c -> c <= ' ' || c == ',' || c > '~')) {
      throw new IllegalArgumentException(
          "an API key must be at least "
              + MIN_KEY_LENGTH
              + " printable ASCII characters without spaces or commas (runlog keys new makes one)");
    }
  }

  private static byte[] sha256(String text) {
    try {
      return MessageDigest.getInstance("SHA-256").digest(text.getBytes(StandardCharsets.UTF_8));
    } catch (NoSuchAlgorithmException e) {
      throw new IllegalStateException("every Java runtime has SHA-256", e);
    }
  }
}
