package io.shopscale.systemtests;

import java.lang.annotation.Documented;
import java.lang.annotation.ElementType;
import java.lang.annotation.Retention;
import java.lang.annotation.RetentionPolicy;
import java.lang.annotation.Target;

import org.junit.jupiter.api.extension.ExtendWith;

/**
 * A test class against the whole running system: its methods (and {@code @BeforeAll} methods) may take a
 * {@link RunningSystem} parameter. The system starts once for the test JVM, at the first class that asks for it, and
 * stops when the test run ends.
 */
@Target(ElementType.TYPE)
@Retention(RetentionPolicy.RUNTIME)
@Documented
@ExtendWith(SystemUnderTestExtension.class)
@interface SystemTest {
}
