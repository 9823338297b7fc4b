package io.portico.testing.echo;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.InputStream;
import java.io.OutputStream;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import org.junit.jupiter.api.Test;

class TcpEchoServerTest {
  @Test
  void bytesComeBackAndHalfCloseIsMirrored() throws Exception {
    try (TcpEchoServer server = TcpEchoServer.start();
        Socket socket = new Socket(server.address().getAddress(), server.port())) {
      socket.setSoTimeout(10_000);
      OutputStream out = socket.getOutputStream();
      out.write("ping\n".getBytes(StandardCharsets.US_ASCII));
      out.write("pong\n".getBytes(StandardCharsets.US_ASCII));
      out.flush();
      socket.shutdownOutput();
      InputStream in = socket.getInputStream();
      assertThat(new String(in.readAllBytes(), StandardCharsets.US_ASCII))
          .isEqualTo("ping\npong\n");
    }
  }
}
