package io.shopscale.systemtests;

import org.jspecify.annotations.Nullable;
import org.junit.jupiter.api.extension.ExtensionContext;
import org.junit.jupiter.api.extension.ParameterContext;
import org.junit.jupiter.api.extension.ParameterResolver;

/**
 * Starts the {@link RunningSystem} on first use and keeps it in the root store, which closes it (an
 * {@link AutoCloseable}) when the whole test run ends. A failed start is remembered: every later class fails at once
 * with the same cause instead of trying again for minutes.
 */
final class SystemUnderTestExtension implements ParameterResolver {

  private static final ExtensionContext.Namespace NAMESPACE = ExtensionContext.Namespace.create(RunningSystem.class);
  private static volatile @Nullable RuntimeException startFailure;

  @Override
  public boolean supportsParameter(ParameterContext parameter, ExtensionContext context) {
    return parameter.getParameter().getType() == RunningSystem.class;
  }

  @Override
  public Object resolveParameter(ParameterContext parameter, ExtensionContext context) {
    return system(context);
  }

  static RunningSystem system(ExtensionContext context) {
    synchronized (SystemUnderTestExtension.class) {
      RuntimeException failed = startFailure;
      if (failed != null) {
        throw new IllegalStateException("The system under test failed to start earlier in this run", failed);
      }
      try {
        return context.getRoot().getStore(NAMESPACE).computeIfAbsent(RunningSystem.class,
            key -> RunningSystem.start(), RunningSystem.class);
      }
      catch (RuntimeException ex) {
        startFailure = ex;
        throw ex;
      }
    }
  }
}
