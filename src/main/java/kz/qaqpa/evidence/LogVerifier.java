package kz.qaqpa.evidence;

import java.io.IOException;
import java.io.PrintStream;
import java.nio.file.AccessDeniedException;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.time.Clock;
import java.util.HashMap;
import java.util.Map;
import java.util.Optional;
import java.util.UUID;
import java.util.zip.ZipException;
import kz.qaqpa.settings.GatewayProperties;
import kz.qaqpa.settings.Settings;
import kz.qaqpa.TrustSetup;
import kz.qaqpa.monitoring.JavaLogging;
import kz.qaqpa.store.ChainStamps;
import kz.qaqpa.store.Database;
import kz.qaqpa.store.MessageChain;
import kz.qaqpa.store.RulesInForce;
import org.slf4j.LoggerFactory;

/**
 * The message log's command line (run it while the gateway is stopped: the embedded store admits one process). It
 * reads the store as it is, read-only and never migrated; a store whose schema is older or newer than this version's
 * is not read.
 *
 * <pre>
 * java -cp qaqpa.jar kz.qaqpa.evidence.LogVerifier [--data-dir DIR] [--head SEQ:HASH]     verify the whole log
 * (each also takes [--archives DIR]: where the archive files are, if not in qaqpa.log.archive.dir)
 * (each also takes [--gateway-bin BIN]: the gateway's БИН where its key is not configured)
 * (each also takes [-propertiesLocation LOCATION] or [-pl LOCATION]: the gateway's own option, read alike)
 * java -cp qaqpa.jar kz.qaqpa.evidence.LogVerifier [--data-dir DIR] --export ID FILE.zip export one application
 * java -cp qaqpa.jar kz.qaqpa.evidence.LogVerifier [--data-dir DIR] --verify-export FILE.zip [--head SEQ:HASH]
 * java -cp qaqpa.jar kz.qaqpa.evidence.LogVerifier [--data-dir DIR] --verify-archives DIR [--head SEQ:HASH]
 *                                                     the archive files alone, by their seals, without the store
 * </pre>
 *
 * {@code --head} is a head noted earlier (as the verification prints it, or its hash alone): the chain must still
 * pass through it.
 *
 * While the gateway runs, the operator console does the first two ({@code GET /message-log/verify},
 * {@code GET /message-log/export/{correlationId}}).
 *
 * Trust comes from the configuration as the gateway reads it (application.properties, or the location given with
 * Camel Main's {@code -propertiesLocation} as to the gateway; environment, -D; {@link GatewayProperties}): the test
 * PKI's root in DIR/pki, or qaqpa.trust.root and .intermediates. The gateway's own records must be signed by a
 * certificate naming the gateway's БИН: that of its configured key (qaqpa.keystore.*, or the test PKI's gateway key
 * in DIR/pki), else qaqpa.gateway.bin or {@code --gateway-bin} ({@link TrustSetup#gatewayBin}); the answers to its
 * calls by the organisation called, as qaqpa.adapter.*.bin and qaqpa.sender.*.bin name it ({@link CalledSystems}).
 * It prints one line on
 * standard output: the verdict, or why nothing was checked; the log's warnings go to standard error. Exit code 0:
 * verified; 1: a bad record (named on the output); 2: the check did not run (wrong use, no store or trusted
 * certificates, the gateway's БИН contradicted (not known: the rest is checked, a warning says what was not), the
 * store in use by the running gateway, a store whose schema is not this version's, a file that cannot be read or
 * written or is no zip, an export in a format this verifier does not read, nothing logged for the application).
 */
