package io.portico.format;

import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Objects;
import java.util.Set;

/**
 * The access-log format of a Mesh's logging backends (spec/core.md §1.3: an Envoy access-log format
 * string with Kuma's extra operators): literal text and {@code %COMMAND%}, {@code
 * %COMMAND(argument)%} or {@code %COMMAND(argument):maxLength%} operators. One grammar for the two
 * sides: the control plane refuses a Mesh whose format the proxy could not render, and the proxy
 * renders the same tokens.
 *
 * <pre>
 *   format   = *( text / operator )
 *   operator = "%" NAME [ "(" argument ")" ] [ ":" 1*9DIGIT ] "%"
 *   REQ/RESP argument  = header [ "?" header ]        (required)
 *   START_TIME argument = strftime pattern of %Y %m %d %H %M %S %z %s %f %3f %6f %9f (optional)
 *   other operators take no argument
 * </pre>
 */
public final class AccessLogGrammar {
  /** The operators the proxy renders (docs/proxy-data-plane.md, "Access logs"). */
  public static final Set<String> OPERATORS =
      Set.of(
          "START_TIME",
          "REQ",
          "RESP",
          "PROTOCOL",
          "RESPONSE_CODE",
          "RESPONSE_FLAGS",
          "BYTES_RECEIVED",
          "BYTES_SENT",
          "DURATION",
          "UPSTREAM_HOST",
          "UPSTREAM_CLUSTER",
          "DOWNSTREAM_REMOTE_ADDRESS",
          "DOWNSTREAM_REMOTE_ADDRESS_WITHOUT_PORT",
          "DOWNSTREAM_DIRECT_REMOTE_ADDRESS",
          "DOWNSTREAM_DIRECT_REMOTE_ADDRESS_WITHOUT_PORT",
          "DOWNSTREAM_LOCAL_ADDRESS",
          "DOWNSTREAM_LOCAL_ADDRESS_WITHOUT_PORT",
          "KUMA_MESH",
          "KUMA_SOURCE_SERVICE",
          "KUMA_DESTINATION_SERVICE",
          "KUMA_SOURCE_ADDRESS",
          "KUMA_SOURCE_ADDRESS_WITHOUT_PORT",
          "KUMA_TRAFFIC_DIRECTION");

  private static final String TIME_SPECIFIERS = "YmdHMSzsf";

  private AccessLogGrammar() {}

  /** A piece of a format. */
  public sealed interface Token permits Text, Command {}

  /** Literal text. */
  public record Text(String text) implements Token {
    public Text {
      Objects.requireNonNull(text, "text");
    }
  }

  /**
   * An operator.
   *
   * @param name e.g. {@code REQ}
   * @param headers for REQ/RESP: the header name and its fallback (lower case; one or two);
   *     otherwise empty
   * @param timePattern for START_TIME: its strftime pattern, {@code null} for the default
   * @param maxLength the longest value rendered, {@code -1} = no limit
   */
  public record Command(String name, List<String> headers, String timePattern, int maxLength)
      implements Token {
    public Command {
      Objects.requireNonNull(name, "name");
      headers = List.copyOf(headers);
    }
  }

  /** A parsed format: its tokens when there is no error, else every error. */
  public record Parsed(List<Token> tokens, List<String> errors) {
    public Parsed {
      tokens = List.copyOf(tokens);
      errors = List.copyOf(errors);
    }
  }

  /** Parses {@code format}, collecting every error. */
  public static Parsed parse(String format) {
    List<Token> tokens = new ArrayList<>();
    List<String> errors = new ArrayList<>();
    StringBuilder text = new StringBuilder();
    int i = 0;
    while (i < format.length()) {
      char c = format.charAt(i);
      if (c != '%') {
        text.append(c);
        i++;
        continue;
      }
      int end = operatorEnd(format, i + 1);
      if (end < 0) {
        errors.add(
            "unterminated operator at offset " + i + ": " + Quoting.quote(format.substring(i)));
        break;
      }
      Command command = command(format.substring(i + 1, end), errors);
      i = end + 1;
      if (command != null) {
        if (!text.isEmpty()) {
          tokens.add(new Text(text.toString()));
          text.setLength(0);
        }
        tokens.add(command);
      }
    }
    if (!text.isEmpty()) {
      tokens.add(new Text(text.toString()));
    }
    return new Parsed(errors.isEmpty() ? tokens : List.of(), errors);
  }

