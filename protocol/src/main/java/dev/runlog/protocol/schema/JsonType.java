package dev.runlog.protocol.schema;

import com.fasterxml.jackson.databind.JsonNode;
import java.util.Collection;
import java.util.Map;
import java.util.stream.Collectors;

/**
 * The seven types of JSON Schema's {@code type} keyword, with the words error messages use for
 * them.
 */
enum JsonType {
  OBJECT("object", "an object"),
  ARRAY("array", "an array"),
  STRING("string", "a string"),
  INTEGER("integer", "an integer"),
  NUMBER("number", "a number"),
  BOOLEAN("boolean", "a boolean"),
  NULL("null", "null");

  final String keyword;
  private final String phrase;

  JsonType(String keyword, String phrase) {
    this.keyword = keyword;
    this.phrase = phrase;
  }

  /** The type a {@code type} keyword names, or null when it names none. */
  static JsonType named(String keyword) {
    for (JsonType type : values()) {
      if (type.keyword.equals(keyword)) {
        return type;
      }
    }
    return null;
  }

  /**
   * The most specific type of a parsed value. A number with a zero fractional part ({@code 1.0}) is
   * an integer, as JSON Schema counts it, whatever its spelling.
   */
  static JsonType of(JsonNode value) {
    return switch (value.getNodeType()) {
      case OBJECT -> OBJECT;
      case ARRAY -> ARRAY;
      case STRING -> STRING;
      case BOOLEAN -> BOOLEAN;
      case NULL -> NULL;
      case NUMBER -> value.isIntegralNumber() || isWhole(value) ? INTEGER : NUMBER;
      // Only text is parsed here, so binary, POJO and missing nodes never reach a schema.
      default -> throw new IllegalStateException("not a JSON value: " + value.getNodeType());
    };
  }

  private static boolean isWhole(JsonNode number) {
    // Floats are parsed as BigDecimal, so 1.0 and 1e2 are exact; stripping zeros is cheap even for
    // 1e999999.
    return number.decimalValue().signum() == 0
        || number.decimalValue().stripTrailingZeros().scale() <= 0;
  }

  /** Whether a value is of this type; every integer is a number too. */
  boolean admits(JsonNode value) {
    JsonType actual = of(value);
    return actual == this || (this == NUMBER && actual == INTEGER);
  }

  /**
   * JSON Schema's equality, for {@code enum} and {@code const}: numbers by value ({@code 1 ==
   * 1.0}), objects regardless of member order, arrays in order.
   */
  static boolean same(JsonNode a, JsonNode b) {
    JsonType type = of(a);
    boolean numbers = (type == INTEGER || type == NUMBER) && b.isNumber();
    if (numbers) {
      return a.decimalValue().compareTo(b.decimalValue()) == 0;
    }
    if (type != of(b)) {
      return false;
    }
    if (type == ARRAY) {
      if (a.size() != b.size()) {
        return false;
      }
      for (int i = 0; i < a.size(); i++) {
        if (!same(a.get(i), b.get(i))) {
          return false;
        }
      }
      return true;
    }
    if (type == OBJECT) {
      if (a.size() != b.size()) {
        return false;
      }
      for (Map.Entry<String, JsonNode> member : a.properties()) {
        JsonNode other = b.get(member.getKey());
        if (other == null || !same(member.getValue(), other)) {
          return false;
        }
      }
      return true;
    }
    return a.equals(b);
  }

  /** "an object", "a string or null", "an object, an array or null". */
  static String phrase(Collection<JsonType> types) {
    String all = types.stream().map(t -> t.phrase).collect(Collectors.joining(", "));
    int last = all.lastIndexOf(", ");
    return last < 0 ? all : all.substring(0, last) + " or " + all.substring(last + 2);
  }
}
