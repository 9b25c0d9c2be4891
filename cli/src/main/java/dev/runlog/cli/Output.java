package dev.runlog.cli;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import java.io.PrintWriter;
import java.util.Locale;
import picocli.CommandLine.ITypeConverter;
import picocli.CommandLine.TypeConversionException;

/** What a command prints: {@code -o table} for people, {@code -o json} for scripts. */
enum Output {
  TABLE,
  JSON;

  /** One JSON document, indented: what {@code jq} reads and a person can still skim. */
  static void print(PrintWriter out, JsonNode json) {
    try {
      out.println(EngineClient.JSON.writerWithDefaultPrettyPrinter().writeValueAsString(json));
    } catch (JsonProcessingException e) {
      throw new IllegalStateException(e);
    }
  }

  /** {@code table} or {@code json}, in any case. */
  static final class Converter implements ITypeConverter<Output> {
    @Override
    public Output convert(String value) {
      try {
        return Output.valueOf(value.strip().toUpperCase(Locale.ROOT));
      } catch (IllegalArgumentException e) {
        throw new TypeConversionException("table or json, not '" + value + "'");
      }
    }
  }
}
