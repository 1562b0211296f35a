package kz.qaqpa.trust;

import java.util.ArrayList;
import java.util.List;
import java.util.regex.Pattern;
import kz.qaqpa.xml.XmlCharacters;

/**
 * Base64 text as encoders write it (attack43, attack46, attack47): only base64's alphabet, its padding and XML's
 * whitespace; on one line or in lines of one length; ended as RFC 4648 writes the end. Santuario's and the JDK's
 * decoders take more (characters outside the alphabet, other line shapes, padding left out), choices that decode to
 * the same value, so unsigned text could hide in them: {@link SignatureContent} holds a signature's base64 values to
 * these shapes.
 */
final class Base64AsWritten {
    /** A base64 value's lines, as encoders end them (RFC 2045 6.8 and PEM: CRLF; Santuario, xmlsec1: LF). */
    private static final Pattern LINE_BREAK = Pattern.compile("\\r?\\n");
    /** A base64 line's length is a multiple of this (four characters encode three bytes; MIME writes 76, PEM 64). */
    private static final int QUANTUM = 4;

    private Base64AsWritten() {
    }

    /**
     * Base64's alphabet, its padding and XML's whitespace only, every character of {@code text} (the pattern
     * {@code [A-Za-z0-9+/=\t\n\r ]*}, as a loop: a signature value and a certificate are walked a character at a time).
     */
    static boolean isAlphabetOnly(String text) {
        for (int i = 0; i < text.length(); i++) {
            char c = text.charAt(i);
            boolean alphabet = letterValue(c) >= 0 || c == '=';
            if (!alphabet && !XmlCharacters.isSpace(c)) {
                return false;
            }
        }
        return true;
    }

    /**
     * attack47 (attack46's Left): base64 that ends as an encoder writes it (RFC 4648 3.5, canonical): its letters a
     * multiple of four, padded with one or two {@code =} at the end only, and the bits of the last letter past the
     * value's last byte zero (two of them before one {@code =}, four before two). The JDK's decoders, Santuario's MIME
     * one and {@link CertificateText}'s, take the padding left out, more {@code =} after it (MIME) and any such bits:
     * choices that decode to the same value, so nobody's signature or comparison sees them. Whitespace is skipped
     * (its shapes are {@link #inLines}'s); a character outside the alphabet is refused where the value is read. A
     * loop: a certificate's text is walked a character at a time.
     */
    static boolean endsAsEncodersWrite(String text) {
        int letters = 0;
        int padding = 0;
        char last = 'A';
        for (int i = 0; i < text.length(); i++) {
            char c = text.charAt(i);
            if (XmlCharacters.isSpace(c)) {
                continue;
            }
            if (c != '=' && letterValue(c) < 0) {
                return true;    // not base64 at all: refused where the value is read, naming why (CertificateText)
            }
            letters++;
            if (c == '=') {
                padding++;
            } else if (padding > 0) {
                return false;   // a letter after the padding
            } else {
                last = c;
            }
        }
        if (letters % QUANTUM != 0 || padding > 2) {
            return false;
        }
        int unusedBits = padding == 2 ? 0b1111 : padding == 1 ? 0b11 : 0;
        return (letterValue(last) & unusedBits) == 0;
    }

    /** The six bits a base64 letter encodes (RFC 4648, table 1), or -1 for any other character. */
    private static int letterValue(char c) {
        if (c >= 'A' && c <= 'Z') {
            return c - 'A';
        }
        if (c >= 'a' && c <= 'z') {
            return c - 'a' + 26;
        }
        if (c >= '0' && c <= '9') {
            return c - '0' + 52;
        }
        return c == '+' ? 62 : c == '/' ? 63 : -1;
    }

    /** A line of a base64 value: not empty, no whitespace in it (its alphabet is checked apart, {@link #isAlphabetOnly}). */
    private static boolean isBase64Line(String line) {
        return !line.isEmpty() && !XmlCharacters.hasSpace(line);
    }

    /**
     * Base64 text as encoders write it, outside SignedInfo: on one line (.NET, Santuario without line breaks), or in
     * lines of one length, a multiple of four, each ended by the same line break, the last no longer (RFC 2045 6.8's
     * 76, PEM's and xmlsec1's 64), with one line break before and after it or not (Santuario, Kalkan). An empty text
     * carries nothing (what reads the value refuses it).
     */
    static boolean inLines(String text) {
        if (text.isEmpty()) {
            return true;
        }
        List<String> lines = new ArrayList<>(List.of(LINE_BREAK.split(text, -1)));
        if (lines.size() > 1 && lines.get(0).isEmpty()) {
            lines.remove(0);
        }
        if (lines.size() > 1 && lines.get(lines.size() - 1).isEmpty()) {
            lines.remove(lines.size() - 1);
        }
        int length = lines.get(0).length();
        for (int i = 0; i < lines.size(); i++) {
            String line = lines.get(i);
            boolean full = i < lines.size() - 1;
            if (!isBase64Line(line) || (full ? line.length() != length : line.length() > length)) {
                return false;
            }
        }
        boolean mixedBreaks = text.contains("\r\n") && text.replace("\r\n", "").contains("\n");
        return !mixedBreaks && (lines.size() == 1 || length % QUANTUM == 0);
    }
}
