package io.shopscale.user.keys;

import java.util.Map;

import org.springframework.http.MediaType;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.RestController;

/** Where the gateway and every service (this one too) fetch the public keys that verify access tokens. */
@RestController
class JwksController {

  private final SigningKeys keys;

  JwksController(SigningKeys keys) {
    this.keys = keys;
  }

  @GetMapping(path = "/.well-known/jwks.json", produces = MediaType.APPLICATION_JSON_VALUE)
  Map<String, Object> jwks() {
    return keys.publishedJwks();
  }
}
