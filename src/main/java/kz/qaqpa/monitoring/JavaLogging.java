package kz.qaqpa.monitoring;

import org.slf4j.bridge.SLF4JBridgeHandler;

/**
 * java.util.logging (Santuario's, the JDK's) written through SLF4J, so its lines come out in logback's format: UTC
 * date, thread, escaped text (session 41: they went to the JDK's console handler, dated in the machine's zone on two
 * lines, their text unescaped). logback.xml's LevelChangePropagator gives JUL logback's levels, so a record logback
 * would drop is not even built.
 */
public final class JavaLogging {
    private JavaLogging() {
    }

    /** Replaces JUL's root handlers by the bridge to SLF4J, once per JVM. */
    public static synchronized void throughSlf4j() {
        if (!SLF4JBridgeHandler.isInstalled()) {
            SLF4JBridgeHandler.removeHandlersForRootLogger();
            SLF4JBridgeHandler.install();
        }
    }
}
