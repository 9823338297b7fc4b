package io.portico.proxy.run;

import ch.qos.logback.classic.Level;
import ch.qos.logback.classic.Logger;
import java.util.List;
import java.util.Locale;
import org.slf4j.LoggerFactory;
import picocli.CommandLine.ITypeConverter;
import picocli.CommandLine.TypeConversionException;

/**
 * {@code --log-level} and {@code --envoy-log-level}: the level of the whole program, and of the
 * packages that handle traffic (what kuma-dp leaves to Envoy). kuma-dp's names are accepted: {@code
 * off}, {@code error}, {@code warn} (or {@code warning}), {@code info}, {@code debug}, {@code
 * trace}, in any case.
 */
final class LogLevels {
  /** The packages that handle traffic. */
  static final List<String> TRAFFIC =
      List.of(
          "io.portico.proxy.http",
          "io.portico.proxy.listener",
          "io.portico.proxy.tcp",
          "io.portico.proxy.tls",
          "io.portico.proxy.transport",
          "io.portico.proxy.upstream");

  private LogLevels() {}

  /** The logback level of a level name, or an exception naming the accepted ones. */
  static Level parse(String name) {
    return switch (name.trim().toLowerCase(Locale.ROOT)) {
      case "off" -> Level.OFF;
      case "error", "critical" -> Level.ERROR;
      case "warn", "warning" -> Level.WARN;
      case "info" -> Level.INFO;
      case "debug" -> Level.DEBUG;
      case "trace" -> Level.TRACE;
      default ->
          throw new IllegalArgumentException(
              "\""
                  + name
                  + "\" is not a log level: expected off, error, warn, info, debug or trace");
    };
  }

  /**
   * Sets the levels given; null leaves a level as the logging configuration has it ({@code info}),
   * and the traffic packages follow {@code all} unless {@code traffic} is given.
   */
  static void apply(String all, String traffic) {
    if (!(LoggerFactory.getILoggerFactory() instanceof ch.qos.logback.classic.LoggerContext ctx)) {
      return;
    }
    if (all != null) {
      ctx.getLogger(Logger.ROOT_LOGGER_NAME).setLevel(parse(all));
    }
    if (traffic != null) {
      Level level = parse(traffic);
      for (String name : TRAFFIC) {
        ctx.getLogger(name).setLevel(level);
      }
    }
  }

  /** Checks a level name when the command line is parsed. */
  static final class Converter implements ITypeConverter<String> {
    @Override
    public String convert(String value) {
      try {
        parse(value);
        return value;
      } catch (IllegalArgumentException e) {
        throw new TypeConversionException(e.getMessage());
      }
    }
  }
}
