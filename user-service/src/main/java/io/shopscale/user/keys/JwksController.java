package io.shopscale.user.keys;

import java.util.Map;

import io.swagger.v3.oas.annotations.Operation;
import io.swagger.v3.oas.annotations.headers.Header;
import io.swagger.v3.oas.annotations.media.Content;
import io.swagger.v3.oas.annotations.media.ExampleObject;
import io.swagger.v3.oas.annotations.responses.ApiResponse;
import io.swagger.v3.oas.annotations.tags.Tag;
import org.springframework.http.MediaType;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.RestController;

/** Where the gateway and every service (this one too) fetch the public keys that verify access tokens. */
@RestController
@Tag(name = "Keys", description = "The public keys that verify access tokens.")
class JwksController {

  private final SigningKeys keys;

  JwksController(SigningKeys keys) {
    this.keys = keys;
  }

  @GetMapping(path = "/.well-known/jwks.json", produces = MediaType.APPLICATION_JSON_VALUE)
  @Operation(operationId = "getJwks", summary = "Read the signing keys", description = "A JSON Web Key Set: the `kid` in an access token's "
      + "header names the key that verifies it. Not rate-limited.")
  @ApiResponse(responseCode = "200", description = "The key set", content = @Content(examples = @ExampleObject(value = """
      {"keys": [{"kty": "RSA", "kid": "2026-12-01", "alg": "RS256", "use": "sig", "n": "sXch...", "e": "AQAB"}]}""")))
  Map<String, Object> jwks() {
    return keys.publishedJwks();
  }
}
