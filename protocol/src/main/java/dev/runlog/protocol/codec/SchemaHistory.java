package dev.runlog.protocol.codec;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStream;
import java.io.InputStreamReader;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.stream.Collectors;
import org.apache.avro.Schema;
import org.apache.avro.SchemaNormalization;

/**
 * Every schema runlog has ever written, kept under {@code schema-history/} in this module: a reader
 * finds an older writer schema here by its fingerprint. A released schema is never removed; a
 * change to a schema adds a file (the {@code SchemaHistoryTest} fails until it is added).
 */
public final class SchemaHistory {
  static final String INDEX = "/schema-history/index.txt";
  private static final List<Schema> SCHEMAS = List.copyOf(schemas());

  /**
   * The full name of each schema in the history, by its fingerprint: names what a record is when it
   * is not what was expected.
   */
  private static final Map<Long, String> TYPES =
      SCHEMAS.stream()
          .collect(
              Collectors.toUnmodifiableMap(
                  SchemaNormalization::parsingFingerprint64, Schema::getName, (a, b) -> a));

  private SchemaHistory() {}

  /** Every schema of the history named {@code fullName}, oldest first. */
  static List<Schema> of(String fullName) {
    return SCHEMAS.stream().filter(s -> s.getFullName().equals(fullName)).toList();
  }

  /** The name of the history's schema with {@code fingerprint}, or null. */
  static String typeOf(long fingerprint) {
    return TYPES.get(fingerprint);
  }

  /** The schemas in the history, in the order of the index. */
  public static List<Schema> schemas() {
    List<Schema> schemas = new ArrayList<>();
    for (String file : indexLines()) {
      try (InputStream in = SchemaHistory.class.getResourceAsStream("/schema-history/" + file)) {
        if (in == null) {
          throw new IllegalStateException("schema-history lists a missing file: " + file);
        }
        schemas.add(new Schema.Parser().parse(in));
      } catch (IOException e) {
        throw new UncheckedIOException(e);
      }
    }
    return schemas;
  }

  private static List<String> indexLines() {
    InputStream in = SchemaHistory.class.getResourceAsStream(INDEX);
    if (in == null) {
      return List.of();
    }
    try (BufferedReader reader =
        new BufferedReader(new InputStreamReader(in, StandardCharsets.UTF_8))) {
      return reader
          .lines()
          .map(String::strip)
          .filter(l -> !l.isEmpty() && !l.startsWith("#"))
          .toList();
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }
}
