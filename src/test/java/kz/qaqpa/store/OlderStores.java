package kz.qaqpa.store;

import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.List;
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

    /** The URL that reads the store in {@code directory} without writing any of its files (none made if absent). */
    public static String readOnly(Path directory) {
        return "jdbc:hsqldb:file:" + directory + "/qaqpa;readonly=true;ifexists=true";
    }

    /** The versions in the schema history of the store at {@code url}, in their order; the database shut down after. */
    public static List<String> schemaVersions(String url) throws SQLException {
        try (Connection c = DriverManager.getConnection(url, "SA", ""); Statement s = c.createStatement();
                ResultSet rs = s.executeQuery("SELECT \"version\" FROM \"flyway_schema_history\""
                        + " ORDER BY \"installed_rank\"")) {
            List<String> versions = new ArrayList<>();
            while (rs.next()) {
                versions.add(rs.getString(1));
            }
            s.execute("SHUTDOWN");
            return versions;
        }
    }
}
