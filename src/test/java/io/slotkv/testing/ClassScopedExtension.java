package io.slotkv.testing;

import org.junit.jupiter.api.extension.AfterAllCallback;
import org.junit.jupiter.api.extension.BeforeAllCallback;
import org.junit.jupiter.api.extension.ExtensionContext;

/**
 * Starts a resource before the first test of the class that registers it and stops it after the last one. JUnit
 * also calls class-level callbacks for every {@code @Nested} class, which must share the outer class's resource
 * rather than start a second one: only the class context that started the resource stops it.
 */
abstract class ClassScopedExtension implements BeforeAllCallback, AfterAllCallback {
    private String owner;

    @Override
    public final void beforeAll(ExtensionContext context) throws Exception {
        if (owner == null) {
            start();
            owner = context.getUniqueId();
        }
    }

    @Override
    public final void afterAll(ExtensionContext context) throws Exception {
        if (context.getUniqueId().equals(owner)) {
            owner = null;
            stop();
        }
    }

    abstract void start() throws Exception;

    abstract void stop() throws Exception;
}
