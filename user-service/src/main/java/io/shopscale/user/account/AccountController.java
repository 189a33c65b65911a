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
import io.swagger.v3.oas.annotations.Operation;
import io.swagger.v3.oas.annotations.headers.Header;
import io.swagger.v3.oas.annotations.media.Content;
import io.swagger.v3.oas.annotations.media.ExampleObject;
import io.swagger.v3.oas.annotations.responses.ApiResponse;
import io.swagger.v3.oas.annotations.tags.Tag;
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
@Tag(name = "Users", description = "Registering and your own profile. Emails are stored lower-cased.")
class AccountController {

  static final String MERGE_PATCH_JSON = "application/merge-patch+json";

  private final AccountService accounts;

  AccountController(AccountService accounts) {
    this.accounts = accounts;
  }

  @PostMapping(consumes = MediaType.APPLICATION_JSON_VALUE)
  @Operation(operationId = "register", summary = "Register", description = "A new customer on the FREE tier. Email up to 254 characters with a "
      + "dot in the domain, password 12 to 256 characters, name 1 to 100.", requestBody = @io.swagger.v3.oas.annotations.parameters.RequestBody(content = @Content(mediaType = MediaType.APPLICATION_JSON_VALUE, examples = @ExampleObject(name = "grace", value = """
          {"email": "grace@example.com", "password": "correct horse battery", "name": "Grace"}"""))))
  @ApiResponse(responseCode = "201", description = "The new profile", headers = @Header(name = "Location"))
  @ApiResponse(responseCode = "400", description = "An invalid field, or one a caller may not set (`roles`, `tier`,"
      + " `id`)")
  @ApiResponse(responseCode = "409", description = "The email is taken (case-insensitive)")
  @ApiResponse(responseCode = "503", description = "Every password-hashing slot is busy", headers = @Header(name = "Retry-After"))
  ResponseEntity<UserProfile> register(@Valid @RequestBody Registration body) {
    UserProfile created = accounts.register(body.email(), body.password(), body.name(), EnumSet.of(Role.CUSTOMER));
    return ResponseEntity.created(URI.create("/api/users/" + created.id())).body(created);
  }

  @GetMapping("/me")
  @Operation(operationId = "getMe", summary = "Read your profile", description = "The profile of the "
      + "token's subject. A tier or role change shows here at once, and in tokens from the next login or refresh.")
  @ApiResponse(responseCode = "200", description = "The caller's profile")
  UserProfile me(Authentication caller) {
    return idOf(caller).flatMap(accounts::find).orElseThrow(() -> new UserNotFound(caller.getName()));
  }

  /** Only the user and administrators; anyone else gets the same 404 as for an unknown id. */
  @GetMapping("/{id}")
  @Operation(operationId = "getUser", summary = "Read a profile", description = "Your own, or anyone's for an administrator.")
  @ApiResponse(responseCode = "200", description = "The profile")
  @ApiResponse(responseCode = "404", description = "No such user, or not yours")
  UserProfile get(@PathVariable UUID id, Authentication caller) {
    boolean allowed = Roles.isAdmin(caller) || idOf(caller).filter(id::equals).isPresent();
    return (allowed ? accounts.find(id) : Optional.<UserProfile>empty())
        .orElseThrow(() -> new UserNotFound(id));
  }

  @PatchMapping(path = "/me", consumes = {MediaType.APPLICATION_JSON_VALUE, MERGE_PATCH_JSON})
  @Operation(operationId = "changeMe", summary = "Rename yourself", description = "Only `name` can change here; `roles`, `tier`, `email` and "
      + "`id` are a 400.")
  @ApiResponse(responseCode = "200", description = "The changed profile")
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
