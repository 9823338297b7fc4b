package io.portico.mesh.api.codec;

import com.fasterxml.jackson.core.JsonGenerator;
import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.core.JsonToken;
import com.fasterxml.jackson.databind.BeanProperty;
import com.fasterxml.jackson.databind.DeserializationContext;
import com.fasterxml.jackson.databind.JsonDeserializer;
import com.fasterxml.jackson.databind.JsonMappingException;
import com.fasterxml.jackson.databind.JsonSerializer;
import com.fasterxml.jackson.databind.SerializerProvider;
import com.fasterxml.jackson.databind.deser.ContextualDeserializer;
import com.fasterxml.jackson.databind.module.SimpleModule;
import io.portico.format.GoDurations;
import io.portico.format.Quoting;
import io.portico.mesh.api.LargeText;
import java.io.IOException;
import java.math.BigDecimal;
import java.math.BigInteger;
import java.time.Duration;
import java.time.Instant;
import java.time.OffsetDateTime;
import java.time.format.DateTimeParseException;
import java.util.function.Function;
import java.util.regex.Pattern;

/**
 * How a spec's scalar fields are read: each takes only the JSON type protobuf-JSON gives it, so
 * that what is stored is what was sent (spec/core.md §0), and every value is within what its Java
 * type and the proxy can hold. Messages say what was expected and what came.
 *
 * <ul>
 *   <li>text: a string only (a number or {@code true} is refused: quote it), at most {@link
 *       ResourceCodec#MAX_TEXT_LENGTH} characters unless the field is {@link LargeText};
 *   <li>integers: an integer or a string of decimal digits, from 0 (Kuma's integers are all
 *       unsigned) to the Java type's maximum; never a fraction ({@code 80.5}) or an exponent;
 *   <li>decimals: a number or a numeric string whose value is finite in the Java type;
 *   <li>booleans: {@code true}, {@code false} (or the same as a string);
 *   <li>durations: Go duration strings ({@link GoDurations}) from 0 to {@link
 *       ResourceCodec#MAX_DURATION}; a bare number, or a negative duration, is refused;
 *   <li>timestamps: RFC 3339 strings.
 * </ul>
 */
final class StrictScalars {
  private static final Pattern DECIMAL_DIGITS = Pattern.compile("[-+]?[0-9]{1,40}");
  private static final Pattern DECIMAL_NUMBER =
      Pattern.compile("[-+]?(\\.[0-9]+|[0-9]+(\\.[0-9]*)?)([eE][-+]?[0-9]{1,9})?");

  private StrictScalars() {}

  static SimpleModule module() {
    SimpleModule module = new SimpleModule("portico-strict-scalars");
    module.addDeserializer(String.class, new TextDeserializer(ResourceCodec.MAX_TEXT_LENGTH));
    // Every integer of Kuma's resources is unsigned (uint32, uint64, UInt32Value): protobuf-JSON
    // refuses a negative one, and so do these.
    module.addDeserializer(
        int.class, integers(int.class, 0, Integer.MAX_VALUE, BigInteger::intValue));
    module.addDeserializer(
        Integer.class, integers(Integer.class, 0, Integer.MAX_VALUE, BigInteger::intValue));
    module.addDeserializer(
        long.class, integers(long.class, 0, Long.MAX_VALUE, BigInteger::longValue));
    module.addDeserializer(
        Long.class, integers(Long.class, 0, Long.MAX_VALUE, BigInteger::longValue));
    module.addDeserializer(double.class, decimals(double.class, Double.MAX_VALUE, d -> d));
    module.addDeserializer(Double.class, decimals(Double.class, Double.MAX_VALUE, d -> d));
    module.addDeserializer(
        float.class, decimals(float.class, Float.MAX_VALUE, d -> (float) d.doubleValue()));
    module.addDeserializer(
        Float.class, decimals(Float.class, Float.MAX_VALUE, d -> (float) d.doubleValue()));
    module.addDeserializer(boolean.class, new BooleanDeserializer(boolean.class));
    module.addDeserializer(Boolean.class, new BooleanDeserializer(Boolean.class));
    module.addSerializer(Duration.class, new DurationSerializer());
    module.addDeserializer(Duration.class, new DurationDeserializer());
    module.addSerializer(Instant.class, new InstantSerializer());
    module.addDeserializer(Instant.class, new InstantDeserializer());
    return module;
  }

  private static <T> IntegerDeserializer<T> integers(
      Class<T> type, long min, long max, Function<BigInteger, T> convert) {
    return new IntegerDeserializer<>(type, min, max, convert);
  }

