package kz.qaqpa;

import java.lang.management.ManagementFactory;
import java.util.HashMap;
import java.util.Map;
import java.util.function.Predicate;

/** The one way tests measure what code allocates: the bytes every thread of this JVM allocated while it ran. */
public final class Allocations {
    private Allocations() {
    }

    /** Bytes the threads of this JVM allocated while {@code work} ran (a thread started meanwhile counts from zero). */
    public static long during(Runnable work) {
        return during(name -> true, work);
    }

    /**
     * As {@link #during(Runnable)}, counting only the threads whose names {@code named} takes (a server's, so that the
     * store's and timers' allocations meanwhile do not count).
     */
    public static long during(Predicate<String> named, Runnable work) {
        var threads = (com.sun.management.ThreadMXBean) ManagementFactory.getThreadMXBean();
        Map<Long, Long> before = allocated(threads, named);
        work.run();
        long total = 0;
        for (Map.Entry<Long, Long> after : allocated(threads, named).entrySet()) {
            total += after.getValue() - before.getOrDefault(after.getKey(), 0L);
        }
        return total;
    }

    private static Map<Long, Long> allocated(com.sun.management.ThreadMXBean threads, Predicate<String> named) {
        long[] ids = threads.getAllThreadIds();
        long[] bytes = threads.getThreadAllocatedBytes(ids);
        Map<Long, Long> byThread = new HashMap<>();
        for (int i = 0; i < ids.length; i++) {
            var info = threads.getThreadInfo(ids[i]);
            if (bytes[i] >= 0 && info != null && named.test(info.getThreadName())) {
                byThread.put(ids[i], bytes[i]);
            }
        }
        return byThread;
    }
}
