package dev.runlog.engine.topology;

import java.util.Arrays;

/**
 * The hashes of the task keys a run has stored, while it has few, for a run whose every task the
 * run processor saw written: a key whose hash is not here has no task yet, and its completion needs
 * no read of the task store. A hash that is here only may be the key's (the store is read then).
 */
final class TaskKeys {
  /** More keys than this and the run's tasks are read from the store again. */
  static final int MAX = 64;

  private int[] hashes = new int[8];
  private int size;

  /** Notes {@code key}; false when the run has too many keys to keep. */
  boolean add(String key) {
    int hash = key.hashCode();
    if (mayHave(hash)) {
      return true;
    }
    if (size == MAX) {
      return false;
    }
    if (size == hashes.length) {
      hashes = Arrays.copyOf(hashes, Math.min(MAX, size * 2));
    }
    hashes[size++] = hash;
    return true;
  }

  /** False when the run surely has no task {@code key}. */
  boolean mayHave(String key) {
    return mayHave(key.hashCode());
  }

  private boolean mayHave(int hash) {
    for (int i = 0; i < size; i++) {
      if (hashes[i] == hash) {
        return true;
      }
    }
    return false;
  }
}
