package io.portico.proxy.run;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

class DataplaneTemplateTest {
  private static final String SOURCE = "dataplane file \"dp.yaml\"";

  private static ProxyResource render(String template, String... variables) {
    return DataplaneTemplate.render(SOURCE, template, List.of(variables), ProxyType.DATAPLANE);
  }

  @Test
  void variablesAreSubstituted() {
    ProxyResource resource =
        render("type: Dataplane\nmesh: {{mesh}}\nname: {{name}}\n", "mesh=default", "name=gw-1");
    assertThat(resource)
        .isEqualTo(
            new ProxyResource(
                "Dataplane", "gw-1", "default", "type: Dataplane\nmesh: default\nname: gw-1\n"));
  }

  @Test
  void theAdminPortIsReadFromNetworkingAndZeroWhenAbsentOrNotAPort() {
    String base = "type: Dataplane\nmesh: default\nname: gw-1\n";
    assertThat(render(base + "networking:\n  admin: {port: {{p}}}\n", "p=9911").adminPort())
        .isEqualTo(9911);
    assertThat(render(base + "networking:\n  address: 10.0.0.1\n").adminPort()).isZero();
    assertThat(render(base + "networking:\n  admin: {port: ninety}\n").adminPort()).isZero();
    assertThat(render(base + "networking:\n  admin: {port: 70000}\n").adminPort()).isZero();
  }

  @Test
  void dottedKeysBecomeNestedMaps() {
    assertThat(DataplaneTemplate.context(List.of("a.b.c=1", "a.b.d=2", "a.e=3", "f=4")))
        .isEqualTo(Map.of("a", Map.of("b", Map.of("c", "1", "d", "2"), "e", "3"), "f", "4"));
    ProxyResource resource =
        render(
            "type: Dataplane\nmesh: default\nname: {{dp.name}}\nnetworking:\n  address: {{dp.net.address}}\n",
            "dp.name=gw-1",
            "dp.net.address=10.0.0.1");
    assertThat(resource.name()).isEqualTo("gw-1");
    assertThat(resource.text()).contains("address: 10.0.0.1");
  }

  @Test
  void missingVariablesRenderEmpty() {
    ProxyResource resource =
        render("type: Dataplane\nmesh: default\nname: gw{{suffix}}\nx: '{{a.b}}'\n");
    assertThat(resource.name()).isEqualTo("gw");
    assertThat(resource.text()).contains("x: ''");
  }

  @Test
  void doubleBracesEscapeHtmlAndTripleBracesDoNot() {
    ProxyResource resource =
        render(
            "type: Dataplane\nmesh: default\nname: gw\nescaped: '{{v}}'\nraw: '{{{v}}}'\n",
            "v=a&b<c>");
    assertThat(resource.text()).contains("escaped: 'a&amp;b&lt;c&gt;'").contains("raw: 'a&b<c>'");
  }

  /** As Go's template.HTMLEscape, which kuma-dp's renderer applies: &#34; and &#39;, no others. */
  @Test
  void quotesAreEscapedAsGoEscapesThem() {
    ProxyResource resource =
        render(
            "type: Dataplane\nmesh: default\nname: gw\nescaped: \"{{v}}\"\n", "v=say \"hi\" '=`");
    assertThat(resource.text()).contains("escaped: \"say &#34;hi&#34; &#39;=`\"");
  }

  @Test
  void valueMayContainEquals() {
    assertThat(DataplaneTemplate.context(List.of("k=a=b"))).isEqualTo(Map.of("k", "a=b"));
  }

  @Test
  void jsonIsAcceptedToo() {
    ProxyResource resource =
        render(
            "{\"type\": \"Dataplane\", \"mesh\": \"default\", \"name\": \"{{n}}\"}", "n=gw-json");
    assertThat(resource.name()).isEqualTo("gw-json");
  }

  @Test
  void malformedYamlNamesLineAndColumn() {
    assertThatThrownBy(() -> render("type: Dataplane\nmesh: default\nname: : :\n  - x\n"))
        .isInstanceOf(BadInputException.class)
        .hasMessageStartingWith(SOURCE + " is not valid YAML at line 3, column");
  }

  @Test
  void emptySegmentInAVariableKeyIsRejected() {
    assertThatThrownBy(() -> DataplaneTemplate.context(List.of("a..b=1")))
        .hasMessage(
            "--dataplane-var \"a..b=1\": expected key=value with a key such as a or a.b, got"
                + " \"a..b\"");
  }

  @Test
  void variableUnderAnExistingValueIsRejected() {
    assertThatThrownBy(() -> DataplaneTemplate.context(List.of("a.b=1", "a=2")))
        .hasMessage(
            "--dataplane-var \"a=2\": \"a\" already holds nested variables such as a.<name>");
  }
}
