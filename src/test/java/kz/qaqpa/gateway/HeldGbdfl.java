package kz.qaqpa.gateway;

import java.util.concurrent.Semaphore;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import kz.qaqpa.document.person.PersonNotFound;
import kz.qaqpa.mocks.gbdfl.GbdflMock;
import kz.qaqpa.mocks.soap.SyncRegistryMock;
import kz.qaqpa.xml.Dom;
import org.w3c.dom.Element;

/**
 * ГБД ФЛ with the mock's persons and key, answering over real HTTP as the mock does, in the harness's mock's place;
 * while told to {@link #hold}, a look-up about the flooded person waits until {@link #letOneThrough let through} (at
 * most a minute). A slow state system for the tests that share the gateway's turns and workers among senders.
 */
final class HeldGbdfl extends SyncRegistryMock {
    /** More than any case sends: {@link #open} lets every held look-up through with them. */
    private static final int EVERY_ONE = 10_000;
    private final GbdflMock data;
    private final String flooded;
    private final Semaphore passes = new Semaphore(0);
    private volatile boolean holding;
    private final AtomicInteger heldNow = new AtomicInteger();
    private final AtomicInteger mostAtOnce = new AtomicInteger();

    private HeldGbdfl(GatewayHarness gateway, int port, GbdflMock data, String flooded) {
        super("ГБД ФЛ held for the flooded person", port, GbdflMock.PATH, gateway.pki().key("gbdfl"),
                gateway.gatewayCheck());
        this.data = data;
        this.flooded = flooded;
    }

    /** Stops the harness's ГБД ФЛ mock and starts one on its port that holds look-ups about {@code flooded}. */
    static HeldGbdfl inPlaceOfTheMock(GatewayHarness gateway, String flooded) {
        GbdflMock data = gateway.mocks().gbdfl();
        int port = data.port();
        data.stop();
        HeldGbdfl held = new HeldGbdfl(gateway, port, data, flooded);
        held.start();
        return held;
    }

    @Override
    protected Object lookup(Element request) {
        String iin = Dom.childElement(request, "iin").getTextContent().trim();
        if (holding && flooded.equals(iin)) {
            held();
        }
        PersonNotFound notFound = new PersonNotFound();
        notFound.setIin(iin);
        return data.find(iin).<Object>map(person -> person).orElse(notFound);
    }

    private void held() {
        mostAtOnce.accumulateAndGet(heldNow.incrementAndGet(), Math::max);
        try {
            passes.tryAcquire(1, TimeUnit.MINUTES);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        } finally {
            heldNow.decrementAndGet();
        }
    }

    void hold() {
        passes.drainPermits();
        mostAtOnce.set(0);
        holding = true;
    }

    void letOneThrough() {
        passes.release();
    }

    /** Lets every held look-up through, and holds none from now on. */
    void open() {
        holding = false;
        passes.release(EVERY_ONE);
    }

    int heldNow() {
        return heldNow.get();
    }

    int mostAtOnce() {
        return mostAtOnce.get();
    }
}