  private static <T> DecimalDeserializer<T> decimals(
      Class<T> type, double max, Function<Double, T> convert) {
    return new DecimalDeserializer<>(type, max, convert);
  }

  /** What a token is, for "but got ..." in messages. */
  static String describe(JsonParser p) throws IOException {
    JsonToken t = p.currentToken();
    if (t == null) {
      return "nothing";
    }
    return switch (t) {
      case VALUE_STRING -> "the string " + Quoting.quote(p.getText());
      case VALUE_NUMBER_INT, VALUE_NUMBER_FLOAT -> "the number " + shortText(p.getText());
      case VALUE_TRUE -> "true";
      case VALUE_FALSE -> "false";
      case VALUE_NULL -> "null";
      case START_OBJECT, FIELD_NAME -> "an object";
      case START_ARRAY -> "a list";
      default -> "a value of another kind";
    };
  }

  private static String shortText(String text) {
    return text.length() <= 40 ? text : text.substring(0, 40) + "… (" + text.length() + " digits)";
  }

  private static JsonMappingException fail(JsonParser p, String message) {
    return JsonMappingException.from(p, message);
  }

  // ---------------------------------------------------------------- text

  static final class TextDeserializer extends JsonDeserializer<String>
      implements ContextualDeserializer {
    private final int maxLength;

    TextDeserializer(int maxLength) {
      this.maxLength = maxLength;
    }

    @Override
    public JsonDeserializer<?> createContextual(
        DeserializationContext ctxt, BeanProperty property) {
      if (property != null && property.getAnnotation(LargeText.class) != null) {
        return new TextDeserializer(Integer.MAX_VALUE);
      }
      return this;
    }

    @Override
    public String deserialize(JsonParser p, DeserializationContext ctxt) throws IOException {
      if (p.currentToken() != JsonToken.VALUE_STRING) {
        String got = describe(p);
        throw fail(
            p,
            "expected a string but got "
                + got
                + (p.currentToken() != null && p.currentToken().isScalarValue()
                    ? ": write it in quotes"
                    : ""));
      }
      String text = p.getText();
      if (text.length() > maxLength) {
        throw fail(
            p,
            "a text of "
                + text.length()
                + " characters is too long: expected at most "
                + maxLength);
      }
      return text;
    }
  }

  // ---------------------------------------------------------------- numbers

  static final class IntegerDeserializer<T> extends JsonDeserializer<T> {
    private final Class<T> type;
    private final BigInteger min;
    private final BigInteger max;
    private final Function<BigInteger, T> convert;

    IntegerDeserializer(Class<T> type, long min, long max, Function<BigInteger, T> convert) {
      this.type = type;
      this.min = BigInteger.valueOf(min);
      this.max = BigInteger.valueOf(max);
      this.convert = convert;
    }

    @Override
    public T deserialize(JsonParser p, DeserializationContext ctxt) throws IOException {
      BigInteger value;
      JsonToken t = p.currentToken();
      if (t == JsonToken.VALUE_NUMBER_INT) {
        value = p.getBigIntegerValue();
      } else if (t == JsonToken.VALUE_STRING
          && DECIMAL_DIGITS.matcher(p.getText().trim()).matches()) {
        String digits = p.getText().trim();
        value = new BigInteger(digits.startsWith("+") ? digits.substring(1) : digits);
      } else {
        throw fail(p, "expected an integer but got " + describe(p));
      }
      if (value.compareTo(min) < 0 || value.compareTo(max) > 0) {
        throw fail(
            p,
            "the number "
                + shortText(value.toString())
                + " is out of range: expected an integer from "
                + min
                + " to "
                + max);
      }
      return convert.apply(value);
    }

    @Override
    public T getNullValue(DeserializationContext ctxt) {
      return type.isPrimitive() ? convert.apply(BigInteger.ZERO) : null;
    }

    @Override
    public Class<?> handledType() {
      return type;
    }
  }

  static final class DecimalDeserializer<T> extends JsonDeserializer<T> {
    private final Class<T> type;
    private final double max;
    private final Function<Double, T> convert;

    DecimalDeserializer(Class<T> type, double max, Function<Double, T> convert) {
      this.type = type;
      this.max = max;
      this.convert = convert;
    }

