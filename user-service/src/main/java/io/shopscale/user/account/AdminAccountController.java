package io.shopscale.user.account;

import java.util.UUID;

import jakarta.validation.Valid;

import io.shopscale.user.account.AccountProblems.InvalidField;
import io.shopscale.user.account.AccountRequests.AccessChanges;
import io.swagger.v3.oas.annotations.Operation;
import io.swagger.v3.oas.annotations.headers.Header;
import io.swagger.v3.oas.annotations.media.Content;
import io.swagger.v3.oas.annotations.media.ExampleObject;
import io.swagger.v3.oas.annotations.responses.ApiResponse;
import io.swagger.v3.oas.annotations.tags.Tag;
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
@Tag(name = "User administration", description = "Administrators change tiers and roles and disable accounts. A "
    + "change reaches the user's tokens at their next login or refresh.")
class AdminAccountController {

  private final AccountService accounts;

  AdminAccountController(AccountService accounts) {
    this.accounts = accounts;
  }

  @PatchMapping(path = "/{id}", consumes = {MediaType.APPLICATION_JSON_VALUE, AccountController.MERGE_PATCH_JSON})
  @Operation(operationId = "changeAccess", summary = "Change a user's tier or roles", description = "Tier `FREE`, `BASIC` or `PREMIUM`; roles a "
      + "non-empty subset of `CUSTOMER` and `ADMIN`.", requestBody = @io.swagger.v3.oas.annotations.parameters.RequestBody(content = @Content(mediaType = MediaType.APPLICATION_JSON_VALUE, examples = @ExampleObject(name = "premium", value = """
          {"tier": "PREMIUM"}"""))))
  @ApiResponse(responseCode = "200", description = "The changed profile")
  @ApiResponse(responseCode = "400", description = "Neither tier nor roles, or unknown values")
  @ApiResponse(responseCode = "404", description = "No such user")
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
  @Operation(operationId = "disableUser", summary = "Disable a user", description = "Revokes every refresh token and refuses logins and refreshes "
      + "until enabled; access tokens already issued work until they expire.")
  @ApiResponse(responseCode = "200", description = "The profile, disabled")
  @ApiResponse(responseCode = "404", description = "No such user")
  UserProfile disable(@PathVariable UUID id) {
    return accounts.disable(id);
  }

  @PostMapping("/{id}/enable")
  @Operation(operationId = "enableUser", summary = "Enable a user", description = "Logins and refreshes "
      + "work again; sessions revoked by the disabling stay revoked.")
  @ApiResponse(responseCode = "200", description = "The profile, enabled")
  @ApiResponse(responseCode = "404", description = "No such user")
  UserProfile enable(@PathVariable UUID id) {
    return accounts.enable(id);
  }
}