  /** Where the operator starting after {@code %} at {@code from} ends (its closing {@code %}). */
  private static int operatorEnd(String format, int from) {
    int depth = 0;
    for (int j = from; j < format.length(); j++) {
      char c = format.charAt(j);
      if (c == '(') {
        depth++;
      } else if (c == ')') {
        depth--;
      } else if (c == '%' && depth == 0) {
        return j;
      }
    }
    return -1;
  }

  private static Command command(String operator, List<String> errors) {
    String name = operator;
    String argument = null;
    String rest = "";
    int open = operator.indexOf('(');
    if (open >= 0) {
      int close = operator.lastIndexOf(')');
      if (close < open) {
        errors.add("malformed operator %" + operator + "%");
        return null;
      }
      name = operator.substring(0, open);
      argument = operator.substring(open + 1, close);
      rest = operator.substring(close + 1);
    } else {
      int colon = operator.indexOf(':');
      if (colon > 0) {
        name = operator.substring(0, colon);
        rest = operator.substring(colon);
      }
    }
    if (!isName(name) || !OPERATORS.contains(name)) {
      errors.add("unknown command operator %" + operator + "%");
      return null;
    }
    int maxLength = -1;
    if (!rest.isEmpty()) {
      if (!isMaxLength(rest)) {
        errors.add(
            "malformed operator %"
                + operator
                + "%: expected :<max length> of 1 to 9 digits"
                + (argument == null ? "" : " after ')'"));
        return null;
      }
      maxLength = Integer.parseInt(rest.substring(1));
    }
    switch (name) {
      case "REQ", "RESP" -> {
        List<String> headers = headers(name, operator, argument, errors);
        return headers == null ? null : new Command(name, headers, null, maxLength);
      }
      case "START_TIME" -> {
        String pattern = argument == null || argument.isEmpty() ? null : argument;
        return timePatternIsValid(pattern, operator, errors)
            ? new Command(name, List.of(), pattern, maxLength)
            : null;
      }
      default -> {
        if (argument != null) {
          errors.add("operator %" + operator + "% takes no argument");
          return null;
        }
        return new Command(name, List.of(), null, maxLength);
      }
    }
  }

  private static List<String> headers(
      String name, String operator, String argument, List<String> errors) {
    if (argument == null || argument.isEmpty()) {
      errors.add("operator %" + operator + "% needs a header name: %" + name + "(name)%");
      return null;
    }
    String[] names = argument.split("\\?", -1);
    if (names.length > 2 || names[0].isEmpty() || (names.length == 2 && names[1].isEmpty())) {
      errors.add("malformed operator %" + operator + "%: expected %" + name + "(X?Y)%");
      return null;
    }
    List<String> headers = new ArrayList<>(names.length);
    for (String header : names) {
      headers.add(header.toLowerCase(Locale.ROOT));
    }
    return headers;
  }

  private static boolean timePatternIsValid(String pattern, String operator, List<String> errors) {
    if (pattern == null) {
      return true;
    }
    for (int i = 0; i < pattern.length(); i++) {
      if (pattern.charAt(i) != '%') {
        continue;
      }
      int j = i + 1;
      if (j < pattern.length()
          && (pattern.charAt(j) == '3' || pattern.charAt(j) == '6' || pattern.charAt(j) == '9')) {
        j++;
      }
      if (j >= pattern.length() || TIME_SPECIFIERS.indexOf(pattern.charAt(j)) < 0) {
        errors.add(
            "operator %"
                + operator
                + "%: unsupported time specifier at offset "
                + i
                + " (supported: %Y %m %d %H %M %S %z %s %f %3f %6f %9f)");
        return false;
      }
      i = j;
    }
    return true;
  }

  private static boolean isName(String name) {
    if (name.isEmpty()) {
      return false;
    }
    for (int i = 0; i < name.length(); i++) {
      char c = name.charAt(i);
      if (!(c >= 'A' && c <= 'Z') && c != '_') {
        return false;
      }
    }
    return true;
  }

  /** {@code :} and 1 to 9 digits. */
  private static boolean isMaxLength(String rest) {
    if (rest.length() < 2 || rest.length() > 10 || rest.charAt(0) != ':') {
      return false;
    }
    for (int i = 1; i < rest.length(); i++) {
      if (rest.charAt(i) < '0' || rest.charAt(i) > '9') {
        return false;
      }
    }
    return true;
  }
}
