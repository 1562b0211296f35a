package kz.qaqpa.trust;

import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.function.UnaryOperator;
import javax.security.auth.x500.X500Principal;
import org.apache.xml.security.utils.RFC2253Parser;
import org.bouncycastle.asn1.ASN1String;
import org.bouncycastle.asn1.DERIA5String;
import org.bouncycastle.asn1.DERPrintableString;
import org.bouncycastle.asn1.DERUTF8String;
import org.bouncycastle.asn1.x500.AttributeTypeAndValue;
import org.bouncycastle.asn1.x500.RDN;
import org.bouncycastle.asn1.x500.X500Name;
import org.bouncycastle.asn1.x500.style.BCStyle;
import org.bouncycastle.asn1.x500.style.RFC4519Style;

/**
 * The exact texts signers' toolkits write a certificate's distinguished name in, as a KeyInfo name (X509SubjectName,
 * KeyName, X509IssuerName). attack46: a name must be one of them, letter for letter, so it carries no bits nobody
 * signed; interop47: each is generated from the certificate's encoded name, never compared loosely.
 *
 * <p>The forms: the JDK's RFC 2253 ({@code X500Principal.getName()}, JSR 105: the ИИН attribute 2.5.4.5 as
 * {@code 2.5.4.5=#13…}), Santuario's normalized RFC 2253, the JDK's RFC 1779 ({@code OID.2.5.4.5=IIN…}) and canonical
 * form, the JDK's {@code X500Principal.toString()} ({@code SERIALNUMBER=IIN…}, what {@code getSubjectDN().getName()}
 * gives), BouncyCastle's {@code X500Name.toString()} with BCStyle (in the encoding's order, {@code C=KZ,…,CN=…}) and
 * with RFC4519Style ({@code cn=…,serialNumber=IIN…}), OpenSSL's {@code -nameopt RFC2253} (xmlsec1's X509SubjectName
 * and X509IssuerName: {@code CN=…,serialNumber=IIN…}, bytes outside ASCII as {@code \XX}), .NET's
 * {@code X500DistinguishedName.Name} ({@code CN=…, SERIALNUMBER=IIN…}, values quoted as CryptoAPI quotes them) and
 * Python's {@code cryptography} {@code Name.rfc4514_string()} ({@code CN=…,2.5.4.5=IIN…}: interop48). The last three
 * are written here after their sources (OpenSSL's {@code do_name_ex}/{@code do_buf}, .NET's {@code X500NameEncoder},
 * cryptography's {@code x509/name.py}) for single-valued RDNs with string values, OpenSSL's and .NET's of the
 * attributes listed below only; a name with any other has none of these forms (refused, as before).
 */
