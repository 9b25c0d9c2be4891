package dev.runlog.engine.query;

import java.nio.charset.StandardCharsets;
import java.util.Base64;

/** Page cursors as opaque URL-safe text: they are index keys, which hold NUL separators. */
public final class Cursors {
  private Cursors() {}

  public static String encode(String key) {
    return key == null
        ? null
        : Base64.getUrlEncoder()
            .withoutPadding()
            .encodeToString(key.getBytes(StandardCharsets.UTF_8));
  }

  /**
   * @throws IllegalArgumentException when the text is not a cursor this API gave out
   */
  public static String decode(String cursor) {
    if (cursor == null || cursor.isBlank()) {
      return null;
    }
    String key = new String(Base64.getUrlDecoder().decode(cursor), StandardCharsets.UTF_8);
    if (key.indexOf('\u0000') < 0) {
      throw new IllegalArgumentException("not a cursor of this API: " + cursor);
    }
    return key;
  }
}
