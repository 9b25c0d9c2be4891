package dev.runlog.sdk.testing;

import java.util.Collection;
import java.util.Iterator;
import java.util.Map;

/**
 * Whether a replayed task output has the types its first output had, looking inside collections: a
 * {@code List<Profile>} may come back as another list class, but with {@code Profile}s in it, not
 * maps.
 */
final class Shapes {
  private Shapes() {}

  /** Where {@code replayed} differs in type from {@code first}, or null where it does not. */
  static String difference(Object first, Object replayed) {
    if (first == null || replayed == null) {
      return null;
    }
    if (first instanceof Collection<?> a && replayed instanceof Collection<?> b) {
      Iterator<?> i = a.iterator();
      Iterator<?> j = b.iterator();
      while (i.hasNext() && j.hasNext()) {
        String inside = difference(i.next(), j.next());
        if (inside != null) {
          return "an element: " + inside;
        }
      }
      return null;
    }
    if (first instanceof Map<?, ?> a && replayed instanceof Map<?, ?> b) {
      for (Map.Entry<?, ?> entry : a.entrySet()) {
        String inside = difference(entry.getValue(), b.get(entry.getKey()));
        if (inside != null) {
          return "the value of '" + entry.getKey() + "': " + inside;
        }
      }
      return null;
    }
    if (!first.getClass().equals(replayed.getClass())) {
      return "a "
          + first.getClass().getName()
          + " first, a "
          + replayed.getClass().getName()
          + " replayed";
    }
    return null;
  }
}
