package io.durascale.core.cli;

import java.util.Map;

/** The log levels every durascale jar's main sets for libraries that say too much. */
public final class LibraryLogs {

    private LibraryLogs() {
    }

    /**
     * Jetty and Javalin log at INFO about things a reader does not need; the Azure SDK logs every storage
     * answer it turns into an exception at ERROR — expected ones too (409 already exists, 404 not found),
     * which our code catches and handles, and unexpected ones, which reach our code and are reported
     * there. So the SDK's own logger is off. Only in the jars' mains; {@code -Dorg.slf4j.simpleLogger.log.com.azure=warn}
     * brings it back.
     */
    public static void quiet() {
        Map<String, String> levels = Map.of("org.eclipse.jetty", "warn", "io.javalin", "warn", "com.azure", "off");
        levels.forEach((logger, level) -> {
            String key = "org.slf4j.simpleLogger.log." + logger;
            if (System.getProperty(key) == null) {
                System.setProperty(key, level);
            }
        });
    }

}
