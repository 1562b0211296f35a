package kz.qaqpa.mocks.walkthrough;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.util.Locale;
import java.util.Properties;
import kz.qaqpa.Settings;

/**
 * The gateway's settings as the gateway itself sees them, for tools that talk to a running gateway:
 * application.properties from the classpath, overridden by environment variables (upper case, dots and dashes as
 * underscores: QAQPA_HTTP_PORT) and by {@code -Dkey=value}.
 */
public final class GatewaySettings {
    private GatewaySettings() {
    }

    public static Settings read() {
        Properties file = new Properties();
        try (InputStream in = GatewaySettings.class.getClassLoader().getResourceAsStream("application.properties")) {
            if (in == null) {
                throw new IllegalStateException("application.properties is not on the classpath");
            }
            file.load(in);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        return new Settings(key -> {
            String value = System.getProperty(key);
            if (value == null) {
                value = System.getenv(key.toUpperCase(Locale.ROOT).replace('.', '_').replace('-', '_'));
            }
            return value != null ? value : file.getProperty(key);
        });
    }
}
