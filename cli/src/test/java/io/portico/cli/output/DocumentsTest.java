package io.portico.cli.output;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.ObjectMapper;
import org.junit.jupiter.api.Test;

class DocumentsTest {
  private final ObjectMapper json = new ObjectMapper();

  @Test
  void jsonIsIndentedByTwoWithEmptyContainersClosed() throws Exception {
    String text =
        Documents.json(json.readTree("{\"a\":1,\"b\":[],\"c\":{},\"d\":[1,{\"e\":null}]}"));

    assertThat(text)
        .isEqualTo(
            """
            {
              "a": 1,
              "b": [],
              "c": {},
              "d": [
                1,
                {
                  "e": null
                }
              ]
            }
            """);
  }

  @Test
  void yamlKeepsFieldOrderAndQuotesStringsThatLookLikeOtherTypes() throws Exception {
    String text =
        Documents.yaml(
            json.readTree(
                "{\"name\":\"web\",\"version\":\"0.1\",\"on\":\"true\",\"list\":[\"*\"]}"));

    assertThat(text)
        .isEqualTo(
            """
            name: web
            version: "0.1"
            "on": "true"
            list:
            - '*'
            """);
  }
}
