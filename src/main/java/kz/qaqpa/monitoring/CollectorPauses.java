package kz.qaqpa.monitoring;

import com.sun.management.GarbageCollectionNotificationInfo;
import com.sun.management.GcInfo;
import java.lang.management.GarbageCollectorMXBean;
import java.lang.management.ManagementFactory;
import java.lang.management.MemoryUsage;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import javax.management.ListenerNotFoundException;
import javax.management.Notification;
import javax.management.NotificationEmitter;
import javax.management.NotificationListener;
import javax.management.openmbean.CompositeData;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Logs every garbage collection pause at least qaqpa.monitoring.gc-pause-log long, one WARN line each (collector,
 * cause, pause, heap before and after): every request waits a pause out, and a long one looked in the benchmark's p99
 * just like a store checkpoint, of which the log said nothing either (session 47). Told by the collectors' JMX
 * notifications; a concurrent collector's cycle (ZGC's, Shenandoah's "Cycles") is no pause and is skipped. The pauses'
 * meter is Micrometer's own (jvm_gc_pause_seconds, {@link GatewayMetrics#watchCollector}).
 */
public final class CollectorPauses implements AutoCloseable {
    private static final Logger LOG = LoggerFactory.getLogger(CollectorPauses.class);
    private static final double MB = 1024.0 * 1024.0;
    private final long thresholdMillis;
    private final List<NotificationEmitter> emitters = new ArrayList<>();
    private final NotificationListener listener = this::notified;
    /** The heap's pools (a collection's usage maps hold metaspace and the code cache too). */
    private final java.util.Set<String> heapPools = ManagementFactory.getMemoryPoolMXBeans().stream()
            .filter(p -> p.getType() == java.lang.management.MemoryType.HEAP)
            .map(java.lang.management.MemoryPoolMXBean::getName).collect(java.util.stream.Collectors.toSet());

    /** Starts listening to every collector of this JVM; {@code threshold} 0 logs every pause. */
    public CollectorPauses(Duration threshold) {
        if (threshold.isNegative()) {
            throw new IllegalArgumentException("qaqpa.monitoring.gc-pause-log must not be negative: " + threshold);
        }
        this.thresholdMillis = threshold.toMillis();
        for (GarbageCollectorMXBean gc : ManagementFactory.getGarbageCollectorMXBeans()) {
            if (gc instanceof NotificationEmitter emitter) {
                emitter.addNotificationListener(listener, null, null);
                emitters.add(emitter);
            }
        }
    }

    private void notified(Notification n, Object handback) {
        if (!GarbageCollectionNotificationInfo.GARBAGE_COLLECTION_NOTIFICATION.equals(n.getType())) {
            return;
        }
        GarbageCollectionNotificationInfo info = GarbageCollectionNotificationInfo.from((CompositeData) n.getUserData());
        GcInfo gc = info.getGcInfo();
        if (isCycle(info) || gc.getDuration() < thresholdMillis) {
            return;
        }
        LOG.warn("garbage collection pause of {} ms ({}, {}, cause: {}): heap {} MB before, {} MB after; every request"
                        + " waited meanwhile", gc.getDuration(), info.getGcName(), info.getGcAction(), info.getGcCause(),
                mb(gc.getMemoryUsageBeforeGc()), mb(gc.getMemoryUsageAfterGc()));
    }

    /** A concurrent collector's whole cycle, reported beside its pauses: not a time every thread stood still. */
    private static boolean isCycle(GarbageCollectionNotificationInfo info) {
        return info.getGcName().endsWith("Cycles") || info.getGcAction().contains("cycle");
    }

    private String mb(Map<String, MemoryUsage> pools) {
        long used = pools.entrySet().stream().filter(p -> heapPools.contains(p.getKey()))
                .mapToLong(p -> p.getValue().getUsed()).sum();
        return String.format(Locale.ROOT, "%.1f", used / MB);
    }

    @Override
    public void close() {
        for (NotificationEmitter emitter : emitters) {
            try {
                emitter.removeNotificationListener(listener);
            } catch (ListenerNotFoundException e) {
                // already gone
            }
        }
    }
}
