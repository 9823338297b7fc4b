package io.portico.format;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

class MustacheTemplateTest {
  private static final Map<String, Object> CONTEXT =
      TemplateVariables.parse(
          "-v",
          List.of(
              "port=8080",
              "dp.name=web-1",
              "dp.zone.name=east",
              "html=<a href=\"x\">&'",
              "empty="));

  @ParameterizedTest(name = "{0} renders as {1}")
  @CsvSource(
      delimiter = '|',
      value = {
        "port: {{port}}|port: 8080",
        "port: {{ port }}|port: 8080",
        "{{dp.name}}.{{dp.zone.name}}|web-1.east",
        "[{{missing}}]|[]",
        "[{{dp.missing.deeper}}]|[]",
        "[{{dp}}]|[]",
        "a{{! a comment }}b|ab",
        "{{#dp}}{{name}}{{/dp}}|web-1",
        "{{#dp.zone}}{{name}} of {{dp.name}}{{/dp.zone}}|east of web-1",
        "{{#missing}}shown{{/missing}}|''",
        "{{#empty}}shown{{/empty}}|''",
        "{{^missing}}shown{{/missing}}|shown",
        "{{^port}}shown{{/port}}|''",
      })
  void rendersTheSubsetResourceTemplatesUse(String template, String expected) {
    assertThat(MustacheTemplate.parse(template).render(CONTEXT)).isEqualTo(expected);
  }

  @Test
  void doubleBracesEscapeHtmlAsGoDoes() {
    assertThat(MustacheTemplate.parse("{{html}}").render(CONTEXT))
        .isEqualTo("&lt;a href=&#34;x&#34;&gt;&amp;&#39;");
  }

  @Test
  void tripleBracesAndAmpersandInsertRawValues() {
    assertThat(MustacheTemplate.parse("{{{html}}}|{{& html}}").render(CONTEXT))
        .isEqualTo("<a href=\"x\">&'|<a href=\"x\">&'");
  }

  @Test
  void textWithoutTagsIsUnchanged() {
    String text = "type: Mesh\nname: demo\n# {not a tag}\n";

    assertThat(MustacheTemplate.parse(text).render(Map.of())).isEqualTo(text);
  }

  @ParameterizedTest(name = "{0}")
  @CsvSource(
      delimiter = '|',
      value = {
        "a: {{port|unclosed tag {{ at line 1: expected }}",
        "a: {{{port}}|unclosed tag {{{ at line 1: expected }}}",
        "x\\n{{#a}}|section {{#a}} opened at line 1 is not closed: expected {{/a}}",
        "{{#a}}{{/b}}|{{/b}} at line 1: expected {{/a}} to close the section opened at line 1",
        "{{/a}}|{{/a}} at line 1 closes a section that was never opened",
        "{{> partial}}|partial {{> partial}} at line 1 is not supported",
        "{{=<% %>=}}|delimiter change {{=<% %>=}} at line 1 is not supported",
        "{{}}|empty tag {{}} at line 1: expected a name",
        "{{two words}}|tag at line 1 has the name \"two words\": expected one word such as port or a.b",
      })
  void malformedTemplatesNameTheTagAndLine(String template, String message) {
    assertThatThrownBy(() -> MustacheTemplate.parse(template))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessage(message);
  }

  @Test
  void linesAreCountedForErrors() {
    assertThatThrownBy(() -> MustacheTemplate.parse("a\nb\nc: {{x"))
        .hasMessage("unclosed tag {{ at line 3: expected }}");
  }
}
