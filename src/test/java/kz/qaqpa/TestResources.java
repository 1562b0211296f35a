package kz.qaqpa;

import java.io.IOException;
import java.io.InputStream;
import java.io.StringReader;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.util.Properties;

/** The one way tests read a file of the class path (src/test/resources, or the gateway's own resources). */
public final class TestResources {
    private TestResources() {
    }

    /** The bytes of the resource at {@code path} (relative to the class path's root); a missing one fails clearly. */
    public static byte[] read(String path) {
        try (InputStream in = TestResources.class.getResourceAsStream("/" + path)) {
            if (in == null) {
                throw new IllegalArgumentException("no test resource " + path);
            }
            return in.readAllBytes();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** The properties file at {@code path}, e.g. the gateway's application.properties or the tests' overrides. */
    public static Properties properties(String path) {
        Properties properties = new Properties();
        try {
            properties.load(new StringReader(new String(read(path), StandardCharsets.UTF_8)));
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        return properties;
    }
}
