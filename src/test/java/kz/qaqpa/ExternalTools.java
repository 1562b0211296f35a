package kz.qaqpa;

import java.io.IOException;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Assertions;
import org.junit.jupiter.api.Assumptions;

/**
 * Whether a program the tests run against (xmlsec1, openssl, python3 with cryptography) is installed here. A test that
 * compares with one where it is missing is reported skipped with the reason; with the system property
 * {@value #REQUIRED}{@code =true} (interop48: a run that must compare with every toolkit, e.g. CI where they are
 * installed) it fails instead, so a missing program cannot pass unnoticed.
 */
public final class ExternalTools {
    /** {@code -Dqaqpa.test.require-tools=true}: a test needing a program that does not run here fails, not skips. */
    public static final String REQUIRED = "qaqpa.test.require-tools";
    private static final long WAIT_SECONDS = 10;

    private ExternalTools() {
    }

    /** Goes on where xmlsec1 runs ({@link #assumeRuns}: skipped, or failed with {@value #REQUIRED}, where not). */
    public static void assumeXmlsec1() {
        assumeRuns("xmlsec1 is not installed (apt-get install xmlsec1)", "xmlsec1", "--version");
    }

    /** Goes on where curl runs ({@link #assumeRuns}). */
    public static void assumeCurl() {
        assumeRuns("curl is not installed (apt-get install curl)", "curl", "--version");
    }

    /**
     * A Python 3 interpreter that imports {@code modules} (comma-separated): {@code python3} on the PATH, else Debian's
     * {@code /usr/bin/python3} (where Debian's python3-* packages are, when the PATH's is another, e.g. pyenv's); where
     * none does, {@link #assumeRuns} (skipped saying {@code missing}, or failed with {@value #REQUIRED}).
     */
    public static String python(String missing, String modules) {
        for (String python : List.of("python3", "/usr/bin/python3")) {
            if (runs(python, "-c", "import " + modules)) {
                return python;
            }
        }
        assumeRuns(missing, "python3", "-c", "import " + modules);
        return "python3";
    }

    /** Whether {@code command} (e.g. {@code openssl version}) runs and exits 0. */
    public static boolean runs(String... command) {
        try {
            Process p = new ProcessBuilder(command).redirectErrorStream(true).start();
            p.getInputStream().readAllBytes();
            return p.waitFor(WAIT_SECONDS, TimeUnit.SECONDS) && p.exitValue() == 0;
        } catch (IOException e) {
            return false;
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return false;
        }
    }

    /**
     * Goes on when {@code command} runs; else skips the calling test, saying {@code missing} (what is missing and how
     * to install it), or fails it when {@value #REQUIRED} is true.
     */
    public static void assumeRuns(String missing, String... command) {
        if (runs(command)) {
            return;
        }
        if (Boolean.getBoolean(REQUIRED)) {
            Assertions.fail(missing + " (" + REQUIRED + "=true asks for it)");
        }
        Assumptions.abort(missing + " (-D" + REQUIRED + "=true makes this a failure)");
    }
}
