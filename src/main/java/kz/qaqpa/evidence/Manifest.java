package kz.qaqpa.evidence;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.util.Properties;

/**
 * An export's {@code manifest.properties} read as it streams out of the zip. Format /1 holds a link per record from
 * the application's first record to the head ({@code link.<seq>}), as many as the log grew since: those are handed
 * one by one to a {@link Links} instead of being held. Properties.load parses the text and gives each entry to
 * {@link #put}, which keeps the others.
 */
final class Manifest extends Properties {
    static final String LINK = "link.";
    /** The characters of the entries kept at most: the fields of some 40,000 records, more than one application has. */
    static final long KEPT_LIMIT = 64L << 20;

    /** Receives format /1's links as the manifest is read, in the manifest's order. */
    interface Links {
        void accept(String seq, String contentHash) throws IOException;
    }

    private final transient Links links;
    private final boolean keep;
    private long kept;

    private Manifest(Links links, boolean keep) {
        this.links = links;
        this.keep = keep;
    }

    /**
     * Reads the manifest from {@code text} (which it closes), handing its links to {@code links}.
     *
     * @param keep whether to keep its other entries (false: a second read for the links alone)
     * @throws IllegalArgumentException if the text is not a properties file (a malformed escape), or it would keep
     *                                  more than {@link #KEPT_LIMIT} characters
     */
    static Properties read(InputStream text, Links links, boolean keep) throws IOException {
        Manifest manifest = new Manifest(links, keep);
        try (InputStream in = text) {
            manifest.load(in);
        } catch (UncheckedIOException e) {
            throw e.getCause();
        }
        return manifest;
    }

    @Override
    public synchronized Object put(Object key, Object value) {
        String name = String.valueOf(key);
        if (name.startsWith(LINK)) {
            try {
                links.accept(name.substring(LINK.length()), String.valueOf(value));
            } catch (IOException e) {
                throw new UncheckedIOException(e); // put cannot throw it; read unwraps it
            }
            return null;
        }
        if (!keep) {
            return null;
        }
        kept += name.length() + String.valueOf(value).length();
        if (kept > KEPT_LIMIT) {
            throw new IllegalArgumentException("it holds more than " + KEPT_LIMIT + " characters of fields, more than"
                    + " an export of one application has");
        }
        return super.put(key, value);
    }
}
