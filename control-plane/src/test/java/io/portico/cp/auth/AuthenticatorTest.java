package io.portico.cp.auth;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.net.InetAddress;
import org.junit.jupiter.api.Test;

class AuthenticatorTest {
  private final UserTokens noTokens = null;

  @Test
  void loopbackWithoutTokenIsAdminWhenLocalhostIsAdmin() {
    Authenticator a = new Authenticator(true, InetAddress::isLoopbackAddress, noTokens);
    assertThat(a.authenticate("127.0.0.1", null)).isEqualTo(User.ADMIN);
    assertThat(a.authenticate("0:0:0:0:0:0:0:1", null)).isEqualTo(User.ADMIN);
  }

  @Test
  void loopbackIsAnonymousWhenLocalhostIsNotAdmin() {
    Authenticator a = new Authenticator(false, InetAddress::isLoopbackAddress, noTokens);
    assertThat(a.authenticate("127.0.0.1", null)).isEqualTo(User.ANONYMOUS);
  }

  @Test
  void otherAddressesAreAnonymous() {
    Authenticator a = new Authenticator(true, InetAddress::isLoopbackAddress, noTokens);
    assertThat(a.authenticate("10.0.0.7", null)).isEqualTo(User.ANONYMOUS);
    assertThat(a.authenticate("localhost", null)).isEqualTo(User.ANONYMOUS);
    assertThat(a.authenticate(null, null)).isEqualTo(User.ANONYMOUS);
  }

  @Test
  void authorizationThatIsNotBearerIsRejected() {
    Authenticator a = new Authenticator(true, InetAddress::isLoopbackAddress, noTokens);
    assertThatThrownBy(() -> a.authenticate("127.0.0.1", "Basic abc"))
        .isInstanceOf(InvalidTokenException.class)
        .hasMessageContaining("Bearer");
  }

  @Test
  void adminIsAdminByNameOrGroup() {
    assertThat(new User("x", java.util.List.of(User.ADMIN_GROUP)).isAdmin()).isTrue();
    assertThat(new User(User.ADMIN_NAME, java.util.List.of()).isAdmin()).isTrue();
    assertThat(User.ANONYMOUS.isAdmin()).isFalse();
  }
}
