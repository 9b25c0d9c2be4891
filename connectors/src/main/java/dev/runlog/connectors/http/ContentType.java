package dev.runlog.connectors.http;

import java.net.http.HttpHeaders;
import java.nio.charset.Charset;
import java.nio.charset.StandardCharsets;
import java.util.Locale;

/** An answer's {@code Content-Type}: its media type, and the charset of its text. */
record ContentType(String mediaType, Charset charset) {

  static ContentType of(HttpHeaders headers) {
    return parse(headers.firstValue("Content-Type").orElse(""));
  }

  static ContentType parse(String header) {
    String[] parts = header.split(";");
    String media = parts[0].strip().toLowerCase(Locale.ROOT);
    Charset charset = StandardCharsets.UTF_8;
    for (int i = 1; i < parts.length; i++) {
      String p = parts[i].strip();
      if (p.toLowerCase(Locale.ROOT).startsWith("charset=")) {
        try {
          charset = Charset.forName(p.substring("charset=".length()).replace("\"", "").strip());
        } catch (RuntimeException e) {
          // an unknown charset: read it as UTF-8
        }
      }
    }
    return new ContentType(media, charset);
  }

  /** {@code application/json}, or a {@code +json} type such as {@code application/problem+json}. */
  boolean isJson() {
    return mediaType.equals("application/json") || mediaType.endsWith("+json");
  }
}
