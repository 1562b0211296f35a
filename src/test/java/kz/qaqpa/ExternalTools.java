package kz.qaqpa;

import java.io.IOException;
import java.util.concurrent.TimeUnit;

/** Whether a program the tests run against (xmlsec1, openssl) is installed here: the tests that need one skip else. */
public final class ExternalTools {
    private static final long WAIT_SECONDS = 10;

    private ExternalTools() {
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
}
