package kz.qaqpa.mocks.pki;

import java.util.ArrayList;
import java.util.List;
import kz.qaqpa.mocks.soap.Csv;

/** One row of {@code mocks/data/pki-subjects.csv}: who gets a certificate from the test НУЦ. */
public record PkiSubject(String alias, String role, String iin, String bin, String commonName, String status, String keyUsage) {
    static final String RESOURCE = "mocks/data/pki-subjects.csv";
    /** НУЦ extended key usages: an individual (физлицо), an organisation; TLS client authentication. */
    public static final String INDIVIDUAL = "1.2.398.3.3.4.1.1";
    public static final String ORGANISATION = "1.2.398.3.3.4.1.2";
    static final String CLIENT_AUTH = "1.3.6.1.5.5.7.3.2";
    /** id-kp-timeStamping: the only usage of a time-stamping authority's certificate, and critical (RFC 3161 2.3). */
    static final String TIME_STAMPING = "1.3.6.1.5.5.7.3.8";

    public boolean expired() {
        return "expired".equals(status);
    }

    public boolean revoked() {
        return "revoked".equals(status);
    }

    /** AUTH certificates (digitalSignature + keyEncipherment) cannot sign legally binding documents. */
    public boolean authOnly() {
        return "auth".equals(keyUsage);
    }

    /**
     * The extended key usages the НУЦ gives a certificate of this role (docs/security.md, Kazakh OIDs): an
     * individual's names {@value #INDIVIDUAL}, an authentication one clientAuth too; an organisation's (its system, its
     * employees) names {@value #ORGANISATION}, an employee's also .5 (employee) or, a head's, .1 (head).
     */
    public List<String> extendedKeyUsages() {
        return switch (role) {
            case "citizen" -> authOnly() ? List.of(INDIVIDUAL, CLIENT_AUTH) : List.of(INDIVIDUAL);
            case "system" -> List.of(ORGANISATION);
            case "head" -> List.of(ORGANISATION, ORGANISATION + ".1");
            case "employee", "operator" -> List.of(ORGANISATION, ORGANISATION + ".5");
            case "tsa" -> List.of(TIME_STAMPING);
            default -> throw new IllegalArgumentException("unknown role '" + role + "' in " + RESOURCE);
        };
    }

    /** A time-stamping authority's usage is critical (RFC 3161 2.3); the НУЦ's others are not. */
    public boolean extendedKeyUsageCritical() {
        return "tsa".equals(role);
    }

    /** From the classpath (works inside the jar), else from the source tree when run from the project directory. */
    public static List<PkiSubject> loadDefault() {
        return parse(Csv.read(RESOURCE));
    }

    static List<PkiSubject> parse(String csv) {
        List<PkiSubject> subjects = new ArrayList<>();
        for (String line : csv.split("\\R")) {
            if (line.isBlank() || line.startsWith("#")) {
                continue;
            }
            String[] f = line.split(",", -1);
            if (f.length != 7) {
                throw new IllegalArgumentException("expected 7 columns in " + RESOURCE + ": " + line);
            }
            subjects.add(new PkiSubject(f[0].trim(), f[1].trim(), blankToNull(f[2]), blankToNull(f[3]), f[4].trim(), f[5].trim(), f[6].trim()));
        }
        return subjects;
    }

    private static String blankToNull(String s) {
        return s.isBlank() ? null : s.trim();
    }
}
