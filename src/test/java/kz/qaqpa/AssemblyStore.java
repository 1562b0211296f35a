package kz.qaqpa;

import kz.qaqpa.store.Database;

/** The running gateway's store, for tests that work in its transactions (the assembly keeps it to its package). */
public final class AssemblyStore {
    private AssemblyStore() {
    }

    public static Database db(GatewayAssembly assembly) {
        return assembly.store.db();
    }
}
