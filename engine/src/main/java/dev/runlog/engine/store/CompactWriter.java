package dev.runlog.engine.store;

import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.Arrays;
import java.util.List;

/**
 * Writes a store value in the compact binary form {@link CompactReader} reads: a format byte, then
 * the fields in a fixed order, each as short as it can be (variable-length integers, a null as one
 * byte). A field added later goes at the end, where an older value simply ends: the reader gives it
 * its default.
 */
public final class CompactWriter {
  private byte[] bytes = new byte[128];
  private int size;

  /** A value of the format {@code format}, which its reader checks. */
  public CompactWriter(byte format) {
    bytes[size++] = format;
  }

  public CompactWriter string(String value) {
    if (value == null) {
      return varLong(0);
    }
    byte[] utf8 = value.getBytes(StandardCharsets.UTF_8);
    varLong(utf8.length + 1L);
    ensure(utf8.length);
    System.arraycopy(utf8, 0, bytes, size, utf8.length);
    size += utf8.length;
    return this;
  }

  /** Epoch milliseconds, as the JSON form kept them: finer precision is not kept. */
  public CompactWriter instant(Instant value) {
    if (value == null) {
      return bool(false);
    }
    return bool(true).varLong(zigZag(value.toEpochMilli()));
  }

  public CompactWriter number(long value) {
    return varLong(zigZag(value));
  }

  public CompactWriter bool(boolean value) {
    ensure(1);
    bytes[size++] = (byte) (value ? 1 : 0);
    return this;
  }

  public CompactWriter strings(List<String> values) {
    varLong(values.size());
    values.forEach(this::string);
    return this;
  }

  public byte[] toBytes() {
    return Arrays.copyOf(bytes, size);
  }

  private CompactWriter varLong(long value) {
    ensure(10);
    while ((value & ~0x7FL) != 0) {
      bytes[size++] = (byte) ((value & 0x7F) | 0x80);
      value >>>= 7;
    }
    bytes[size++] = (byte) value;
    return this;
  }

  private static long zigZag(long value) {
    return (value << 1) ^ (value >> 63);
  }

  private void ensure(int more) {
    if (size + more > bytes.length) {
      bytes = Arrays.copyOf(bytes, Math.max(bytes.length * 2, size + more));
    }
  }
}