public final class LogVerifier {
    public static final int VERIFIED = 0;
    public static final int BAD = 1;
    public static final int USAGE = 2;
    private static final String USAGE_LINE = "usage: LogVerifier [-propertiesLocation LOCATION] [--data-dir DIR]"
            + " [--archives DIR] [--gateway-bin BIN]"
            + " [--head SEQ:HASH"
            + " | --export CORRELATION_ID FILE.zip | --verify-export FILE.zip [--head SEQ:HASH]"
            + " | --verify-archives DIR [--head SEQ:HASH]]";
    /** Warnings only, on standard error: standard output holds the verdict alone (set before anything logs). */
    private static final String LOGGING = "logback-verifier.xml";
    /** The options that stand for a setting of the gateway's configuration, and that setting. */
    private static final Map<String, String> SETTING_OPTIONS = Map.of("--data-dir", "qaqpa.data-dir",
            "--gateway-bin", "qaqpa.gateway.bin", "--archives", "qaqpa.log.archive.dir");

    private LogVerifier() {
    }

    public static void main(String[] args) {
        if (System.getProperty("logback.configurationFile") == null) {
            System.setProperty("logback.configurationFile", LOGGING);
        }
        System.exit(run(args, System.out));
    }

    public static int run(String[] args, PrintStream out) {
        JavaLogging.throughSlf4j(); // Santuario's warnings (JUL) on standard error in the log's format, as the gateway's
        Map<String, String> options = options(args, out);
        if (options == null) {
            return USAGE;
        }
        try {
            Settings settings = settings(options);
            TrustSetup.TrustedCertificates trusted = trustedCertificates(settings);
            String gatewayBin = gatewayBin(settings);
            return verify(out, options, settings, trusted, gatewayBin);
        } catch (Refused e) {
            out.println(e.getMessage());
            return USAGE;
        }
    }

    /** A step before the verification that cannot be taken: its one line is printed, the exit code is {@link #USAGE}. */
    private static final class Refused extends RuntimeException {
        Refused(String line) {
            super(line, null, false, false);
        }
    }

    /** The gateway's configuration as it was started ({@code -propertiesLocation}), the options' settings over it. */
    private static Settings settings(Map<String, String> options) {
        try {
            return GatewayProperties.read(options.containsKey(GatewayProperties.OPTION)
                    ? GatewayProperties.OPTION : null, options.get(GatewayProperties.OPTION), overrides(options));
        } catch (IllegalStateException e) {
            throw new Refused(e.getMessage());
        }
    }

    private static TrustSetup.TrustedCertificates trustedCertificates(Settings settings) {
        try {
            return TrustSetup.trustedCertificates(settings);
        } catch (IllegalStateException e) {
            throw new Refused("no trusted certificates to verify with: " + e.getMessage()
                    + (e.getCause() == null ? "" : " (" + e.getCause() + ")"));
        }
    }

    /** The gateway's БИН, or null (warned of): an auditor with the trust roots but not the БИН still verifies the rest. */
    private static String gatewayBin(Settings settings) {
        String gatewayBin;
        try {
            gatewayBin = TrustSetup.gatewayBin(settings).orElse(null);
        } catch (IllegalStateException e) {
            throw new Refused("cannot tell the gateway's own records: " + e.getMessage());
        }
        if (gatewayBin == null) {
            LoggerFactory.getLogger(LogVerifier.class).warn("the gateway's БИН is not known (no gateway key"
                    + " configured, no qaqpa.gateway.bin or --gateway-bin): whose organisation signed the gateway's own"
                    + " records is not checked");
        }
        return gatewayBin;
    }

    /** What the options ask: archives without the store, an export, or the store's log (exported, verified). */
    private static int verify(PrintStream out, Map<String, String> options, Settings settings,
                              TrustSetup.TrustedCertificates trusted, String gatewayBin) {
        CalledSystems called = CalledSystems.of(settings);
        if (options.containsKey("--verify-archives")) {
            return verifyArchives(out, options.get("--verify-archives"), trusted, gatewayBin, called,
                    options.get("--head"));
        }
        return options.containsKey("--verify-export")
                ? verifyExport(out, options.get("--verify-export"), trusted, gatewayBin, called, options.get("--head"))
                : withStore(out, settings, trusted, gatewayBin, called, options);
    }

