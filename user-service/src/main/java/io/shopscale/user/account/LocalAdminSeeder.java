package io.shopscale.user.account;

import java.util.EnumSet;

import io.shopscale.user.account.AccountProblems.EmailTaken;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.boot.ApplicationArguments;
import org.springframework.boot.ApplicationRunner;
import org.springframework.context.annotation.Profile;
import org.springframework.stereotype.Component;

/** The local stack's administrator, so a fresh machine can try the admin API. Never outside the local profile. */
@Component
@Profile("local")
class LocalAdminSeeder implements ApplicationRunner {

  private static final Logger log = LoggerFactory.getLogger(LocalAdminSeeder.class);

  private final AccountService accounts;
  private final LocalAdminSettings settings;

  LocalAdminSeeder(AccountService accounts, LocalAdminSettings settings) {
    this.accounts = accounts;
    this.settings = settings;
  }

  @Override
  public void run(ApplicationArguments args) {
    String email = settings.email();
    String password = settings.password();
    if (email == null || password == null) {
      throw new IllegalStateException("The local profile needs shopscale.user.local-admin.email and .password");
    }
    if (accounts.exists(email)) {
      return;
    }
    try {
      accounts.register(email, password, "Local Admin", EnumSet.of(Role.CUSTOMER, Role.ADMIN));
      log.info("Seeded the local administrator {} (password from SHOPSCALE_ADMIN_PASSWORD)", email);
    }
    catch (EmailTaken ex) {
      // another instance seeded it between our check and our insert: that is the outcome we wanted
    }
  }
}
