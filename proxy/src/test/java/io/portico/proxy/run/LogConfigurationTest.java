package io.portico.proxy.run;

import static org.assertj.core.api.Assertions.assertThat;

import ch.qos.logback.classic.Level;
import ch.qos.logback.classic.Logger;
import ch.qos.logback.classic.LoggerContext;
import ch.qos.logback.classic.encoder.PatternLayoutEncoder;
import ch.qos.logback.classic.spi.Configurator.ExecutionStatus;
import ch.qos.logback.core.ConsoleAppender;
import java.io.IOException;
import java.io.InputStream;
import java.util.List;
import java.util.Properties;
import org.junit.jupiter.api.Test;

/** portico-dp's logging set up in code, and a user's own configuration file winning over it. */
class LogConfigurationTest {

  @Test
  void oneLinePerEventOnStandardErrorAtInfoWithGrpcAndNettyAtWarn() {
    LoggerContext context = new LoggerContext();

    ExecutionStatus status = new LogConfiguration(() -> false).configure(context);

    assertThat(status).isEqualTo(ExecutionStatus.DO_NOT_INVOKE_NEXT_IF_ANY);
    Logger root = context.getLogger(Logger.ROOT_LOGGER_NAME);
    assertThat(root.getLevel()).isEqualTo(Level.INFO);
    assertThat(context.getLogger("io.grpc").getLevel()).isEqualTo(Level.WARN);
    assertThat(context.getLogger("io.netty").getLevel()).isEqualTo(Level.WARN);
    assertThat(context.getLogger("io.portico.proxy.http").getEffectiveLevel())
        .isEqualTo(Level.INFO);
    ConsoleAppender<?> stderr = (ConsoleAppender<?>) root.getAppender("STDERR");
    assertThat(stderr.isStarted()).isTrue();
    assertThat(stderr.getTarget()).isEqualTo("System.err");
    assertThat(((PatternLayoutEncoder) stderr.getEncoder()).getPattern())
        .isEqualTo("%d{yyyy-MM-dd'T'HH:mm:ss.SSSXXX} %-5level %logger{20} %msg %kvp%n%ex");
  }

  @Test
  void aConfigurationFileOfTheUsersOwnIsLeftToLogback() {
    LoggerContext context = new LoggerContext();

    ExecutionStatus status = new LogConfiguration(() -> true).configure(context);

    assertThat(status).isEqualTo(ExecutionStatus.INVOKE_NEXT_IF_ANY);
    assertThat(context.getLogger(Logger.ROOT_LOGGER_NAME).getAppender("STDERR")).isNull();
  }

  @Test
  void logbackFindsItAndNoLogbackXmlIsShipped() throws IOException {
    ClassLoader loader = LogConfiguration.class.getClassLoader();
    try (InputStream services =
        loader.getResourceAsStream("META-INF/services/ch.qos.logback.classic.spi.Configurator")) {
      assertThat(services).isNotNull();
      Properties lines = new Properties();
      lines.load(services);
      assertThat(List.copyOf(lines.stringPropertyNames()))
          .containsExactly(LogConfiguration.class.getName());
    }
    assertThat(loader.getResource("logback.xml")).isNull();
  }
}
