package dev.runlog.sdk;

import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.JavaType;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;
import com.fasterxml.jackson.datatype.jsr310.JavaTimeModule;
import java.io.IOException;
import java.lang.reflect.Type;

/**
 * User data to and from JSON. No polymorphic typing: a type always comes from the job's code (a
 * payload class, a task's declared output), never from the log, which is input.
 */
final class Json {
  static final ObjectMapper MAPPER =
      new ObjectMapper()
          .registerModule(new JavaTimeModule())
          .disable(SerializationFeature.WRITE_DATES_AS_TIMESTAMPS)
          .disable(DeserializationFeature.FAIL_ON_UNKNOWN_PROPERTIES);

  private Json() {}

  static String write(Object value) {
    try {
      return MAPPER.writeValueAsString(value);
    } catch (IOException e) {
      throw new IllegalArgumentException("cannot write as JSON: " + e.getMessage(), e);
    }
  }

  static <T> T read(String json, Type type) {
    try {
      JavaType javaType = MAPPER.getTypeFactory().constructType(type);
      return MAPPER.readValue(json == null ? "null" : json, javaType);
    } catch (IOException e) {
      throw new IllegalArgumentException(
          "cannot read JSON as " + type.getTypeName() + ": " + e.getMessage(), e);
    }
  }
}
