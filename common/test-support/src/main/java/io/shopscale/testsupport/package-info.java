/**
 * Real infrastructure for tests, declared once: annotate a test with {@link io.shopscale.testsupport.ShopScaleInfrastructure}.
 * Each server is found in this order: an address in the environment, a Testcontainers container when Docker runs,
 * an embedded server started in this JVM.
 */
@org.jspecify.annotations.NullMarked
package io.shopscale.testsupport;
