package io.portico.mesh.api.codec;

import static org.assertj.core.api.Assertions.assertThat;

import io.portico.mesh.api.Resource;
import io.portico.mesh.api.dataplane.DataplaneSpec;
import io.portico.mesh.api.policy.TimeoutSpec;
import io.portico.mesh.api.secret.SecretSpec;
import io.portico.mesh.api.types.ResourceTypes;
import io.portico.mesh.api.validation.ValidationException;
import io.portico.mesh.api.validation.Violation;
import java.time.Duration;
import java.util.List;
import org.junit.jupiter.api.Test;

/**
 * Each scalar field takes the JSON type protobuf-JSON gives it, within its range, so that what is
 * stored is what was sent: one test per rule, with the field path of the refusal.
 */
class StrictScalarsTest {
  private static final ResourceCodec CODEC = ResourceCodec.standard();

  private static Resource<?> read(String json) {
    return CODEC.fromTree(TreeReader.readJson(json));
  }

  private static List<Violation> violations(String json) {
    try {
      read(json);
    } catch (ValidationException e) {
      return e.violations();
    }
    throw new AssertionError("accepted: " + json);
  }

  private static String dataplane(String port) {
    return "{\"type\":\"Dataplane\",\"mesh\":\"default\",\"name\":\"d\",\"networking\":"
        + "{\"address\":\"10.0.0.1\",\"inbound\":[{\"port\":"
        + port
        + ",\"tags\":{\"kuma.io/service\":\"web\"}}]}}";
  }

  private static String timeout(String connectTimeout) {
    return "{\"type\":\"Timeout\",\"mesh\":\"default\",\"name\":\"t\",\"sources\":[{\"match\":"
        + "{\"kuma.io/service\":\"*\"}}],\"destinations\":[{\"match\":{\"kuma.io/service\":\"*\"}}],"
        + "\"conf\":{\"connectTimeout\":"
        + connectTimeout
        + "}}";
  }

  @Test
  void anIntegerFieldRefusesAFraction() {
    assertThat(violations(dataplane("80.5")))
        .containsExactly(
            new Violation(
                "networking.inbound[0].port", "expected an integer but got the number 80.5"));
    assertThat(violations(dataplane("8e1")))
        .containsExactly(
            new Violation(
                "networking.inbound[0].port", "expected an integer but got the number 8E+1"));
  }

  @Test
  void anIntegerFieldRefusesANegativeNumberOrOneBeyondItsType() {
    assertThat(violations(dataplane("99999999999")))
        .containsExactly(
            new Violation(
                "networking.inbound[0].port",
                "the number 99999999999 is out of range: expected an integer from 0 to 2147483647"));
    assertThat(violations(dataplane("-1")))
        .containsExactly(
            new Violation(
                "networking.inbound[0].port",
                "the number -1 is out of range: expected an integer from 0 to 2147483647"));
  }

  @Test
  void anIntegerFieldTakesDecimalDigitsInAString() {
    Resource<?> r = read(dataplane("\"8080\""));
    assertThat(((DataplaneSpec) r.spec()).networking().inbound().get(0).port()).isEqualTo(8080);
    assertThat(violations(dataplane("\"80x\"")))
        .containsExactly(
            new Violation(
                "networking.inbound[0].port", "expected an integer but got the string \"80x\""));
    assertThat(violations(dataplane("true")))
        .containsExactly(
            new Violation("networking.inbound[0].port", "expected an integer but got true"));
  }

  @Test
  void aDurationIsAStringWithAUnitNotANumber() {
    assertThat(violations(timeout("1e10")))
        .containsExactly(
            new Violation(
                "conf.connectTimeout",
                "expected a duration such as \"5s\" or \"1h30m\" but got the number 1E+10: a"
                    + " duration is a string with a unit"));
    Resource<?> r = read(timeout("\"1.5s\""));
    assertThat(((TimeoutSpec) r.spec()).conf().connectTimeout()).isEqualTo(Duration.ofMillis(1500));
  }

