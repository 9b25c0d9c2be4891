package dev.runlog.connectors.webhook;

import com.fasterxml.jackson.databind.JsonNode;
import dev.runlog.connectors.source.InvalidSourceException;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.List;
import java.util.Set;
import java.util.regex.Pattern;

/**
 * Reads the fields of one object of a spec with messages that name the field's path; an unknown
 * field is refused, since it is most likely a typo of a known one that would otherwise be ignored.
 */
record Fields(String path, JsonNode node) {
  /** An HTTP header name (RFC 9110's token). */
  static final Pattern HEADER_NAME = Pattern.compile("[!#$%&'*+.^_`|~0-9A-Za-z-]{1,100}");

  static Fields of(String path, JsonNode node) {
    if (node == null || !node.isObject()) {
      throw new InvalidSourceException(path + " must be a JSON object");
    }
    return new Fields(path, node);
  }

  void only(String... known) {
    Set<String> allowed = Set.of(known);
    for (Iterator<String> names = node.fieldNames(); names.hasNext(); ) {
      String name = names.next();
      if (!allowed.contains(name)) {
        throw new InvalidSourceException(
            "unknown field " + at(name) + "; " + path + " takes " + List.of(known));
      }
    }
  }

  String at(String field) {
    return path.isEmpty() ? field : path + "." + field;
  }

  String requiredText(String field) {
    JsonNode value = node.get(field);
    if (value == null || !value.isTextual() || value.asText().isBlank()) {
      throw new InvalidSourceException(at(field) + " is required (a non-empty string)");
    }
    return value.asText();
  }

  String optionalText(String field, String otherwise) {
    JsonNode value = node.get(field);
    if (value == null || value.isNull()) {
      return otherwise;
    }
    if (!value.isTextual()) {
      throw new InvalidSourceException(at(field) + " must be a string");
    }
    return value.asText();
  }

  long optionalLong(String field, long otherwise) {
    JsonNode value = node.get(field);
    if (value == null || value.isNull()) {
      return otherwise;
    }
    if (!value.canConvertToLong() || !value.isIntegralNumber()) {
      throw new InvalidSourceException(at(field) + " must be a whole number");
    }
    return value.asLong();
  }

  /** A string or an array of strings, as a list. */
  static List<String> texts(String path, JsonNode value) {
    List<String> out = new ArrayList<>();
    if (value.isTextual()) {
      out.add(value.asText());
    } else if (value.isArray() && !value.isEmpty()) {
      for (JsonNode item : value) {
        if (!item.isTextual()) {
          throw new InvalidSourceException(path + " must hold strings only");
        }
        out.add(item.asText());
      }
    } else {
      throw new InvalidSourceException(path + " must be a string or a non-empty array of strings");
    }
    return out;
  }

  static String headerName(String path, String name) {
    if (!HEADER_NAME.matcher(name).matches()) {
      throw new InvalidSourceException(path + " is not an HTTP header name: " + name);
    }
    return name;
  }
}
