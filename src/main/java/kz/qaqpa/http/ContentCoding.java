package kz.qaqpa.http;

import java.io.BufferedInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.util.Locale;
import java.util.zip.Inflater;
import java.util.zip.InflaterInputStream;
import kz.qaqpa.fault.FaultCode;
import kz.qaqpa.fault.ShepException;

/**
 * A request body as its Content-Encoding sent it: as it is, gzip (CXF clients with GZIPFeature, PHP's SoapClient with
 * SOAP_COMPRESSION_GZIP) or deflate (PHP's SoapClient with SOAP_COMPRESSION_DEFLATE, SoapUI's request compression):
 * the zlib format RFC 9110 8.4.1.2 names, or the bare deflate data .NET's DeflateStream writes, told apart by the zlib
 * header. The caller bounds what it reads of the result, so a small body cannot become a large message. Bytes after
 * the compressed data are refused, not dropped (attack55): a gzip body may hold further members (RFC 1952 2.2), read in
 * turn ({@link GzipMembers}); a deflate body is one stream.
 */
public final class ContentCoding {
    private ContentCoding() {
    }

    /** Whether {@code contentEncoding} (a request's Content-Encoding, null when it has none) sends a body as it is. */
    public static boolean sentAsItIs(String contentEncoding) {
        String coding = contentEncoding == null ? "" : contentEncoding.trim().toLowerCase(Locale.ROOT);
        return coding.isEmpty() || coding.equals("identity");
    }

    public static InputStream decoded(InputStream body, String contentEncoding) throws IOException {
        if (sentAsItIs(contentEncoding)) {
            return body;
        }
        return switch (contentEncoding.trim().toLowerCase(Locale.ROOT)) {
            case "gzip", "x-gzip" -> new GzipMembers(body);
            case "deflate" -> inflated(new BufferedInputStream(body));
            default -> throw new ShepException(FaultCode.MALFORMED_MESSAGE, "Content-Encoding '" + contentEncoding
                    + "' is not accepted: send the message as it is, gzip- or deflate-encoded");
        };
    }

    private static InputStream inflated(BufferedInputStream body) throws IOException {
        body.mark(2);
        int method = body.read();
        int flags = body.read();
        body.reset();
        return new WholeDeflate(body, new Inflater(!zlibHeader(method, flags)));
    }

    /**
     * Deflate data that is the whole body: bytes after its end are refused (SCE001), where {@link InflaterInputStream}
     * stops at the end and drops them (attack54's Left, attack55): RFC 9110 8.4.1.2's deflate is one zlib stream.
     */
    private static final class WholeDeflate extends InflaterInputStream {
        private boolean checked;

        WholeDeflate(InputStream body, Inflater inflater) {
            super(body, inflater);
        }

        @Override
        public int read(byte[] into, int offset, int length) throws IOException {
            int read = super.read(into, offset, length);
            if (read < 0 && !checked) {
                checked = true;
                if (inf.getRemaining() > 0 || in.read() >= 0) {
                    throw new ShepException(FaultCode.MALFORMED_MESSAGE, "the deflate-encoded body has bytes after"
                            + " the end of its deflate data");
                }
            }
            return read;
        }

        @Override
        public void close() throws IOException {
            super.close();
            inf.end(); // not the stream's own inflater, so its close leaves it to the GC
        }
    }

    /** RFC 1950 2.2: compression method 8 (deflate) in the low bits of CMF, and CMF*256+FLG a multiple of 31. */
    private static boolean zlibHeader(int method, int flags) {
        return method >= 0 && flags >= 0 && (method & 0x0f) == 8 && (method * 256 + flags) % 31 == 0;
    }
}
