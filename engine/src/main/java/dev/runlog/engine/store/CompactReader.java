package dev.runlog.engine.store;

import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;

/**
 * Reads what {@link CompactWriter} wrote. A field past the end of the value (written by an older
 * runlog, before the field was added) reads as its default: null, zero, false, empty.
 */
public final class CompactReader {
  private final byte[] bytes;
  private int position;

  /**
   * @throws IllegalArgumentException when {@code bytes} are not of format {@code format}
   */
  public CompactReader(byte[] bytes, byte format) {
    if (bytes.length == 0 || bytes[0] != format) {
      throw new IllegalArgumentException("not a store value of format " + format);
    }
    this.bytes = bytes;
    this.position = 1;
  }

  public String string() {
    if (position >= bytes.length) {
      return null;
    }
    long length = varLong() - 1;
    if (length < 0) {
      return null;
    }
    if (length > bytes.length - position) {
      throw new IllegalArgumentException("a string longer than the value");
    }
    String value = new String(bytes, position, (int) length, StandardCharsets.UTF_8);
    position += (int) length;
    return value;
  }

  public Instant instant() {
    return bool() ? Instant.ofEpochMilli(number()) : null;
  }

  public long number() {
    if (position >= bytes.length) {
      return 0;
    }
    long raw = varLong();
    return (raw >>> 1) ^ -(raw & 1);
  }

  public int integer() {
    return Math.toIntExact(number());
  }

  public boolean bool() {
    return position < bytes.length && bytes[position++] != 0;
  }

  public List<String> strings() {
    if (position >= bytes.length) {
      return List.of();
    }
    long count = varLong();
    if (count > bytes.length - position) {
      throw new IllegalArgumentException("more strings than the value has bytes");
    }
    List<String> values = new ArrayList<>((int) count);
    for (long i = 0; i < count; i++) {
      values.add(string());
    }
    return values;
  }

  private long varLong() {
    long value = 0;
    for (int shift = 0; shift < 64; shift += 7) {
      if (position >= bytes.length) {
        throw new IllegalArgumentException("a number cut off at the end of the value");
      }
      byte b = bytes[position++];
      value |= (long) (b & 0x7F) << shift;
      if ((b & 0x80) == 0) {
        return value;
      }
    }
    throw new IllegalArgumentException("a number longer than 10 bytes");
  }
}
