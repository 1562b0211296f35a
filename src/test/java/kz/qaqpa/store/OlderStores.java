package kz.qaqpa.store;

import org.flywaydb.core.Flyway;
import org.hsqldb.jdbc.JDBCDataSource;

/** Stores as earlier releases left them, for the tests of what reads or upgrades them. */
public final class OlderStores {
    private OlderStores() {
    }

    /**
     * Makes the store in {@code directory} with the schema up to {@code version}, as the release of that version left
     * it; returns its JDBC URL (the database is left open in this JVM: add data, then SHUTDOWN).
     */
    public static String atVersion(String directory, String version) {
        String url = "jdbc:hsqldb:file:" + directory + "/qaqpa;hsqldb.tx=mvcc";
        JDBCDataSource source = new JDBCDataSource();
        source.setUrl(url);
        source.setUser("SA");
        Flyway.configure().dataSource(source).locations("classpath:store/migration").target(version).load().migrate();
        return url;
    }
}
