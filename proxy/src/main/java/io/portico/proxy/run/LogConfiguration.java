package io.portico.proxy.run;

import ch.qos.logback.classic.Level;
import ch.qos.logback.classic.Logger;
import ch.qos.logback.classic.LoggerContext;
import ch.qos.logback.classic.encoder.PatternLayoutEncoder;
import ch.qos.logback.classic.spi.Configurator;
import ch.qos.logback.classic.spi.ILoggingEvent;
import ch.qos.logback.core.ConsoleAppender;
import ch.qos.logback.core.spi.ContextAwareBase;
import java.util.function.BooleanSupplier;

/**
 * portico-dp's logging, set up in code (found by logback through {@code META-INF/services}): one
 * line per event on standard error, {@code INFO}, gRPC and Netty at {@code WARN}. Logback's XML
 * configurator, which a {@code logback.xml} would need, loads about 600 classes more (its parser
 * model and the JDK's XML parser), which stay in the proxy's metaspace for its whole life.
 *
 * <p>A configuration of the user's own still wins: with {@code -Dlogback.configurationFile=...}, or
 * a {@code logback-test.xml} on the class path (the tests), this configurator steps aside and
 * logback reads that file as usual.
 */
public final class LogConfiguration extends ContextAwareBase implements Configurator {
  /** The layout of a line: time, level, logger, message, key-value pairs, then any stack trace. */
  static final String PATTERN =
      "%d{yyyy-MM-dd'T'HH:mm:ss.SSSXXX} %-5level %logger{20} %msg %kvp%n%ex";

  private final BooleanSupplier userConfiguration;

  /** As logback's service loader creates it. */
  public LogConfiguration() {
    this(
        () ->
            System.getProperty("logback.configurationFile") != null
                || LogConfiguration.class.getClassLoader().getResource("logback-test.xml") != null);
  }

  /**
   * @param userConfiguration whether a configuration file of the user's own is there
   */
  LogConfiguration(BooleanSupplier userConfiguration) {
    this.userConfiguration = userConfiguration;
  }

  @Override
  public ExecutionStatus configure(LoggerContext context) {
    if (userConfiguration.getAsBoolean()) {
      return ExecutionStatus.INVOKE_NEXT_IF_ANY;
    }
    PatternLayoutEncoder encoder = new PatternLayoutEncoder();
    encoder.setContext(context);
    encoder.setPattern(PATTERN);
    encoder.start();
    ConsoleAppender<ILoggingEvent> stderr = new ConsoleAppender<>();
    stderr.setContext(context);
    stderr.setName("STDERR");
    stderr.setTarget("System.err");
    stderr.setEncoder(encoder);
    stderr.start();
    Logger root = context.getLogger(Logger.ROOT_LOGGER_NAME);
    root.setLevel(Level.INFO);
    root.addAppender(stderr);
    context.getLogger("io.grpc").setLevel(Level.WARN);
    context.getLogger("io.netty").setLevel(Level.WARN);
    return ExecutionStatus.DO_NOT_INVOKE_NEXT_IF_ANY;
  }
}