final class SignerNameForms {
    /** OpenSSL's short names (XN_FLAG_FN_SN) of the attributes a НУЦ РК name carries and a few more, by OID. */
    private static final Map<String, String> OPENSSL_NAMES = Map.ofEntries(Map.entry("2.5.4.3", "CN"),
            Map.entry("2.5.4.4", "SN"), Map.entry("2.5.4.5", "serialNumber"), Map.entry("2.5.4.6", "C"),
            Map.entry("2.5.4.7", "L"), Map.entry("2.5.4.8", "ST"), Map.entry("2.5.4.9", "street"),
            Map.entry("2.5.4.10", "O"), Map.entry("2.5.4.11", "OU"), Map.entry("2.5.4.12", "title"),
            Map.entry("2.5.4.42", "GN"), Map.entry("1.2.840.113549.1.9.1", "emailAddress"),
            Map.entry("0.9.2342.19200300.100.1.25", "DC"));
    /** .NET's names (CryptoAPI's, CertNameToStr) of the same attributes, where known. */
    private static final Map<String, String> DOTNET_NAMES = Map.ofEntries(Map.entry("2.5.4.3", "CN"),
            Map.entry("2.5.4.4", "SN"), Map.entry("2.5.4.5", "SERIALNUMBER"), Map.entry("2.5.4.6", "C"),
            Map.entry("2.5.4.7", "L"), Map.entry("2.5.4.8", "S"), Map.entry("2.5.4.10", "O"),
            Map.entry("2.5.4.11", "OU"), Map.entry("2.5.4.42", "G"), Map.entry("1.2.840.113549.1.9.1", "E"));
    /**
     * Python {@code cryptography}'s names ({@code _NAMEOID_TO_NAME}, version 48); any other attribute, the ИИН's
     * 2.5.4.5 among them, is written by its dotted OID.
     */
    private static final Map<String, String> PYTHON_NAMES = Map.of("2.5.4.3", "CN", "2.5.4.7", "L", "2.5.4.8", "ST",
            "2.5.4.10", "O", "2.5.4.11", "OU", "2.5.4.6", "C", "2.5.4.9", "STREET", "0.9.2342.19200300.100.1.25", "DC",
            "0.9.2342.19200300.100.1.1", "UID");
    /** What cryptography's {@code _escape_dn_value} puts a backslash before anywhere in a value, in its order. */
    private static final String PYTHON_ESCAPED = "\\\"+,;<>";
    /** RFC 2253's specials OpenSSL escapes with a backslash anywhere in a value (ASN1_STRFLGS_ESC_2253). */
    private static final String OPENSSL_ESCAPED = ",+\"\\<>;";
    /** What makes .NET quote a value (X500NameEncoder's s_quoteNeedingChars), besides whitespace at either end. */
    private static final String DOTNET_QUOTED = ",+=\"\n<>#;";
    /**
     * attack49: the longest encoded name whose forms are made, in bytes. The forms are made before the certificate's
     * chain is checked (a KeyInfo's names are read before its signature), so a self-made certificate's name of a
     * megabyte cost a worker a second a name (about 1 ms a kilobyte). A certificate authority's names are far shorter
     * (RFC 5280's upper bounds give 64 characters to each of the few attributes a НУЦ РК name holds: some hundreds of
     * bytes); four kilobytes is ours, well above any, a few milliseconds of forms.
     */
    static final int MAX_NAME_BYTES = 4096;
    /** OpenSSL's hex digits of an escaped byte ({@code \XX}, upper case). */
    private static final HexFormat UPPER_HEX = HexFormat.of().withUpperCase();

    private SignerNameForms() {
    }

    /**
     * Every text a signer's toolkit writes {@code principal} in, as described above.
     *
     * @throws NameTooLong when its encoding is longer than {@link #MAX_NAME_BYTES}: no form is made
     */
    static Set<String> of(X500Principal principal) {
        int encoded = principal.getEncoded().length;
        if (encoded > MAX_NAME_BYTES) {
            throw new NameTooLong("its certificate's name is " + encoded + " bytes encoded, longer than any"
                    + " certificate authority writes one (at most " + MAX_NAME_BYTES + " are read as a signer's name)");
        }
        Set<String> forms = new LinkedHashSet<>();
        String rfc2253 = principal.getName();
        forms.add(rfc2253);
        forms.add(RFC2253Parser.normalize(rfc2253));
        forms.add(principal.getName(X500Principal.RFC1779));
        forms.add(principal.getName(X500Principal.CANONICAL));
        forms.add(principal.toString());
        forms.add(X500Name.getInstance(BCStyle.INSTANCE, principal.getEncoded()).toString());
        forms.add(X500Name.getInstance(RFC4519Style.INSTANCE, principal.getEncoded()).toString());
        openSsl(principal).ifPresent(forms::add);
        dotNet(principal).ifPresent(forms::add);
        python(principal).ifPresent(forms::add);
        return forms;
    }

    /** A name longer than {@link #MAX_NAME_BYTES}: its forms are not made. */
    static final class NameTooLong extends RuntimeException {
        NameTooLong(String message) {
            super(message);
        }
    }

    /** OpenSSL's {@code X509_NAME_print_ex} with XN_FLAG_RFC2253: the last RDN first, comma-separated, no spaces. */
    static Optional<String> openSsl(X500Principal principal) {
        return written(principal, OPENSSL_NAMES::get, SignerNameForms::openSslValue, ",");
    }

    /** .NET's {@code X500DistinguishedName.Name} (Reversed): the last RDN first, separated by a comma and a space. */
    static Optional<String> dotNet(X500Principal principal) {
        return written(principal, DOTNET_NAMES::get, SignerNameForms::dotNetValue, ", ");
    }

    /**
     * Python {@code cryptography}'s {@code Name.rfc4514_string()}: the last RDN first, comma-separated, no spaces, an
     * attribute without a short name (the ИИН's 2.5.4.5) by its dotted OID, the value's text as it is (no bytes
     * escaped).
     */
    static Optional<String> python(X500Principal principal) {
        return written(principal, oid -> PYTHON_NAMES.getOrDefault(oid, oid), SignerNameForms::pythonValue, ",");
    }

