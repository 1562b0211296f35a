package kz.qaqpa.trust;

import java.lang.management.ManagementFactory;
import java.util.concurrent.atomic.LongAdder;
import javax.management.JMException;
import javax.management.ObjectName;
import javax.management.StandardMBean;

/**
 * How many XML signatures this JVM made and checked, for operators and the benchmark (JMX
 * {@value #OBJECT_NAME}, attributes {@code Signed}, {@code Verified} and the {@code Engine} in use). Counts every envelope and document
 * signature, the embedded mocks' included; costs one LongAdder increment each.
 */
public final class SignatureCounter {
    public static final String OBJECT_NAME = "kz.qaqpa:type=SignatureCounter";
    private static final LongAdder SIGNED = new LongAdder();
    private static final LongAdder VERIFIED = new LongAdder();

    /** The JMX view. */
    public interface View {
        long getSigned();

        long getVerified();

        /** The provider of SHA256withRSA now ({@link SignatureEngine#current()}). */
        String getEngine();
    }

    private static final class Counts implements View {
        @Override
        public long getSigned() {
            return SIGNED.sum();
        }

        @Override
        public long getVerified() {
            return VERIFIED.sum();
        }

        @Override
        public String getEngine() {
            return SignatureEngine.current();
        }
    }

    static {
        try {
            ObjectName name = new ObjectName(OBJECT_NAME);
            if (!ManagementFactory.getPlatformMBeanServer().isRegistered(name)) {
                ManagementFactory.getPlatformMBeanServer().registerMBean(
                        new StandardMBean(new Counts(), View.class), name);
            }
        } catch (JMException e) {
            throw new IllegalStateException("cannot register " + OBJECT_NAME, e);
        }
    }

    private SignatureCounter() {
    }

    /** Makes the JMX view visible before the first signature (touching the class registers it, once). */
    public static void register() {
    }

    static void signed() {
        SIGNED.increment();
    }

    static void verified() {
        VERIFIED.increment();
    }
}