    /** The settings the options {@link #SETTING_OPTIONS} stand for, where given. */
    private static Map<String, String> overrides(Map<String, String> options) {
        Map<String, String> overrides = new HashMap<>();
        SETTING_OPTIONS.forEach((option, key) -> {
            if (options.containsKey(option)) {
                overrides.put(key, options.get(option));
            }
        });
        return overrides;
    }

    /** The arguments by option, or null when they are wrong (said on {@code out}). */
    private static Map<String, String> options(String[] args, PrintStream out) {
        Map<String, String> options = new HashMap<>();
        for (int i = 0; i < args.length; i++) {
            switch (args[i]) {
                case "--data-dir", "--gateway-bin", "--head", "--verify-export", "--archives", "--verify-archives" ->
                        options.put(args[i], value(args, ++i));
                case GatewayProperties.OPTION, GatewayProperties.SHORT_OPTION ->
                        options.put(GatewayProperties.OPTION, value(args, ++i));
                case "--export" -> {
                    options.put("--export", value(args, ++i));
                    options.put("file", value(args, ++i));
                }
                default -> {
                    out.println("unknown argument " + args[i] + "; " + USAGE_LINE);
                    return null;
                }
            }
        }
        if (options.containsValue(null)) {
            out.println(USAGE_LINE);
            return null;
        }
        Optional<String> misuse = misuse(options);
        if (misuse.isPresent()) {
            out.println(misuse.get());
            return null;
        }
        return options;
    }

    /** Why the options, each with its value, are wrong together (or --head is not a head), or empty. */
    private static Optional<String> misuse(Map<String, String> options) {
        if (options.containsKey("--head") && options.containsKey("--export")) {
            return Optional.of("--head is checked by a verification (of the whole log or --verify-export), not by"
                    + " --export; " + USAGE_LINE);
        }
        if (options.containsKey("--verify-archives") && (options.containsKey("--export")
                || options.containsKey("--verify-export") || options.containsKey("--archives"))) {
            return Optional.of("--verify-archives names the directory it verifies alone; " + USAGE_LINE);
        }
        try {
            if (options.containsKey("--head")) {
                NotedHead.parse(options.get("--head"));
            }
        } catch (IllegalArgumentException e) {
            return Optional.of(e.getMessage());
        }
        return Optional.empty();
    }

    private static int verifyExport(PrintStream out, String file, TrustSetup.TrustedCertificates trusted,
                                    String gatewayBin, CalledSystems called, String head) {
        try {
            return report(out, MessageLogEvidence.verifyExport(Path.of(file), trusted, gatewayBin, called, head));
        } catch (ExportCheck.UnreadableExport e) {
            out.println(e.getMessage());
            return USAGE;
        } catch (IOException e) {
            out.println(cannot("read the export " + file, e));
            return USAGE;
        }
    }

    private static int verifyArchives(PrintStream out, String dir, TrustSetup.TrustedCertificates trusted,
                                      String gatewayBin, CalledSystems called, String head) {
        try {
            return report(out, MessageLogEvidence.verifyArchives(Path.of(dir), trusted, gatewayBin, called, head));
        } catch (IOException e) {
            out.println(cannot("list the archive files in " + dir, e));
            return USAGE;
        }
    }

