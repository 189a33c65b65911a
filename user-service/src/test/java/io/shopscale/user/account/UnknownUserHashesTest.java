package io.shopscale.user.account;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.charset.StandardCharsets;
import java.util.stream.IntStream;
import java.util.stream.Stream;

import org.junit.jupiter.api.Test;

class UnknownUserHashesTest {

  private static final byte[] KEY = "a key of the database's".getBytes(StandardCharsets.UTF_8);

  @Test
  void withNoEarlierHashesLeftNoUnknownEmailIsCheckedAsEarlierAndWithOnlyThoseEveryOneIs() {
    assertThat(emails().filter(email -> UnknownUserHashes.checkedAsEarlier(KEY, email, 0.0))).isEmpty();
    assertThat(emails().allMatch(email -> UnknownUserHashes.checkedAsEarlier(KEY, email, 1.0))).isTrue();
  }

  @Test
  void theShareOfUnknownEmailsCheckedAsEarlierFollowsTheShareOfEarlierHashes() {
    // when
    long drawn = emails().filter(email -> UnknownUserHashes.checkedAsEarlier(KEY, email, 0.3)).count();
    // then: 30 % of 4,000, within five standard deviations (29)
    assertThat(drawn).isBetween(1_055L, 1_345L);
  }

  @Test
  void anEmailAlwaysDrawsTheSameButAnotherKeyDrawsOtherEmails() {
    byte[] otherKey = "another database's key".getBytes(StandardCharsets.UTF_8);
    assertThat(emails().filter(email -> UnknownUserHashes.checkedAsEarlier(KEY, email, 0.5) != UnknownUserHashes
        .checkedAsEarlier(KEY, email, 0.5))).isEmpty();
    assertThat(emails().filter(email -> UnknownUserHashes.checkedAsEarlier(KEY, email, 0.5) != UnknownUserHashes
        .checkedAsEarlier(otherKey, email, 0.5)).count()).isGreaterThan(1_000L);
  }

  private static Stream<String> emails() {
    return IntStream.range(0, 4_000).mapToObj(i -> "someone" + i + "@example.com");
  }
}
