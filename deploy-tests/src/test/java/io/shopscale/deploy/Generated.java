package io.shopscale.deploy;

/**
 * Files kept equal to something else by the tests. With -Dshopscale.deploy.write=true (k8s/generate.sh) the tests
 * that check them write them first, so the check passes and `git diff` shows the change.
 */
final class Generated {

  static final boolean WRITE = Boolean.getBoolean("shopscale.deploy.write");

  private Generated() {
  }
}
