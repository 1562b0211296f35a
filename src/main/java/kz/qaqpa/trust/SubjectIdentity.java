package kz.qaqpa.trust;

import java.security.cert.X509Certificate;
import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import com.github.benmanes.caffeine.cache.Cache;
import com.github.benmanes.caffeine.cache.Caffeine;
import org.bouncycastle.asn1.x500.X500Name;
import org.bouncycastle.asn1.x500.style.BCStyle;

/**
 * Who a НУЦ certificate names. As NCANode reads it: SERIALNUMBER "IIN…" gives the IIN, OU "BIN…" (or a SERIALNUMBER
 * "BIN…") gives the organisation's BIN. Absent values are null. {@code conflicts} says where the name gives two
 * different numbers of one kind (attack69: {@link CertificateValidator} refuses such a signer); empty otherwise.
 */
public record SubjectIdentity(String iin, String bin, String commonName, List<String> conflicts) {
    /**
     * Identities already read: a message's signer is nearly always one of a few systems, and parsing the subject
     * again for every message and every answer was 2% of a sync look-up. Bounded: the least used give way.
     */
    private static final int MAX_KNOWN = 1_000;
    private static final Cache<X509Certificate, SubjectIdentity> KNOWN = Caffeine.newBuilder().maximumSize(MAX_KNOWN).build();

    public SubjectIdentity {
        conflicts = List.copyOf(conflicts);
    }

    /** One person's or organisation's identity (a name giving each number once at most). */
    public SubjectIdentity(String iin, String bin, String commonName) {
        this(iin, bin, commonName, List.of());
    }

    /**
     * A system (information system) certificate names an organisation and no person: a БИН and no ИИН. A person's
     * certificate of an organisation's employee carries both and never authenticates a system.
     */
    public boolean isSystem() {
        return bin != null && iin == null;
    }

    public static SubjectIdentity of(X509Certificate certificate) {
        return KNOWN.get(certificate, SubjectIdentity::read);
    }

    private static SubjectIdentity read(X509Certificate certificate) {
        X500Name subject = Certificates.subject(certificate); // parsed once for the three attributes
        List<String> iins = new ArrayList<>();
        List<String> bins = new ArrayList<>();
        for (String serial : Certificates.attributes(subject, BCStyle.SERIALNUMBER)) {
            if (serial.startsWith("IIN")) {
                iins.add(serial.substring(3));
            } else if (serial.startsWith("BIN")) {
                bins.add(serial.substring(3));
            }
        }
        for (String unit : Certificates.attributes(subject, BCStyle.OU)) {
            if (unit.startsWith("BIN")) {
                bins.add(unit.substring(3)); // after SERIALNUMBER's: OU's is the one read
            }
        }
        List<String> conflicts = new ArrayList<>();
        conflict("ИИН", iins).ifPresent(conflicts::add);
        conflict("БИН", bins).ifPresent(conflicts::add);
        return new SubjectIdentity(last(iins), last(bins), Certificates.first(subject, BCStyle.CN), conflicts);
    }

    /** "ИИН a, b" when {@code numbers} holds more than one number (the same written twice is one). */
    private static Optional<String> conflict(String kind, List<String> numbers) {
        Set<String> distinct = new LinkedHashSet<>(numbers);
        return distinct.size() > 1 ? Optional.of(kind + " " + String.join(", ", distinct)) : Optional.empty();
    }

    private static String last(List<String> values) {
        return values.isEmpty() ? null : values.get(values.size() - 1);
    }
}
