package dev.runlog.protocol.schema;

import com.fasterxml.jackson.databind.JsonNode;
import dev.runlog.protocol.schema.Problems.Path;
import java.math.BigDecimal;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.regex.Pattern;
import java.util.stream.Collectors;

/**
 * One compiled (sub)schema: each keyword's value checked and converted once, by {@link
 * SchemaCompiler}. A null or empty component means the keyword is absent. The {@link JsonNode}s
 * held ({@code enum}, {@code const}) come from a tree no one else sees and are only read, so
 * instances are immutable in practice and safe to share between threads.
 */
record SchemaNode(
    boolean rejectsAll,
    Set<JsonType> types,
    Map<String, SchemaNode> properties,
    Set<String> required,
    SchemaNode additionalProperties,
    SchemaNode items,
    Integer minItems,
    Integer maxItems,
    List<JsonNode> enumValues,
    JsonNode constValue,
    BigDecimal minimum,
    BigDecimal maximum,
    BigDecimal exclusiveMinimum,
    BigDecimal exclusiveMaximum,
    Integer minLength,
    Integer maxLength,
    Pattern pattern,
    List<SchemaNode> anyOf,
    List<SchemaNode> oneOf,
    List<SchemaNode> allOf) {

  /** The {@code true} schema, and the meaning of an absent subschema: anything goes. */
  static final SchemaNode ANYTHING =
      new SchemaNode(
          false, Set.of(), Map.of(), Set.of(), null, null, null, null, null, null, null, null, null,
          null, null, null, null, List.of(), List.of(), List.of());

  /** The {@code false} schema: nothing goes, e.g. {@code "additionalProperties": false}. */
  static final SchemaNode NOTHING =
      new SchemaNode(
          true, Set.of(), Map.of(), Set.of(), null, null, null, null, null, null, null, null, null,
          null, null, null, null, List.of(), List.of(), List.of());

  /** How many enum values an error message shows before "...". */
  private static final int ENUM_VALUES_SHOWN = 10;

  void validate(JsonNode value, Path path, Problems problems) {
    if (rejectsAll) {
      problems.add(path, path.parent() == null ? "no value is allowed" : "is not allowed");
      return;
    }
    JsonType actual = JsonType.of(value);
    if (!types.isEmpty() && types.stream().noneMatch(t -> t.admits(value))) {
      // The other keywords would only repeat the mismatch in other words.
      problems.add(path, "must be " + JsonType.phrase(types) + ", was " + actual.keyword);
      return;
    }
    if (constValue != null && !JsonType.same(constValue, value)) {
      problems.add(path, "must be " + constValue);
    }
    if (enumValues != null && enumValues.stream().noneMatch(e -> JsonType.same(e, value))) {
      problems.add(path, "must be one of " + show(enumValues));
    }
    switch (actual) {
      case OBJECT -> validateObject(value, path, problems);
      case ARRAY -> validateArray(value, path, problems);
      case STRING -> validateString(value.textValue(), path, problems);
      case INTEGER, NUMBER -> validateNumber(value.decimalValue(), path, problems);
      default -> {}
    }
    for (SchemaNode each : allOf) {
      each.validate(value, path, problems);
    }
    if (!anyOf.isEmpty()) {
      validateAnyOf(value, path, problems);
    }
    if (!oneOf.isEmpty()) {
      validateOneOf(value, path, problems);
    }
  }

  /**
   * Declared properties in the schema's order, then required ones it does not declare, then the
   * rest in the payload's.
   */
  private void validateObject(JsonNode object, Path path, Problems problems) {
    for (Map.Entry<String, SchemaNode> property : properties.entrySet()) {
      JsonNode value = object.get(property.getKey());
      if (value != null) {
        property.getValue().validate(value, path.property(property.getKey()), problems);
      } else if (required.contains(property.getKey())) {
        problems.add(path.property(property.getKey()), "is required");
      }
      if (problems.overflowed()) {
        return;
      }
    }
    for (String name : required) {
      if (!properties.containsKey(name) && !object.has(name)) {
        problems.add(path.property(name), "is required");
      }
    }
    if (additionalProperties == null) {
      return;
    }
    for (Map.Entry<String, JsonNode> field : object.properties()) {
      if (problems.overflowed()) {
        return;
      }
      if (!properties.containsKey(field.getKey())) {
        additionalProperties.validate(field.getValue(), path.property(field.getKey()), problems);
      }
    }
  }

  private void validateArray(JsonNode array, Path path, Problems problems) {
    if (minItems != null && array.size() < minItems) {
      problems.add(path, "must have at least " + count(minItems, "item") + ", had " + array.size());
    }
    if (maxItems != null && array.size() > maxItems) {
      problems.add(path, "must have at most " + count(maxItems, "item") + ", had " + array.size());
    }
    if (items == null) {
      return;
    }
    for (int i = 0; i < array.size() && !problems.overflowed(); i++) {
      items.validate(array.get(i), path.index(i), problems);
    }
  }

  private void validateString(String text, Path path, Problems problems) {
    if (minLength != null || maxLength != null) {
      // JSON Schema counts code points: an emoji is one character, not two UTF-16 chars.
      int length = text.codePointCount(0, text.length());
      if (minLength != null && length < minLength) {
        problems.add(path, "must be at least " + count(minLength, "character"));
      }
      if (maxLength != null && length > maxLength) {
        problems.add(path, "must be at most " + count(maxLength, "character"));
      }
    }
    if (pattern != null) {
      try {
        if (!pattern.matcher(new Budgeted(text)).find()) {
          problems.add(path, "must match the pattern " + pattern.pattern());
        }
      } catch (Budgeted.Exhausted e) {
        problems.add(path, "is too costly to match against the pattern " + pattern.pattern());
      }
    }
  }

  private void validateNumber(BigDecimal number, Path path, Problems problems) {
    if (minimum != null && number.compareTo(minimum) < 0) {
      problems.add(path, "must be at least " + plain(minimum));
    }
    if (exclusiveMinimum != null && number.compareTo(exclusiveMinimum) <= 0) {
      problems.add(path, "must be greater than " + plain(exclusiveMinimum));
    }
    if (maximum != null && number.compareTo(maximum) > 0) {
      problems.add(path, "must be at most " + plain(maximum));
    }
    if (exclusiveMaximum != null && number.compareTo(exclusiveMaximum) >= 0) {
      problems.add(path, "must be less than " + plain(exclusiveMaximum));
    }
  }

  private void validateAnyOf(JsonNode value, Path path, Problems problems) {
    List<String> firstErrors = new ArrayList<>();
    for (SchemaNode branch : anyOf) {
      Problems trial = trial(branch, value, path);
      if (trial.isEmpty()) {
        return;
      }
      firstErrors.add(trial.messages().get(0));
    }
    problems.add(path, "must match at least one anyOf schema: " + numbered(firstErrors));
  }

  private void validateOneOf(JsonNode value, Path path, Problems problems) {
    List<String> firstErrors = new ArrayList<>();
    List<Integer> matched = new ArrayList<>();
    for (int i = 0; i < oneOf.size(); i++) {
      Problems trial = trial(oneOf.get(i), value, path);
      if (trial.isEmpty()) {
        matched.add(i);
      } else {
        firstErrors.add(trial.messages().get(0));
      }
    }
    if (matched.isEmpty()) {
      problems.add(path, "must match exactly one oneOf schema: " + numbered(firstErrors));
    } else if (matched.size() > 1) {
      problems.add(path, "must match exactly one oneOf schema, matched schemas " + matched);
    }
  }

  /**
   * A branch's verdict: stops at the first error, which is all a combinator reports of a branch.
   */
  private static Problems trial(SchemaNode branch, JsonNode value, Path path) {
    Problems trial = new Problems(1);
    branch.validate(value, path, trial);
    return trial;
  }

  private static String numbered(List<String> errors) {
    List<String> out = new ArrayList<>();
    for (int i = 0; i < errors.size(); i++) {
      out.add("[" + i + "] " + errors.get(i));
    }
    return String.join("; ", out);
  }

  /** 100 rather than 1E+2, unless that would be a very long string. */
  private static String plain(BigDecimal number) {
    return Math.abs(number.scale()) <= 30 ? number.toPlainString() : number.toString();
  }

  private static String count(int n, String noun) {
    return n + " " + noun + (n == 1 ? "" : "s");
  }

  private static String show(List<JsonNode> values) {
    String shown =
        values.stream()
            .limit(ENUM_VALUES_SHOWN)
            .map(JsonNode::toString)
            .collect(Collectors.joining(", "));
    return "[" + shown + (values.size() > ENUM_VALUES_SHOWN ? ", ..." : "") + "]";
  }

  /**
   * The text a pattern runs on, counting reads. Java's backtracking regex can take exponential time
   * ({@code (a+)+$} on a long run of a's and a "!"); the schema comes from a job but the payload
   * from anyone who can trigger it, and validation runs on a stream thread. A budget of reads, not
   * of time, keeps the verdict deterministic.
   */
  private static final class Budgeted implements CharSequence {
    private static final long BASE_READS = 10_000_000;
    private static final long READS_PER_CHAR = 100;

    private final String text;
    private long reads;

    Budgeted(String text) {
      this.text = text;
      this.reads = BASE_READS + READS_PER_CHAR * text.length();
    }

    @Override
    public char charAt(int index) {
      if (--reads < 0) {
        throw new Exhausted();
      }
      return text.charAt(index);
    }

    @Override
    public int length() {
      return text.length();
    }

    @Override
    public CharSequence subSequence(int start, int end) {
      return text.subSequence(start, end);
    }

    @Override
    public String toString() {
      return text;
    }

    /** Control flow, not a failure: no stack trace to fill. */
    static final class Exhausted extends RuntimeException {
      Exhausted() {
        super(null, null, false, false);
      }
    }
  }
}
