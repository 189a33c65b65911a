package io.shopscale.user.account;

import java.util.UUID;

import jakarta.validation.Valid;

import io.shopscale.user.account.AccountProblems.InvalidField;
import io.shopscale.user.account.AccountRequests.AccessChanges;
import org.springframework.http.MediaType;
import org.springframework.web.bind.annotation.PatchMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RequestBody;
import org.springframework.web.bind.annotation.RequestMapping;
import org.springframework.web.bind.annotation.RestController;

/**
 * Tier and role changes, disabling and enabling; the ADMIN rule is in the filter chain. A change reaches tokens at the
 * next login or refresh.
 */
@RestController
@RequestMapping(path = "/api/admin/users", produces = MediaType.APPLICATION_JSON_VALUE)
class AdminAccountController {

  private final AccountService accounts;

  AdminAccountController(AccountService accounts) {
    this.accounts = accounts;
  }

  @PatchMapping(path = "/{id}", consumes = {MediaType.APPLICATION_JSON_VALUE, AccountController.MERGE_PATCH_JSON})
  UserProfile changeAccess(@PathVariable UUID id, @Valid @RequestBody AccessChanges body) {
    if (body.tier() == null && body.roles() == null) {
      throw new InvalidField("body", "must change tier, roles or both");
    }
    return accounts.changeAccess(id, body.tier(), body.roles());
  }

  /**
   * No login or refresh from now on, and every refresh token revoked. Access tokens already issued stay valid until
   * they expire (shopscale.user.tokens.access-ttl, 15 minutes by default): the services check them offline.
   */
  @PostMapping("/{id}/disable")
  UserProfile disable(@PathVariable UUID id) {
    return accounts.disable(id);
  }

  @PostMapping("/{id}/enable")
  UserProfile enable(@PathVariable UUID id) {
    return accounts.enable(id);
  }
}
