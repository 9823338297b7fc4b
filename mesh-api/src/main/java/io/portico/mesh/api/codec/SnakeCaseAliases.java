package io.portico.mesh.api.codec;

import com.fasterxml.jackson.databind.PropertyName;
import com.fasterxml.jackson.databind.introspect.Annotated;
import com.fasterxml.jackson.databind.introspect.AnnotatedField;
import com.fasterxml.jackson.databind.introspect.AnnotatedMethod;
import com.fasterxml.jackson.databind.introspect.AnnotatedParameter;
import com.fasterxml.jackson.databind.introspect.JacksonAnnotationIntrospector;
import java.lang.reflect.Constructor;
import java.lang.reflect.RecordComponent;
import java.util.ArrayList;
import java.util.List;

/**
 * Accepts the protobuf field name ({@code query_parameters}) beside the JSON name ({@code
 * queryParameters}) for every property, as protobuf-JSON parsing does (spec/gateway.md §1.1).
 * Output always uses the JSON name.
 */
final class SnakeCaseAliases extends JacksonAnnotationIntrospector {
  private static final long serialVersionUID = 1L;

  @Override
  public List<PropertyName> findPropertyAliases(Annotated member) {
    List<PropertyName> declared = super.findPropertyAliases(member);
    String name = propertyName(member);
    if (name == null) {
      return declared;
    }
    String snake = toSnake(name);
    if (snake.equals(name)) {
      return declared;
    }
    List<PropertyName> all = new ArrayList<>();
    if (declared != null) {
      all.addAll(declared);
    }
    all.add(PropertyName.construct(snake));
    return all;
  }

  private static String propertyName(Annotated member) {
    com.fasterxml.jackson.annotation.JsonProperty explicit =
        member.getAnnotation(com.fasterxml.jackson.annotation.JsonProperty.class);
    if (explicit != null && !explicit.value().isEmpty()) {
      return explicit.value();
    }
    if (member instanceof AnnotatedField f) {
      return f.getName();
    }
    if (member instanceof AnnotatedMethod m && m.getParameterCount() == 0) {
      return m.getName();
    }
    if (member instanceof AnnotatedParameter p
        && p.getOwner().getAnnotated() instanceof Constructor<?> c
        && c.getDeclaringClass().isRecord()) {
      RecordComponent[] components = c.getDeclaringClass().getRecordComponents();
      if (p.getIndex() < components.length) {
        return components[p.getIndex()].getName();
      }
    }
    return null;
  }

  static String toSnake(String camel) {
    StringBuilder out = new StringBuilder(camel.length() + 4);
    for (int i = 0; i < camel.length(); i++) {
      char c = camel.charAt(i);
      if (Character.isUpperCase(c)) {
        if (i > 0 && !Character.isUpperCase(camel.charAt(i - 1))) {
          out.append('_');
        }
        out.append(Character.toLowerCase(c));
      } else {
        out.append(c);
      }
    }
    return out.toString();
  }
}
