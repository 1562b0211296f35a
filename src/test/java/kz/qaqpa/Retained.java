package kz.qaqpa;

import java.lang.ref.WeakReference;

/** The one way tests ask whether something is still held: a weak reference to it, after collections. */
public final class Retained {
    private Retained() {
    }

    /** Whether {@code reference} still names its object after up to 50 collections, 20 ms apart. */
    public static boolean stillHeld(WeakReference<?> reference) throws InterruptedException {
        for (int i = 0; i < 50 && reference.get() != null; i++) {
            System.gc();
            Thread.sleep(20);
        }
        return reference.get() != null;
    }
}
