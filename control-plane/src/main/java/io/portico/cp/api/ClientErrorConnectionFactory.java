package io.portico.cp.api;

import org.eclipse.jetty.http.BadMessageException;
import org.eclipse.jetty.io.Connection;
import org.eclipse.jetty.io.EndPoint;
import org.eclipse.jetty.server.Connector;
import org.eclipse.jetty.server.HttpChannelOverHttp;
import org.eclipse.jetty.server.HttpConfiguration;
import org.eclipse.jetty.server.HttpConnection;
import org.eclipse.jetty.server.HttpConnectionFactory;

/**
 * HTTP/1.1 connections whose refusals of a request they cannot parse are all 4xx: Jetty answers a
 * request line with an unknown version ({@code HTTP/3.0}) with 505, which this turns into 400. A
 * request is the client's to fix; no input gets a 5xx from the API (the body is still Kuma's JSON
 * error, {@link JsonErrorHandler}).
 */
final class ClientErrorConnectionFactory extends HttpConnectionFactory {
  ClientErrorConnectionFactory(HttpConfiguration config) {
    super(config);
  }

  @Override
  public Connection newConnection(Connector connector, EndPoint endPoint) {
    HttpConnection connection =
        new HttpConnection(
            getHttpConfiguration(), connector, endPoint, isRecordHttpComplianceViolations()) {
          @Override
          protected HttpChannelOverHttp newHttpChannel() {
            return new HttpChannelOverHttp(
                this, getConnector(), getHttpConfiguration(), getEndPoint(), this) {
              @Override
              public void onBadMessage(BadMessageException failure) {
                super.onBadMessage(
                    failure.getCode() >= 500
                        ? new BadMessageException(400, failure.getReason(), failure)
                        : failure);
              }
            };
          }
        };
    return configure(connection, connector, endPoint);
  }
}
