package io.shopscale.user.keys;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.file.Files;
import java.nio.file.Path;
import java.security.KeyPair;
import java.util.List;
import java.util.Map;

import io.shopscale.user.TestSigningKey;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.springframework.mock.env.MockEnvironment;

class SigningKeysTest {

  private static final KeyPair NEW = TestSigningKey.newKeyPair();
  private static final KeyPair OLD = TestSigningKey.newKeyPair();

  @Test
  void firstConfiguredKeySignsAndEveryKeyIsPublishedWithoutPrivateParts(@TempDir Path dir) throws Exception {
    // given: the new key inline, the previous one as a file
    Path oldPem = Files.writeString(dir.resolve("old.pem"), TestSigningKey.pem(OLD));
    var settings = new SigningKeySettings(List.of(new SigningKeySettings.Key("k2", TestSigningKey.pem(NEW)),
        new SigningKeySettings.Key("k1", oldPem.toString())));
    // when
    SigningKeys keys = new SigningKeys(settings, new MockEnvironment());
    // then
    assertThat(keys.active().getKeyID()).isEqualTo("k2");
    assertThat(keys.active().toRSAPublicKey()).isEqualTo(NEW.getPublic());
    @SuppressWarnings("unchecked")
    var published = (List<Map<String, Object>>) keys.publishedJwks().get("keys");
    assertThat(published).extracting(key -> key.get("kid")).containsExactly("k2", "k1");
    assertThat(published).allSatisfy(key -> {
      assertThat(key).containsEntry("kty", "RSA").containsEntry("alg", "RS256").containsEntry("use", "sig");
      assertThat(key).containsKeys("n", "e").doesNotContainKeys("d", "p", "q", "dp", "dq", "qi");
    });
  }

  @Test
  void withoutConfiguredKeysOnlyTheLocalProfileStarts() {
    var none = new SigningKeySettings(List.of());
    assertThatThrownBy(() -> new SigningKeys(none, new MockEnvironment()))
        .hasMessageContaining("No signing key configured");
    var local = new MockEnvironment();
    local.setActiveProfiles("local");
    assertThat(new SigningKeys(none, local).active().getKeyID()).startsWith("local-");
  }

  @Test
  void unusableKeysStopTheStartWithoutShowingTheKey() {
    String pkcs1 = "-----BEGIN RSA PRIVATE KEY-----\nMIIB\n-----END RSA PRIVATE KEY-----\n";
    String garbage = "-----BEGIN PRIVATE KEY-----\nbm90IGEga2V5\n-----END PRIVATE KEY-----\n";
    assertThatThrownBy(() -> load("k", pkcs1)).hasMessageContaining("PKCS#1");
    assertThatThrownBy(() -> load("k", garbage)).hasMessageContaining("not a readable RSA private key")
        .hasMessageNotContaining("bm90IGEga2V5");
    assertThatThrownBy(() -> load("k", TestSigningKey.pem(TestSigningKey.newKeyPair(1024))))
        .hasMessageContaining("fewer than 2048 bits");
    assertThatThrownBy(() -> load("k", "/no/such/key.pem")).hasMessageContaining("cannot read");
    assertThatThrownBy(() -> load(" ", TestSigningKey.pem(NEW))).hasMessageContaining("no kid");
    String pem = TestSigningKey.pem(NEW);
    assertThatThrownBy(() -> new SigningKeys(new SigningKeySettings(List.of(new SigningKeySettings.Key("k", pem),
        new SigningKeySettings.Key("k", pem))), new MockEnvironment())).hasMessageContaining("Two signing keys");
  }

  private static SigningKeys load(String kid, String privateKey) {
    return new SigningKeys(new SigningKeySettings(List.of(new SigningKeySettings.Key(kid, privateKey))),
        new MockEnvironment());
  }
}
