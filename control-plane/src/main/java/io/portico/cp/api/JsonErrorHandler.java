package io.portico.cp.api;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import jakarta.servlet.RequestDispatcher;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;
import java.io.IOException;
import java.nio.ByteBuffer;
import org.eclipse.jetty.http.HttpFields;
import org.eclipse.jetty.http.HttpHeader;
import org.eclipse.jetty.http.HttpStatus;
import org.eclipse.jetty.server.Request;
import org.eclipse.jetty.server.handler.ErrorHandler;

/**
 * Kuma's JSON error ({@code title}, {@code details}, spec/core.md §5.5) for the answers the HTTP
 * server gives on its own, before or outside any endpoint: a request line or header it cannot parse
 * (400), a target or headers too large (414, 431), a bad escape in the path. Jetty's default is an
 * HTML page.
 */
final class JsonErrorHandler extends ErrorHandler {
  private static final ObjectMapper JSON = new ObjectMapper();

  /** Answers to requests Jetty refuses while parsing them, before they reach an endpoint. */
  @Override
  public ByteBuffer badMessageError(int status, String reason, HttpFields.Mutable fields) {
    fields.put(HttpHeader.CONTENT_TYPE, "application/json");
    return ByteBuffer.wrap(body(status, reason));
  }

  /** Answers to errors raised while a request is dispatched ({@code sendError}). */
  @Override
  public void handle(
      String target, Request baseRequest, HttpServletRequest request, HttpServletResponse response)
      throws IOException {
    baseRequest.setHandled(true);
    if (response.isCommitted()) {
      return;
    }
    int status = response.getStatus();
    Object message = request.getAttribute(RequestDispatcher.ERROR_MESSAGE);
    response.setContentType("application/json");
    response.getOutputStream().write(body(status, message == null ? null : message.toString()));
  }

  static byte[] body(int status, String reason) {
    String title = HttpStatus.getMessage(status);
    String details = reason == null || reason.isBlank() ? title : reason;
    if (status == HttpStatus.URI_TOO_LONG_414) {
      details = "The request target is too long: " + details;
    } else if (status == HttpStatus.REQUEST_HEADER_FIELDS_TOO_LARGE_431) {
      details = "The request headers are too large: " + details;
    }
    ObjectNode out = JsonNodeFactory.instance.objectNode();
    out.put("title", title);
    out.put("details", details);
    try {
      return JSON.writeValueAsBytes(out);
    } catch (IOException e) {
      throw new IllegalStateException(e);
    }
  }
}
