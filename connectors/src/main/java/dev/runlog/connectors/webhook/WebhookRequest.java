package dev.runlog.connectors.webhook;

import java.util.Map;
import java.util.Optional;
import java.util.TreeMap;

/**
 * An HTTP request as a webhook source sees it: its headers (names case-insensitive, one value each)
 * and the raw bytes of its body, which signatures are computed over. The body is not copied (it may
 * be a megabyte): nothing may change it.
 */
public record WebhookRequest(Map<String, String> headers, byte[] body) {
  public WebhookRequest {
    Map<String, String> copy = new TreeMap<>(String.CASE_INSENSITIVE_ORDER);
    copy.putAll(headers);
    headers = java.util.Collections.unmodifiableMap(copy);
  }

  /** The header's value, whatever the case of its name. */
  public Optional<String> header(String name) {
    return Optional.ofNullable(headers.get(name));
  }
}
