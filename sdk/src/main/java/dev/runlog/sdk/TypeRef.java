package dev.runlog.sdk;

import java.lang.reflect.ParameterizedType;
import java.lang.reflect.Type;

/**
 * A task's output type where a {@code Class} cannot say it: a generic type such as {@code
 * List<Profile>}, whose type arguments {@code List.class} loses. Create it as an anonymous
 * subclass, so that the compiler records the type argument:
 *
 * <pre>{@code
 * List<Profile> team = io.runTask("team", new TypeRef<List<Profile>>() {}, () -> github.team(org));
 * }</pre>
 *
 * @param <T> the type, given in the job's code: a replay reads the stored JSON back as it
 */
public abstract class TypeRef<T> {
  private final Type type;

  protected TypeRef() {
    Type superclass = getClass().getGenericSuperclass();
    if (!(superclass instanceof ParameterizedType parameterized)) {
      throw new IllegalStateException(
          "create a TypeRef with its type argument: new TypeRef<List<Profile>>() {}");
    }
    this.type = parameterized.getActualTypeArguments()[0];
  }

  /** The type, type arguments included. */
  public Type type() {
    return type;
  }

  @Override
  public String toString() {
    return "TypeRef<" + type.getTypeName() + ">";
  }
}