    @Override
    public T deserialize(JsonParser p, DeserializationContext ctxt) throws IOException {
      BigDecimal value;
      JsonToken t = p.currentToken();
      if (t == JsonToken.VALUE_NUMBER_INT || t == JsonToken.VALUE_NUMBER_FLOAT) {
        value = p.getDecimalValue();
      } else if (t == JsonToken.VALUE_STRING
          && DECIMAL_NUMBER.matcher(p.getText().trim()).matches()) {
        value = new BigDecimal(p.getText().trim());
      } else {
        throw fail(p, "expected a number but got " + describe(p));
      }
      double d = value.doubleValue();
      if (Double.isInfinite(d) || Math.abs(d) > max) {
        throw fail(
            p,
            "the number "
                + shortText(value.toString())
                + " is out of range: expected a finite number of at most "
                + max
                + " either way");
      }
      return convert.apply(d);
    }

    @Override
    public T getNullValue(DeserializationContext ctxt) {
      return type.isPrimitive() ? convert.apply(0d) : null;
    }

    @Override
    public Class<?> handledType() {
      return type;
    }
  }

  static final class BooleanDeserializer extends JsonDeserializer<Boolean> {
    private final Class<?> type;

    BooleanDeserializer(Class<?> type) {
      this.type = type;
    }

    @Override
    public Boolean deserialize(JsonParser p, DeserializationContext ctxt) throws IOException {
      JsonToken t = p.currentToken();
      if (t == JsonToken.VALUE_TRUE || t == JsonToken.VALUE_FALSE) {
        return t == JsonToken.VALUE_TRUE;
      }
      if (t == JsonToken.VALUE_STRING) {
        String text = p.getText().trim();
        if (text.equals("true") || text.equals("false")) {
          return Boolean.valueOf(text);
        }
      }
      throw fail(p, "expected true or false but got " + describe(p));
    }

    @Override
    public Boolean getNullValue(DeserializationContext ctxt) {
      return type.isPrimitive() ? Boolean.FALSE : null;
    }

    @Override
    public Class<?> handledType() {
      return type;
    }
  }

  // ---------------------------------------------------------------- durations

  private static final class DurationSerializer extends JsonSerializer<Duration> {
    @Override
    public void serialize(Duration value, JsonGenerator gen, SerializerProvider serializers)
        throws IOException {
      gen.writeString(GoDurations.format(value));
    }
  }

  private static final class DurationDeserializer extends JsonDeserializer<Duration> {
    @Override
    public Duration deserialize(JsonParser p, DeserializationContext ctxt) throws IOException {
      if (p.currentToken() != JsonToken.VALUE_STRING) {
        throw fail(
            p,
            "expected a duration such as \"5s\" or \"1h30m\" but got "
                + describe(p)
                + (p.currentToken() != null && p.currentToken().isNumeric()
                    ? ": a duration is a string with a unit"
                    : ""));
      }
      Duration d;
      try {
        d = GoDurations.parse(p.getText());
      } catch (IllegalArgumentException e) {
        throw fail(p, e.getMessage());
      }
      if (d.isNegative()) {
        throw fail(
            p,
            "duration "
                + Quoting.quote(p.getText())
                + " is negative: expected a duration from 0s to "
                + ResourceCodec.MAX_DURATION.toHours()
                + "h");
      }
      if (d.compareTo(ResourceCodec.MAX_DURATION) > 0) {
        throw fail(
            p,
            "duration "
                + Quoting.quote(p.getText())
                + " is out of range: expected at most "
                + ResourceCodec.MAX_DURATION.toHours()
                + "h (100 years)");
      }
      return d;
    }
  }

  // ---------------------------------------------------------------- timestamps

  /** RFC 3339 in UTC, as protobuf-JSON writes {@code google.protobuf.Timestamp}. */
  private static final class InstantSerializer extends JsonSerializer<Instant> {
    @Override
    public void serialize(Instant value, JsonGenerator gen, SerializerProvider serializers)
        throws IOException {
      gen.writeString(value.toString());
    }
  }

  /** RFC 3339 with any offset ({@code 2024-01-02T10:00:00Z}, {@code ...+02:00}). */
  private static final class InstantDeserializer extends JsonDeserializer<Instant> {
    @Override
    public Instant deserialize(JsonParser p, DeserializationContext ctxt) throws IOException {
      if (p.currentToken() != JsonToken.VALUE_STRING) {
        throw fail(p, "expected an RFC 3339 timestamp string but got " + describe(p));
      }
      String text = p.getText().trim();
      try {
        if (text.length() > 64) {
          throw new DateTimeParseException("too long", text, 64);
        }
        return OffsetDateTime.parse(text).toInstant();
      } catch (DateTimeParseException e) {
        throw fail(
            p,
            "invalid timestamp "
                + Quoting.quote(text)
                + ": expected RFC 3339 such as 2024-01-02T10:00:00Z");
      }
    }
  }
}
