package io.portico.cli.client;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

class ApiErrorExceptionTest {
  private static final String ADDRESS = "http://cp:5681";

  private static String message(int status, String body, boolean hasToken) {
    return new ApiErrorException(status, ApiError.parse(body), ADDRESS, "prod", hasToken)
        .getMessage();
  }

  @Test
  void validationErrorsListEachCauseOnItsOwnLine() {
    assertThat(
            message(
                400,
                "{\"title\":\"Could not create a resource\",\"details\":\"Resource is not valid\","
                    + "\"causes\":[{\"field\":\"networking.address\",\"message\":\"address can't be empty\"},"
                    + "{\"field\":\"\",\"message\":\"whole resource\"}]}",
                false))
        .isEqualTo(
            """
            Could not create a resource: Resource is not valid
              networking.address: address can't be empty
              whole resource""");
  }

  @Test
  void invalidTokenSaysHowToReplaceIt() {
    assertThat(
            message(
                401, "{\"title\":\"Invalid authentication data\",\"details\":\"expired\"}", true))
        .isEqualTo(
            "the control plane at http://cp:5681 did not accept the credentials (401 Invalid"
                + " authentication data: expired): the token of control plane \"prod\" is not valid"
                + " or has expired; set one with: porticoctl config control-planes add --name prod"
                + " --address http://cp:5681 --auth-type tokens --auth-conf token=<JWT> --overwrite");
  }

  @Test
  void plainTextAnswersAreKept() {
    assertThat(message(405, "On global CP, resources of type Dataplane are read-only", false))
        .isEqualTo(
            "the control plane at http://cp:5681 does not allow this change (405, read-only): On"
                + " global CP, resources of type Dataplane are read-only");
  }

  @Test
  void serverErrorsNameTheStatusAndAddress() {
    assertThat(
            message(
                500, "{\"title\":\"Could not list\",\"details\":\"Internal Server Error\"}", false))
        .isEqualTo("Could not list: Internal Server Error (HTTP 500 from http://cp:5681)");
    assertThat(message(502, "", false)).isEqualTo("HTTP 502 (HTTP 502 from http://cp:5681)");
  }
}