    /** Verifies the whole log, or exports an application, from the store (which the gateway must not hold). */
    private static int withStore(PrintStream out, Settings settings, TrustSetup.TrustedCertificates trusted,
                                 String gatewayBin, CalledSystems called, Map<String, String> options) {
        Path store = Path.of(settings.get("qaqpa.data-dir")).resolve("db");
        if (!Files.exists(store.resolve("qaqpa.properties"))) {
            out.println("no store in " + store + " (--data-dir names the gateway's data directory)");
            return USAGE;
        }
        Database db;
        try {
            db = Database.readOnlyFile(store.toString());
        } catch (Database.SchemaMismatch e) {
            out.println("the store in " + store + " is not read: " + e.getMessage() + "; verify it with the Qaqpa"
                    + " version whose gateway last ran on it (an older store can also be upgraded by starting this"
                    + " version's gateway on it: the upgrade re-hashes no record)");
            return USAGE;
        } catch (RuntimeException e) {
            out.println(storeUnavailable(store, e));
            return USAGE;
        }
        try (db) {
            MessageChain chain = new MessageChain(db);
            MessageLogEvidence evidence = new MessageLogEvidence(chain, new ChainStamps(db), trusted, gatewayBin,
                    called, MessageLogArchive.of(chain, new ChainStamps(db), settings, null,
                            Clock.systemUTC(), null), new RulesInForce(db)); // only read: it never archives
            return options.containsKey("--export") ? export(out, evidence, options.get("--export"), options.get("file"))
                    : report(out, evidence.verify(options.get("--head")));
        }
    }

    private static int export(PrintStream out, MessageLogEvidence evidence, String correlationId, String file) {
        try {
            if (!exportWhole(evidence, correlationId, Path.of(file))) {
                out.println("nothing is logged for application " + correlationId + " (its correlationId as the gateway"
                        + " gave it, e.g. {0a080880-c62d-4f2f-b9ba-32367f720e9a}; the braces may be left out)");
                return USAGE;
            }
        } catch (IOException e) {
            out.println(cannot("export application " + correlationId + " to " + file, e));
            return USAGE;
        } catch (Database.StoreException e) {
            out.println("cannot export application " + correlationId + " to " + file + ": the store failed: "
                    + e.getMessage());
            return USAGE;
        }
        out.println("exported application " + correlationId + " to " + file);
        return VERIFIED;
    }

    /**
     * Writes the export to a file of its own beside {@code file} and moves it into place once complete, so an export
     * that fails leaves no file behind (a partial zip would be taken for an export) and an earlier file of that name
     * stays as it was. False, and nothing written, when nothing is logged for the application.
     */
    private static boolean exportWhole(MessageLogEvidence evidence, String correlationId, Path file)
            throws IOException {
        Path target = file.toAbsolutePath();
        Path partial = target.resolveSibling("." + target.getFileName() + "." + UUID.randomUUID() + ".part");
        try {
            boolean exported = evidence.export(correlationId,
                    () -> Files.newOutputStream(partial, StandardOpenOption.CREATE_NEW, StandardOpenOption.WRITE));
            if (exported) {
                FileReplacement.moveIntoPlace(partial, target);
            }
            return exported;
        } finally {
            Files.deleteIfExists(partial);
        }
    }

    /** Why the store could not be opened; held by another process, most likely the gateway itself. */
    private static String storeUnavailable(Path store, RuntimeException e) {
        String why = String.valueOf(e.getMessage());
        return "cannot open the store in " + store + ": " + why + (why.contains("lock") ? " (another process holds"
                + " it: stop the gateway first, or while it runs ask its operator console: GET /message-log/verify,"
                + " GET /message-log/export/{correlationId})" : "");
    }

    /** An I/O failure in an operator's words: what could not be done, and why. */
    private static String cannot(String what, IOException e) {
        String why = e instanceof NoSuchFileException ? "no such file or directory"
                : e instanceof AccessDeniedException ? "permission denied"
                : e instanceof ZipException ? "it is not a zip file (" + e.getMessage() + "); an export is the zip that"
                + " --export or the operator console wrote"
                : String.valueOf(e.getMessage());
        return "cannot " + what + ": " + why;
    }

    private static int report(PrintStream out, Verdict verdict) {
        out.println(verdict);
        return verdict.ok() ? VERIFIED : BAD;
    }

    private static String value(String[] args, int i) {
        return i < args.length ? args[i] : null;
    }
}
