package io.shopscale.testsupport;

import java.lang.annotation.Documented;
import java.lang.annotation.ElementType;
import java.lang.annotation.Inherited;
import java.lang.annotation.Retention;
import java.lang.annotation.RetentionPolicy;
import java.lang.annotation.Target;

/**
 * Points a Spring test at real servers: a fresh PostgreSQL database of its own for the test class, a Redis key
 * namespace of its own, the shared Kafka broker when asked for, and the {@link TestJwtIssuer}'s JWKS.
 */
@Target(ElementType.TYPE)
@Retention(RetentionPolicy.RUNTIME)
@Documented
@Inherited
public @interface ShopScaleInfrastructure {

  Server[] value() default {Server.POSTGRES, Server.REDIS};

  enum Server {
    POSTGRES,
    /**
     * A primary with a streaming replica ({@link io.shopscale.embedded.PostgresPair}), configured as the service's
     * read replica.
     */
    POSTGRES_WITH_REPLICA, REDIS, KAFKA
  }
}
