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
 * java -cp qaqpa.jar kz.qaqpa.evidence.LogVerifier [--data-dir DIR] [--head SEQ:HASH]     verify the whole log
 * java -cp qaqpa.jar kz.qaqpa.evidence.LogVerifier [--data-dir DIR] --export ID FILE.zip export one application
 * java -cp qaqpa.jar kz.qaqpa.evidence.LogVerifier [--data-dir DIR] --verify-export FILE.zip [--head SEQ:HASH]
 * </pre>
 *
 * {@code --head} is a head noted earlier (as the verification prints it, or its hash alone): the chain must still
 * pass through it.
 *
 * While the gateway runs, the operator console does the first two ({@code GET /message-log/verify},
 * {@code GET /message-log/export/{correlationId}}).
 *
 * Trust comes from the configuration as the gateway reads it (application.properties, environment, -D): the test
 * PKI's root in DIR/pki, or qaqpa.trust.root and .intermediates. Exit code 0: verified; 1: a bad record (named on
 * the output); 2: wrong use, nothing to do, or an export in a format this verifier does not read.
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
        if (options.containsValue(null) || (options.containsKey("--head") && options.containsKey("--export"))) {
            out.println("usage: LogVerifier [--data-dir DIR] [--head SEQ:HASH | --export CORRELATION_ID FILE.zip"
                    + " | --verify-export FILE.zip [--head SEQ:HASH]]");
            return USAGE;
        }
        if (options.containsKey("--head")) {
            try {
                NotedHead.parse(options.get("--head"));
            } catch (IllegalArgumentException e) {
                out.println(e.getMessage());
                return USAGE;
            }
        }
        Map<String, String> overrides = new HashMap<>();
        if (options.containsKey("--data-dir")) {
            overrides.put("qaqpa.data-dir", options.get("--data-dir"));
        }
        Settings settings = Settings.standalone(overrides);
        TrustSetup.TrustedCertificates trusted;
        try {
            trusted = TrustSetup.trustedCertificates(settings);
        } catch (IllegalStateException e) {
            out.println("no trusted certificates to verify with: " + e.getMessage()
                    + (e.getCause() == null ? "" : " (" + e.getCause() + ")"));
            return USAGE;
        }
        try {
            if (options.containsKey("--verify-export")) {
                return report(out, MessageLogEvidence.verifyExport(Path.of(options.get("--verify-export")), trusted,
                        options.get("--head")));
            }
            Path store = Path.of(settings.get("qaqpa.data-dir")).resolve("db");
            if (!Files.exists(store.resolve("qaqpa.properties"))) {
                out.println("no store in " + store + " (--data-dir names the gateway's data directory)");
                return USAGE;
            }
            try (Database db = Database.hsqldbFile(store.toString(), 1)) {
                MessageLogEvidence evidence = new MessageLogEvidence(new MessageChain(db), trusted);
                if (options.containsKey("--export")) {
                    Path file = Path.of(options.get("file"));
                    if (!evidence.export(options.get("--export"), () -> Files.newOutputStream(file))) {
                        out.println("no records of application " + options.get("--export"));
                        return USAGE;
                    }
                    out.println("exported application " + options.get("--export") + " to " + options.get("file"));
                    return VERIFIED;
                }
                return report(out, evidence.verify(options.get("--head")));
            }
        } catch (ExportCheck.UnreadableExport e) {
            out.println(e.getMessage());
            return USAGE;
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
