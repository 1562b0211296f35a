package kz.qaqpa;

import java.lang.management.ManagementFactory;
import java.util.HashMap;
import java.util.Map;

/** The one way tests measure what code allocates: the bytes every thread of this JVM allocated while it ran. */
public final class Allocations {
    private Allocations() {
    }

    /** Bytes the threads of this JVM allocated while {@code work} ran (a thread started meanwhile counts from zero). */
    public static long during(Runnable work) {
        var threads = (com.sun.management.ThreadMXBean) ManagementFactory.getThreadMXBean();
        Map<Long, Long> before = allocated(threads);
        work.run();
        long total = 0;
        for (Map.Entry<Long, Long> after : allocated(threads).entrySet()) {
            total += after.getValue() - before.getOrDefault(after.getKey(), 0L);
        }
        return total;
    }

    private static Map<Long, Long> allocated(com.sun.management.ThreadMXBean threads) {
        long[] ids = threads.getAllThreadIds();
        long[] bytes = threads.getThreadAllocatedBytes(ids);
        Map<Long, Long> byThread = new HashMap<>();
        for (int i = 0; i < ids.length; i++) {
            if (bytes[i] >= 0) {
                byThread.put(ids[i], bytes[i]);
            }
        }
        return byThread;
    }
}
