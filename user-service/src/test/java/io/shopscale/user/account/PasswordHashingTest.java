package io.shopscale.user.account;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.time.Duration;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;

import io.shopscale.user.account.AccountProblems.PasswordHashingBusy;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.springframework.boot.test.system.CapturedOutput;
import org.springframework.boot.test.system.OutputCaptureExtension;

@ExtendWith(OutputCaptureExtension.class)
class PasswordHashingTest {

  private final PasswordHashing hashing = new PasswordHashing(new PasswordHashingSettings(1, Duration.ofMillis(50)));

  @Test
  void withEverySlotBusyAHashIsRefusedAndTheStartAndEndOfRefusingAreLoggedOnce(CapturedOutput output)
      throws Exception {
    // given the one slot held by a check that has not finished
    var started = new CountDownLatch(1);
    var finish = new CountDownLatch(1);
    var holder = CompletableFuture.runAsync(() -> hashing.guarded(() -> {
      started.countDown();
      await(finish);
      return null;
    }));
    await(started);

    // when two more come before it frees
    for (int i = 0; i < 2; i++) {
      assertThatThrownBy(() -> hashing.hash("a password")).isInstanceOf(PasswordHashingBusy.class);
    }
    // then refusing is logged once, not once per refusal
    assertThat(output.getOut().split("password-hashing slots stayed busy", -1)).hasSize(2);
    assertThat(output).doesNotContain("accepts again");

    // and when the slot frees, the next hash goes through and the end of refusing is logged with the count
    finish.countDown();
    holder.join();
    assertThat(hashing.matches("a password", hashing.hash("a password"))).isTrue();
    assertThat(output).contains("Password hashing accepts again; 2 refused meanwhile");
  }

  private static void await(CountDownLatch latch) {
    try {
      assertThat(latch.await(10, TimeUnit.SECONDS)).isTrue();
    }
    catch (InterruptedException ex) {
      Thread.currentThread().interrupt();
      throw new AssertionError(ex);
    }
  }
}
