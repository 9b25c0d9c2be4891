package dev.runlog.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;

import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.util.List;

/** Reading what the CLI printed as JSON, strictly: one document and nothing after it. */
final class Json {
  private static final ObjectMapper STRICT =
      new ObjectMapper().enable(DeserializationFeature.FAIL_ON_TRAILING_TOKENS);

  private Json() {}

  static JsonNode parse(String text) {
    try {
      return STRICT.readTree(text);
    } catch (IOException e) {
      throw new AssertionError("not one JSON document: " + text, e);
    }
  }

  /** The one JSON document a command printed on stdout, with nothing on stderr. */
  static JsonNode one(Cli.Result result) {
    assertEquals("", result.err());
    return parse(result.out());
  }

  static String array(List<String> strings) {
    return STRICT.valueToTree(strings).toString();
  }
}
