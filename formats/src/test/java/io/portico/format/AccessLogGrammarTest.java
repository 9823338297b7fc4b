package io.portico.format;

import static org.assertj.core.api.Assertions.assertThat;

import io.portico.format.AccessLogGrammar.Command;
import io.portico.format.AccessLogGrammar.Text;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/** The access-log format grammar the control plane validates with and the proxy renders. */
class AccessLogGrammarTest {
  @Test
  void textAndOperatorsBecomeTokens() {
    AccessLogGrammar.Parsed parsed =
        AccessLogGrammar.parse(
            "[%START_TIME(%Y-%m-%dT%H:%M:%3fZ)%] %REQ(X-Request-Id?:authority):12% %KUMA_MESH%"
                + " %RESPONSE_CODE%\n");

    assertThat(parsed.errors()).isEmpty();
    assertThat(parsed.tokens())
        .containsExactly(
            new Text("["),
            new Command("START_TIME", List.of(), "%Y-%m-%dT%H:%M:%3fZ", -1),
            new Text("] "),
            new Command("REQ", List.of("x-request-id", ":authority"), null, 12),
            new Text(" "),
            new Command("KUMA_MESH", List.of(), null, -1),
            new Text(" "),
            new Command("RESPONSE_CODE", List.of(), null, -1),
            new Text("\n"));
  }

  @Test
  void aMaxLengthWithoutArgumentIsRead() {
    assertThat(AccessLogGrammar.parse("%UPSTREAM_HOST:5%").tokens())
        .containsExactly(new Command("UPSTREAM_HOST", List.of(), null, 5));
  }

  @ParameterizedTest
  @CsvSource(
      delimiter = '|',
      value = {
        "%FOO% | unknown command operator %FOO%",
        "%req(x)% | unknown command operator %req(x)%",
        "%REQ% | operator %REQ% needs a header name: %REQ(name)%",
        "%RESP()% | operator %RESP()% needs a header name: %RESP(name)%",
        "%REQ(a?b?c)% | malformed operator %REQ(a?b?c)%: expected %REQ(X?Y)%",
        "%PROTOCOL(x)% | operator %PROTOCOL(x)% takes no argument",
        "%DURATION:abc% | malformed operator %DURATION:abc%: expected :<max length> of 1 to 9 digits",
        "%REQ(a):1234567890% | malformed operator %REQ(a):1234567890%: expected :<max length> of 1"
            + " to 9 digits after ')'",
        "%START_TIME(%Q)% | operator %START_TIME(%Q)%: unsupported time specifier at offset 0"
            + " (supported: %Y %m %d %H %M %S %z %s %f %3f %6f %9f)",
        "abc %RESPONSE_CODE | unterminated operator at offset 4: \"%RESPONSE_CODE\"",
      })
  void malformedOperatorsAreNamed(String format, String error) {
    AccessLogGrammar.Parsed parsed = AccessLogGrammar.parse(format);
    assertThat(parsed.errors()).containsExactly(error);
    assertThat(parsed.tokens()).isEmpty();
  }

  @Test
  void everyErrorIsReported() {
    assertThat(AccessLogGrammar.parse("%FOO% %BAR(1)% %REQ%").errors()).hasSize(3);
  }
}
