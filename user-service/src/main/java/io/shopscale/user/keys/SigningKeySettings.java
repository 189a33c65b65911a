package io.shopscale.user.keys;

import java.util.List;

import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.boot.context.properties.bind.DefaultValue;

/**
 * @param keys newest first: the first signs new tokens, every key is published, so tokens signed with a previous
 *     key stay valid until they expire. Rotate by adding a new key in front and dropping the last one after the
 *     access-token lifetime.
 */
@ConfigurationProperties("shopscale.user")
record SigningKeySettings(@DefaultValue List<Key> keys) {

  /**
   * @param kid the key id tokens name in their header
   * @param privateKey an unencrypted PKCS#8 RSA key ({@code -----BEGIN PRIVATE KEY-----}), inline or as a file path
   */
  record Key(String kid, String privateKey) {
  }
}
