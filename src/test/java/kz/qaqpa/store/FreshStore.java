package kz.qaqpa.store;

import java.nio.file.Path;
import kz.qaqpa.TemporaryDirectory;
import org.junit.jupiter.api.extension.AfterEachCallback;
import org.junit.jupiter.api.extension.BeforeEachCallback;
import org.junit.jupiter.api.extension.ExtensionContext;

/**
 * The real store, new and empty for each test: an HSQLDB file store in a directory of its own, opened (and migrated)
 * as the gateway opens it before the test's {@code @BeforeEach} methods, closed and removed after its
 * {@code @AfterEach} ones. Register it as a field: {@code @RegisterExtension final FreshStore store = new FreshStore();}
 */
public final class FreshStore implements BeforeEachCallback, AfterEachCallback {
    /** Two connections: a test may hold a transaction open on one thread while another works. */
    private static final int POOL_SIZE = 2;
    private Path dir;
    private Database db;

    @Override
    public void beforeEach(ExtensionContext context) {
        dir = TemporaryDirectory.create("qaqpa-store-");
        db = Database.hsqldbFile(dir.toString(), POOL_SIZE);
    }

    @Override
    public void afterEach(ExtensionContext context) {
        try {
            if (db != null) {
                db.close();
            }
        } finally {
            TemporaryDirectory.delete(dir);
        }
    }

    /** The directory of the test's store's files. */
    public Path dir() {
        return dir;
    }

    /** The test's store. */
    public Database db() {
        return db;
    }
}
