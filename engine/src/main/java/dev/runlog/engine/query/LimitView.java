package dev.runlog.engine.query;

import dev.runlog.engine.admission.AdmissionMessage;
import dev.runlog.engine.admission.LimitState;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * A concurrency limit as the API shows it: how many of its runs execute and how many wait, and the
 * same for each key of a per-key limit inside it.
 *
 * @param key {@code job:<id>}, {@code limit:<name>}, or {@code key:<job>:<value>} for a per-key
 *     limit of its own
 * @param keys the per-key limits inside this one, by key
 */
public record LimitView(String key, int limit, int running, int queued, List<LimitView> keys) {

  /**
   * The views of one store's limits: each entry is a limit, or (its key holds a {@code |}) a
   * per-key limit inside one; {@code queued} holds the queued runs by the key of their limit (the
   * admission queue's records).
   */
  static List<LimitView> of(
      Map<String, LimitState> entries, Map<String, List<AdmissionMessage.Acquire>> queued) {
    Map<String, Map<String, LimitView>> subs = new LinkedHashMap<>();
    List<LimitView> views = new ArrayList<>();
    entries.forEach(
        (storeKey, state) -> {
          int bar = storeKey.indexOf('|');
          if (bar >= 0) {
            subs.computeIfAbsent(storeKey.substring(0, bar), k -> new LinkedHashMap<>())
                .put(
                    storeKey.substring(bar + 1),
                    new LimitView(
                        storeKey.substring(bar + 1),
                        state.limit(),
                        state.running().size(),
                        0,
                        List.of()));
          }
        });
    entries.forEach(
        (storeKey, state) -> {
          List<AdmissionMessage.Acquire> waiting = new ArrayList<>(state.queue());
          waiting.addAll(queued.getOrDefault(storeKey, List.of()));
          if (storeKey.indexOf('|') >= 0 || (state.running().isEmpty() && waiting.isEmpty())) {
            return;
          }
          Map<String, LimitView> inside = subs.getOrDefault(storeKey, new LinkedHashMap<>());
          for (AdmissionMessage.Acquire run : waiting) { // a queued run holds no key slot
            if (run.subKey() != null) {
              LimitView sub = inside.get(run.subKey());
              inside.put(
                  run.subKey(),
                  sub == null
                      ? new LimitView(run.subKey(), run.subLimit(), 0, 1, List.of())
                      : new LimitView(
                          sub.key(), sub.limit(), sub.running(), sub.queued() + 1, List.of()));
            }
          }
          views.add(
              new LimitView(
                  storeKey,
                  state.limit(),
                  state.running().size(),
                  waiting.size(),
                  inside.values().stream().sorted(Comparator.comparing(LimitView::key)).toList()));
        });
    views.sort(Comparator.comparing(LimitView::key));
    return views;
  }
}
