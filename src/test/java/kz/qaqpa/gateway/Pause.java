package kz.qaqpa.gateway;

import java.time.Duration;

/** The tests' one way to wait a while: an interrupted test stops (the flag kept) instead of polling on. */
final class Pause {
    private Pause() {
    }

    static void sleep(Duration duration) {
        try {
            Thread.sleep(duration.toMillis());
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException("interrupted while waiting", e);
        }
    }
}
