package kz.qaqpa.xml;

import java.nio.charset.Charset;
import java.nio.charset.StandardCharsets;
import java.util.Locale;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import kz.qaqpa.fault.FaultCode;
import kz.qaqpa.fault.ShepException;

/**
 * A byte order mark and the XML declaration must name one encoding (XML 1.0 4.3.3: an entity presented in an encoding
 * other than the one its declaration names is a fatal error; F.1). The JDK's parser lets the declaration win: a UTF-8
 * mark beside {@code encoding="windows-1251"} had its Cyrillic text read as other letters (session 58), where a
 * signer's toolkit following the mark reads another text. Refused as SCE001 before the parse.
 */
final class ByteOrderMark {
    private static final Pattern ENCODING = Pattern.compile(
            "^<\\?xml[^>]*?[ \t\r\n]encoding[ \t\r\n]*=[ \t\r\n]*[\"']([A-Za-z][A-Za-z0-9._-]*)[\"']");

    private ByteOrderMark() {
    }

    /** Throws SCE001 when {@code xml} starts with a UTF-8 or UTF-16 mark and its declaration names another encoding. */
    static void requireAgreesWithDeclaration(byte[] xml) {
        if (startsWith(xml, 0xEF, 0xBB, 0xBF)) {
            requireNamed(xml, 3, StandardCharsets.UTF_8, "UTF-8");
        } else if (startsWith(xml, 0xFE, 0xFF)) {
            requireNamed(xml, 2, StandardCharsets.UTF_16BE, "UTF-16");
        } else if (startsWith(xml, 0xFF, 0xFE) && !startsWith(xml, 0xFF, 0xFE, 0x00, 0x00)) {
            requireNamed(xml, 2, StandardCharsets.UTF_16LE, "UTF-16");
        }
    }

    /** The declaration after the mark, read in the mark's encoding, names none or one starting {@code family}. */
    private static void requireNamed(byte[] xml, int from, Charset markEncoding, String family) {
        String start = new String(xml, from, declarationLength(xml, from, markEncoding), markEncoding);
        Matcher declared = ENCODING.matcher(start);
        if (declared.find() && !declared.group(1).toUpperCase(Locale.ROOT).startsWith(family)) {
            throw new ShepException(FaultCode.MALFORMED_MESSAGE, "the document's byte order mark says " + family
                    + " but its XML declaration names " + declared.group(1) + " (XML 1.0 4.3.3: one encoding or the other)");
        }
    }

    /**
     * The bytes after the mark up to the first '>', which ends a declaration (none of its values may hold one): the
     * whole declaration however much white space it spreads over (review59: 600 spaces hid the encoding from a fixed
     * window of 512 bytes), and never more than that.
     */
    private static int declarationLength(byte[] xml, int from, Charset markEncoding) {
        int unit = StandardCharsets.UTF_8.equals(markEncoding) ? 1 : 2;
        for (int i = from; i + unit <= xml.length; i += unit) {
            if (charAt(xml, i, markEncoding) == '>') {
                return i + unit - from;
            }
        }
        return (xml.length - from) / unit * unit;
    }

    private static int charAt(byte[] xml, int i, Charset markEncoding) {
        if (StandardCharsets.UTF_8.equals(markEncoding)) {
            return xml[i] & 0xFF;
        }
        int high = StandardCharsets.UTF_16BE.equals(markEncoding) ? xml[i] : xml[i + 1];
        int low = StandardCharsets.UTF_16BE.equals(markEncoding) ? xml[i + 1] : xml[i];
        return (high & 0xFF) << 8 | low & 0xFF;
    }

    private static boolean startsWith(byte[] xml, int... prefix) {
        if (xml.length < prefix.length) {
            return false;
        }
        for (int i = 0; i < prefix.length; i++) {
            if ((xml[i] & 0xFF) != prefix[i]) {
                return false;
            }
        }
        return true;
    }
}
