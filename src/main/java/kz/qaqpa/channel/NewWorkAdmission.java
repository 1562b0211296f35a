package kz.qaqpa.channel;

import kz.qaqpa.fault.FaultCode;
import kz.qaqpa.fault.ShepException;
import kz.qaqpa.store.StoreDisk;
import org.apache.camel.Exchange;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * A route step before new work (an application's intake, a sync look-up): none is taken while the store's disk is
 * short of the space kept for the work already taken (qaqpa.store.min-free-bytes; SCE912, send again later). Results,
 * events, polls, acknowledgements and status queries of what was taken go on (ours).
 */
public final class NewWorkAdmission {
    private static final Logger LOG = LoggerFactory.getLogger(NewWorkAdmission.class);
    private final StoreDisk disk;

    public NewWorkAdmission(StoreDisk disk) {
        this.disk = disk;
    }

    /** Goes on when the store's disk has the space kept free; SCE912 otherwise. */
    public void admit(Exchange exchange) {
        disk.shortage().ifPresent(shortage -> {
            LOG.error("session {} new work not taken: {}", exchange.getVariable("sessionId", String.class), shortage);
            throw new ShepException(FaultCode.STORE_UNAVAILABLE, FaultCode.STORE_UNAVAILABLE.text());
        });
    }
}