    /**
     * The RDNs last first, each {@code name=value}; empty when an RDN is multi-valued or {@code names} gives its
     * attribute (by OID) no name.
     */
    private static Optional<String> written(X500Principal principal, UnaryOperator<String> names,
                                            UnaryOperator<String> value, String separator) {
        RDN[] rdns = X500Name.getInstance(principal.getEncoded()).getRDNs();
        List<String> written = new ArrayList<>();
        for (int i = rdns.length - 1; i >= 0; i--) {
            if (rdns[i].isMultiValued()) {
                return Optional.empty();
            }
            AttributeTypeAndValue attribute = rdns[i].getFirst();
            String name = names.apply(attribute.getType().getId());
            Optional<String> text = text(attribute);
            if (name == null || text.isEmpty()) {
                return Optional.empty();
            }
            written.add(name + "=" + value.apply(text.get()));
        }
        return Optional.of(String.join(separator, written));
    }

    /** The value's text when it is one of the string types names are written in (others are dumped otherwise). */
    private static Optional<String> text(AttributeTypeAndValue attribute) {
        Object value = attribute.getValue();
        boolean known = value instanceof DERPrintableString || value instanceof DERUTF8String || value instanceof DERIA5String;
        return known ? Optional.of(((ASN1String) value).getString()) : Optional.empty();
    }

    /**
     * ASN1_STRFLGS_RFC2253: the value as UTF-8, each byte outside ASCII and each control character as {@code \XX}
     * (upper-case hex), RFC 2253's specials after a backslash, a '#' or space first and a space last after one.
     */
    private static String openSslValue(String value) {
        byte[] bytes = value.getBytes(StandardCharsets.UTF_8);
        StringBuilder out = new StringBuilder();
        for (int i = 0; i < bytes.length; i++) {
            int b = bytes[i] & 0xff;
            boolean edgeSpace = b == ' ' && (i == 0 || i == bytes.length - 1);
            if (b >= 0x80 || b < 0x20 || b == 0x7f) {
                // attack48: not String.format, which parsed its pattern for each byte: a long name of the sender's
                // certificate (checked before its chain) cost some 0.3 s a name per 700 KB
                out.append('\\').append(UPPER_HEX.toHexDigits((byte) b));
            } else if (OPENSSL_ESCAPED.indexOf(b) >= 0 || edgeSpace || (b == '#' && i == 0)) {
                out.append('\\').append((char) b);
            } else {
                out.append((char) b);
            }
        }
        return out.toString();
    }

    /** CryptoAPI's quoting: the value in quotes, quotes doubled, when it is empty, ends in whitespace or holds a special. */
    private static String dotNetValue(String value) {
        boolean quoted = value.isEmpty() || isQuotableWhitespace(value.charAt(0))
                || isQuotableWhitespace(value.charAt(value.length() - 1))
                || value.chars().anyMatch(c -> DOTNET_QUOTED.indexOf(c) >= 0);
        return quoted ? "\"" + value.replace("\"", "\"\"") + "\"" : value;
    }

    /**
     * cryptography's {@code _escape_dn_value}: {@code \\ " + , ; < >} after a backslash, NUL as {@code \00}, then a
     * backslash before a '#' first or a space first (in a value longer than one character) and before a space last.
     */
    private static String pythonValue(String value) {
        if (value.isEmpty()) {
            return value;
        }
        StringBuilder out = new StringBuilder(value.length());
        for (int i = 0; i < value.length(); i++) {
            char c = value.charAt(i);
            if (PYTHON_ESCAPED.indexOf(c) >= 0) {
                out.append('\\').append(c);
            } else if (c == 0) {
                out.append("\\00");
            } else {
                out.append(c);
            }
        }
        if (out.charAt(0) == '#' || (out.charAt(0) == ' ' && out.length() > 1)) {
            out.insert(0, '\\');
        }
        if (out.charAt(out.length() - 1) == ' ') {
            out.insert(out.length() - 1, '\\');
        }
        return out.toString();
    }

    private static boolean isQuotableWhitespace(char c) {
        return c == ' ' || (c >= 0x09 && c <= 0x0D);
    }
}