  @Test
  void aDurationIsFromZeroToAHundredYears() {
    assertThat(read(timeout("\"876000h\""))).isNotNull();
    assertThat(read(timeout("\"0s\""))).isNotNull();
    assertThat(violations(timeout("\"876001h\"")))
        .containsExactly(
            new Violation(
                "conf.connectTimeout",
                "duration \"876001h\" is out of range: expected at most 876000h (100 years)"));
    assertThat(violations(timeout("\"-1s\"")))
        .containsExactly(
            new Violation(
                "conf.connectTimeout",
                "duration \"-1s\" is negative: expected a duration from 0s to 876000h"));
    assertThat(violations(timeout("\"10000000000s\"")))
        .containsExactly(
            new Violation(
                "conf.connectTimeout",
                "duration \"10000000000s\" is out of range: expected at most 2562047h (292"
                    + " years)"));
  }

  @Test
  void aTextFieldRefusesNumbersAndBooleans() {
    String json =
        "{\"type\":\"Dataplane\",\"mesh\":\"default\",\"name\":\"d\",\"networking\":"
            + "{\"address\":\"10.0.0.1\",\"inbound\":[{\"port\":80,\"tags\":"
            + "{\"kuma.io/service\":\"web\",\"version\":1.10,\"canary\":true}}]}}";
    assertThat(violations(json))
        .containsExactly(
            new Violation(
                "networking.inbound[0].tags[\"version\"]",
                "expected a string but got the number 1.10: write it in quotes"));
  }

  @Test
  void aTextFieldIsAtMost4096CharactersUnlessItHoldsData() {
    String address = "a".repeat(ResourceCodec.MAX_TEXT_LENGTH + 1);
    String json =
        "{\"type\":\"Dataplane\",\"mesh\":\"default\",\"name\":\"d\",\"networking\":"
            + "{\"address\":\""
            + address
            + "\"}}";
    assertThat(violations(json))
        .containsExactly(
            new Violation(
                "networking.address",
                "a text of 4097 characters is too long: expected at most 4096"));
    String data = "QUJD".repeat(10_000);
    Resource<?> secret =
        read("{\"type\":\"Secret\",\"mesh\":\"default\",\"name\":\"s\",\"data\":\"" + data + "\"}");
    assertThat(((SecretSpec) secret.spec()).data()).hasSize(40_000);
  }

  @Test
  void aBooleanFieldTakesTrueOrFalseOnly() {
    String json =
        "{\"type\":\"Mesh\",\"name\":\"m\",\"routing\":{\"localityAwareLoadBalancing\":1}}";
    assertThat(violations(json))
        .containsExactly(
            new Violation(
                "routing.localityAwareLoadBalancing",
                "expected true or false but got the number 1"));
  }

  @Test
  void aDecimalFieldIsFinite() {
    String json =
        "{\"type\":\"FaultInjection\",\"mesh\":\"default\",\"name\":\"f\",\"sources\":[{\"match\":"
            + "{\"kuma.io/service\":\"*\"}}],\"destinations\":[{\"match\":{\"kuma.io/service\":\"*\"}}],"
            + "\"conf\":{\"delay\":{\"percentage\":1e400,\"value\":\"1s\"}}}";
    assertThat(violations(json))
        .singleElement()
        .satisfies(
            v -> {
              assertThat(v.field()).isEqualTo("conf.delay.percentage");
              assertThat(v.message()).startsWith("the number 1E+400 is out of range");
            });
  }

  @Test
  void anEnumIsNamedNotNumbered() {
    String json =
        "{\"type\":\"MeshGateway\",\"mesh\":\"default\",\"name\":\"g\",\"selectors\":[{\"match\":"
            + "{\"kuma.io/service\":\"edge\"}}],\"conf\":{\"listeners\":[{\"port\":80,"
            + "\"protocol\":4}]}}";
    assertThat(violations(json))
        .extracting(Violation::field)
        .contains("conf.listeners[0].protocol");
  }

  @Test
  void metaFieldsAreStrings() {
    assertThat(violations("{\"type\":\"Mesh\",\"name\":123}"))
        .containsExactly(new Violation("name", "expected a string but got a number"));
  }

  @Test
  void whatIsReadIsWhatIsWrittenBack() {
    for (String json : List.of(dataplane("80"), timeout("\"1h30m\""), dataplane("\"65535\""))) {
      Resource<?> first = read(json);
      Resource<?> second = CODEC.fromTree(TreeReader.readJson(CODEC.toJson(first)));
      assertThat(second.spec()).isEqualTo(first.spec());
    }
    assertThat(ResourceTypes.standard().all()).isNotEmpty();
  }
}
