package dev.runlog.protocol.codec;

import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import org.apache.avro.io.Decoder;
import org.apache.avro.util.Utf8;

/**
 * Avro binary decoding of one record held in a byte array, which checks every length and count it
 * reads against the bytes left before anything is allocated from it. A string, bytes or fixed
 * longer than what is left, or a collection with more items than bytes left, is refused: no
 * allocation is driven by a length field beyond the size of the record.
 *
 * <p>Why not Avro's own {@code BinaryDecoder}: fed by a stream (as {@code BinaryMessageDecoder}
 * does), it cannot know what is left, and allocates a claimed 2 GB string before it reads it.
 * Counting an item as at least one byte is exact for runlog's schemas, which have no collections of
 * zero-byte items (null, empty records).
 *
 * <p>One instance per record, not thread-safe; failures are {@link DecodeException}s.
 */
final class BoundedDecoder extends Decoder {
  private final byte[] buf;
  private final int end;
  private int pos;

  BoundedDecoder(byte[] buf, int offset, int end) {
    this.buf = buf;
    this.pos = offset;
    this.end = end;
  }

  @Override
  public int remainingBytes() {
    return end - pos;
  }

  @Override
  public void readNull() {}

  @Override
  public boolean readBoolean() {
    require(1, "a boolean");
    return buf[pos++] == 1;
  }

  @Override
  public int readInt() {
    int n = 0;
    for (int shift = 0; shift < 35; shift += 7) {
      int b = nextByte("an int");
      n |= (b & 0x7F) << shift;
      if ((b & 0x80) == 0) {
        return (n >>> 1) ^ -(n & 1);
      }
    }
    throw new DecodeException("malformed int: more than 5 bytes");
  }

  @Override
  public long readLong() {
    long n = 0;
    for (int shift = 0; shift < 70; shift += 7) {
      int b = nextByte("a long");
      n |= (long) (b & 0x7F) << shift;
      if ((b & 0x80) == 0) {
        return (n >>> 1) ^ -(n & 1);
      }
    }
    throw new DecodeException("malformed long: more than 10 bytes");
  }

  @Override
  public float readFloat() {
    require(4, "a float");
    int bits =
        (buf[pos] & 0xFF)
            | (buf[pos + 1] & 0xFF) << 8
            | (buf[pos + 2] & 0xFF) << 16
            | (buf[pos + 3] & 0xFF) << 24;
    pos += 4;
    return Float.intBitsToFloat(bits);
  }

  @Override
  public double readDouble() {
    require(8, "a double");
    long bits = 0;
    for (int i = 7; i >= 0; i--) {
      bits = bits << 8 | (buf[pos + i] & 0xFF);
    }
    pos += 8;
    return Double.longBitsToDouble(bits);
  }

  @Override
  public Utf8 readString(Utf8 old) {
    int length = length("string");
    Utf8 result = old != null ? old : new Utf8();
    result.setByteLength(length);
    System.arraycopy(buf, pos, result.getBytes(), 0, length);
    pos += length;
    return result;
  }

  @Override
  public String readString() {
    int length = length("string");
    String s = new String(buf, pos, length, StandardCharsets.UTF_8);
    pos += length;
    return s;
  }

  @Override
  public void skipString() {
    pos += length("string");
  }

  @Override
  public ByteBuffer readBytes(ByteBuffer old) {
    int length = length("bytes");
    ByteBuffer result =
        old != null && length <= old.capacity() ? old.clear() : ByteBuffer.allocate(length);
    System.arraycopy(buf, pos, result.array(), result.arrayOffset(), length);
    result.limit(length);
    pos += length;
    return result;
  }

  @Override
  public void skipBytes() {
    pos += length("bytes");
  }

  @Override
  public void readFixed(byte[] bytes, int start, int length) {
    require(length, "a fixed");
    System.arraycopy(buf, pos, bytes, start, length);
    pos += length;
  }

  @Override
  public void skipFixed(int length) {
    require(length, "a fixed");
    pos += length;
  }

  @Override
  public int readEnum() {
    return index("enum symbol");
  }

  @Override
  public long readArrayStart() {
    return items("array");
  }

  @Override
  public long arrayNext() {
    return items("array");
  }

  @Override
  public long skipArray() {
    return skipItems("array");
  }

  @Override
  public long readMapStart() {
    return items("map");
  }

  @Override
  public long mapNext() {
    return items("map");
  }

  @Override
  public long skipMap() {
    return skipItems("map");
  }

  @Override
  public int readIndex() {
    return index("union branch");
  }

  private int index(String what) {
    int index = readInt();
    if (index < 0) {
      throw new DecodeException(what + " " + index + " is negative");
    }
    return index;
  }

  /**
   * The item count of a collection block; a negative count is followed by the block's size in
   * bytes.
   */
  private long items(String what) {
    long count = readLong();
    if (count < 0) {
      if (count == Long.MIN_VALUE) {
        throw new DecodeException(what + " block count " + count + " is out of range");
      }
      count = -count;
      long size = readLong();
      if (size < 0 || size > remainingBytes()) {
        throw new DecodeException(
            what + " block of " + size + " bytes claimed, " + remainingBytes() + " left");
      }
    }
    if (count > remainingBytes()) {
      throw new DecodeException(
          what + " of " + count + " items cannot fit in the " + remainingBytes() + " bytes left");
    }
    return count;
  }

  /**
   * Skips the blocks that give their size; returns the item count of the first block that does not
   * (0 at the end).
   */
  private long skipItems(String what) {
    while (true) {
      long count = readLong();
      if (count >= 0) {
        if (count > remainingBytes()) {
          throw new DecodeException(
              what
                  + " of "
                  + count
                  + " items cannot fit in the "
                  + remainingBytes()
                  + " bytes left");
        }
        return count;
      }
      long size = readLong();
      if (size < 0 || size > remainingBytes()) {
        throw new DecodeException(
            what + " block of " + size + " bytes claimed, " + remainingBytes() + " left");
      }
      pos += (int) size;
    }
  }

  private int length(String what) {
    long length = readLong();
    if (length < 0) {
      throw new DecodeException(what + " length " + length + " is negative");
    }
    if (length > remainingBytes()) {
      throw new DecodeException(
          what + " of " + length + " bytes claimed, " + remainingBytes() + " left");
    }
    return (int) length;
  }

  private void require(int length, String what) {
    if (length < 0 || length > remainingBytes()) {
      throw new DecodeException(
          "truncated: " + what + " needs " + length + " bytes, " + remainingBytes() + " left");
    }
  }

  private int nextByte(String what) {
    if (pos >= end) {
      throw new DecodeException("truncated: " + what + " runs past the end");
    }
    return buf[pos++] & 0xFF;
  }
}
