package kz.qaqpa.evidence;

import java.io.IOException;
import java.io.PrintStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.HashMap;
import java.util.Map;
import kz.qaqpa.Settings;
import kz.qaqpa.TrustSetup;
import kz.qaqpa.store.Database;
import kz.qaqpa.store.MessageChain;

/**
 * The message log's command line (run it while the gateway is stopped: the embedded store admits one process).
 *
 * <pre>
 * java -cp qaqpa.jar kz.qaqpa.evidence.LogVerifier [--data-dir DIR]                      verify the whole log
 * java -cp qaqpa.jar kz.qaqpa.evidence.LogVerifier [--data-dir DIR] --export ID FILE.zip export one application
 * java -cp qaqpa.jar kz.qaqpa.evidence.LogVerifier [--data-dir DIR] --verify-export FILE.zip [--head HASH]
 * </pre>
 *
 * Trust comes from the configuration as the gateway reads it (application.properties, environment, -D): the test
 * PKI's root in DIR/pki, or qaqpa.trust.root and .intermediates. Exit code 0: verified; 1: a bad record (named on
 * the output); 2: wrong use or nothing to do.
 */
public final class LogVerifier {
    public static final int VERIFIED = 0;
    public static final int BAD = 1;
    public static final int USAGE = 2;

    private LogVerifier() {
    }

    public static void main(String[] args) {
        System.exit(run(args, System.out));
    }

    public static int run(String[] args, PrintStream out) {
        Map<String, String> options = new HashMap<>();
        for (int i = 0; i < args.length; i++) {
            switch (args[i]) {
                case "--data-dir", "--head", "--verify-export" -> options.put(args[i], value(args, ++i));
                case "--export" -> {
                    options.put("--export", value(args, ++i));
                    options.put("file", value(args, ++i));
                }
                default -> {
                    out.println("unknown argument " + args[i]);
                    return USAGE;
                }
            }
        }
        if (options.containsValue(null)) {
            out.println("usage: LogVerifier [--data-dir DIR] [--export CORRELATION_ID FILE.zip | --verify-export FILE.zip"
                    + " [--head HASH]]");
            return USAGE;
        }
        Map<String, String> overrides = new HashMap<>();
        if (options.containsKey("--data-dir")) {
            overrides.put("qaqpa.data-dir", options.get("--data-dir"));
        }
        Settings settings = Settings.standalone(overrides);
        RecordCheck check;
        try {
            check = new RecordCheck(TrustSetup.trustedCertificates(settings));
        } catch (IllegalStateException e) {
            out.println("no trusted certificates to verify with: " + e.getMessage()
                    + (e.getCause() == null ? "" : " (" + e.getCause() + ")"));
            return USAGE;
        }
        try {
            if (options.containsKey("--verify-export")) {
                return report(out, ApplicationExport.verify(Path.of(options.get("--verify-export")), check,
                        options.get("--head")));
            }
            Path store = Path.of(settings.get("qaqpa.data-dir")).resolve("db");
            if (!Files.exists(store.resolve("qaqpa.properties"))) {
                out.println("no store in " + store + " (--data-dir names the gateway's data directory)");
                return USAGE;
            }
            try (Database db = Database.hsqldbFile(store.toString(), 1)) {
                MessageChain chain = new MessageChain(db);
                if (options.containsKey("--export")) {
                    int count = ApplicationExport.write(chain, options.get("--export"), Path.of(options.get("file")));
                    out.println(count == 0 ? "no records of application " + options.get("--export")
                            : "exported " + count + " records of application " + options.get("--export") + " to "
                            + options.get("file"));
                    return count == 0 ? USAGE : VERIFIED;
                }
                return report(out, new ChainCheck(chain, check).run());
            }
        } catch (IOException e) {
            out.println("cannot read or write: " + e.getMessage());
            return USAGE;
        }
    }

    private static int report(PrintStream out, Verdict verdict) {
        out.println(verdict);
        return verdict.ok() ? VERIFIED : BAD;
    }

    private static String value(String[] args, int i) {
        return i < args.length ? args[i] : null;
    }
}
