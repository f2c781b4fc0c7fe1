package io.durascale.testkit;


import org.junit.jupiter.api.extension.ExtensionContext;
import org.junit.jupiter.api.extension.ParameterContext;
import org.junit.jupiter.api.extension.ParameterResolver;

/**
 * Gives a test its Azure Storage: {@code @ExtendWith(StorageExtension.class)} and a
 * {@link TestStorage} parameter. One storage (per {@link SharedStorage#account()}: a
 * connection string, Docker Azurite or npm Azurite) serves the whole test JVM; each test gets
 * its own names and its created resources are deleted when it ends.
 */
public final class StorageExtension implements ParameterResolver {

    private static final ExtensionContext.Namespace NAMESPACE = ExtensionContext.Namespace.create(StorageExtension.class);

    @Override
    public boolean supportsParameter(ParameterContext parameter, ExtensionContext context) {
        return parameter.getParameter().getType() == TestStorage.class;
    }

    @Override
    public Object resolveParameter(ParameterContext parameter, ExtensionContext context) {
        // Stored in the test's (or class's, for @BeforeAll) context, which closes it — deleting
        // what it created — when that context ends.
        return context.getStore(NAMESPACE).getOrComputeIfAbsent(TestStorage.class,
                key -> new TestStorage(SharedStorage.account()), TestStorage.class);
    }
}
