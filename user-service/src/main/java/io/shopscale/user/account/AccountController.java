package io.shopscale.user.account;

import java.net.URI;
import java.util.EnumSet;
import java.util.Optional;
import java.util.UUID;

import jakarta.validation.Valid;

import io.shopscale.platform.security.Roles;
import io.shopscale.user.account.AccountProblems.UserNotFound;
import io.shopscale.user.account.AccountRequests.ProfileChanges;
import io.shopscale.user.account.AccountRequests.Registration;
import org.springframework.http.MediaType;
import org.springframework.http.ResponseEntity;
import org.springframework.security.core.Authentication;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PatchMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RequestBody;
import org.springframework.web.bind.annotation.RequestMapping;
import org.springframework.web.bind.annotation.RestController;

@RestController
@RequestMapping(path = "/api/users", produces = MediaType.APPLICATION_JSON_VALUE)
class AccountController {

  static final String MERGE_PATCH_JSON = "application/merge-patch+json";

  private final AccountService accounts;

  AccountController(AccountService accounts) {
    this.accounts = accounts;
  }

  @PostMapping(consumes = MediaType.APPLICATION_JSON_VALUE)
  ResponseEntity<UserProfile> register(@Valid @RequestBody Registration body) {
    UserProfile created = accounts.register(body.email(), body.password(), body.name(), EnumSet.of(Role.CUSTOMER));
    return ResponseEntity.created(URI.create("/api/users/" + created.id())).body(created);
  }

  @GetMapping("/me")
  UserProfile me(Authentication caller) {
    return idOf(caller).flatMap(accounts::find).orElseThrow(() -> new UserNotFound(caller.getName()));
  }

  /** Only the user and administrators; anyone else gets the same 404 as for an unknown id. */
  @GetMapping("/{id}")
  UserProfile get(@PathVariable UUID id, Authentication caller) {
    boolean allowed = Roles.isAdmin(caller) || idOf(caller).filter(id::equals).isPresent();
    return (allowed ? accounts.find(id) : Optional.<UserProfile>empty())
        .orElseThrow(() -> new UserNotFound(id));
  }

  @PatchMapping(path = "/me", consumes = {MediaType.APPLICATION_JSON_VALUE, MERGE_PATCH_JSON})
  UserProfile changeProfile(@Valid @RequestBody ProfileChanges body, Authentication caller) {
    UUID id = idOf(caller).orElseThrow(() -> new UserNotFound(caller.getName()));
    return accounts.rename(id, body.name());
  }

  // The subject of a token this service issued is a user id; one from anywhere else names no user here.
  private static Optional<UUID> idOf(Authentication caller) {
    try {
      return Optional.of(UUID.fromString(caller.getName()));
    }
    catch (IllegalArgumentException ex) {
      return Optional.empty();
    }
  }
}
