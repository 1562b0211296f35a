package kz.qaqpa.store;

import java.nio.file.Path;
import java.util.Optional;

/**
 * Ours (upgrade53): a start refused because another process holds the store (HSQLDB's lock file, its heartbeat kept
 * fresh past the wait for a dead process's lock: another gateway, or the message log's verifier, on the same
 * qaqpa.data-dir). It was HSQLDB's "lock acquisition failure" with a stack trace, and, while an upgrade's mark was
 * there, "the store's last schema upgrade did not complete" with the advice to restore the backup under the gateway
 * still upgrading the store.
 */
final class StoreInUse extends IllegalStateException {
    private StoreInUse(String why) {
        super(why);
    }

    /** The store in {@code directory} is held by another process; {@code upgrading}: what its upgrade's mark says. */
    static StoreInUse of(Path directory, Optional<String> upgrading) {
        String held = "the store in " + directory + " is in use by another process (HSQLDB's lock file "
                + directory.resolve("qaqpa.lck") + " is kept fresh by it)";
        return new StoreInUse(upgrading.map(left -> held + ", most likely a gateway upgrading it (" + left
                + "; marked by db/" + UpgradeMark.FILE + "): wait until that gateway serves (a large store's upgrade"
                + " takes minutes: docs/operations.md, Store schema versions) or stop it; the upgrade is not broken"
                + " while it runs, so restore no backup under it. Two gateways never share a store: start this one"
                + " only in its place").orElse(held + ": stop the other gateway (or the message log's verifier)"
                + " running on this store, or give this one a qaqpa.data-dir of its own, and start again"));
    }
}
