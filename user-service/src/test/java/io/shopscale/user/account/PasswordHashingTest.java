package io.shopscale.user.account;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Duration;

import org.junit.jupiter.api.Test;
import org.springframework.security.crypto.argon2.Argon2PasswordEncoder;

class PasswordHashingTest {

  private final PasswordHashing passwords = new PasswordHashing(new PasswordHashingSettings(2, Duration.ofSeconds(5)));

  @Test
  void hashesWithOwaspsSevenMebibyteFivePassSetting() {
    // when
    String hash = passwords.hash("correct horse battery staple");
    // then
    assertThat(hash).startsWith("$argon2id$v=19$m=7168,t=5,p=1$");
    assertThat(passwords.matches("correct horse battery staple", hash)).isTrue();
  }

  @Test
  void stillChecksPasswordsHashedWithTheEarlierParameters() {
    // given: a hash stored before the change, with m = 19456 KiB, t = 2 (the encoder reads them from the hash)
    String stored = new Argon2PasswordEncoder(16, 32, 1, 19_456, 2).encode("correct horse battery staple");
    assertThat(stored).startsWith("$argon2id$v=19$m=19456,t=2,p=1$");
    // when / then
    assertThat(passwords.matches("correct horse battery staple", stored)).isTrue();
    assertThat(passwords.matches("correct horse battery stapler", stored)).isFalse();
  }
}
