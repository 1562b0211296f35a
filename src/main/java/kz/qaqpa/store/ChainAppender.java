package kz.qaqpa.store;

import com.github.benmanes.caffeine.cache.Cache;
import com.github.benmanes.caffeine.cache.Caffeine;
import java.security.cert.CertificateEncodingException;
import java.security.cert.X509Certificate;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Collections;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import java.util.stream.Collectors;
import kz.qaqpa.store.MessageChain.Head;
import kz.qaqpa.store.MessageChain.Message;
import kz.qaqpa.trust.Sha256;

/**
 * Appends to the {@link MessageChain}: a transaction's messages are written as the last statements before its commit,
 * under the lock of the head row, each record hashed onto the one before it and bound to its applications' first
 * records.
 */
final class ChainAppender {
    /**
     * Certificates known to be stored (added once their row committed): the signers are a few systems, and asking
     * the store about the same certificate for every message was a statement per append. Bounded all the same.
     */
    private static final int MAX_KNOWN_CERTIFICATES = 10_000;
    private final Cache<String, Boolean> storedCertificates =
            Caffeine.newBuilder().maximumSize(MAX_KNOWN_CERTIFICATES).build();
    /**
     * What a record says of its signer, by certificate (equal certificates are equal encodings, so a certificate read
     * again from the next message finds its entry): a look-up logs four messages of two or three signers, and their
     * name, serial in hex and digest were computed again for each record (the serial's hex alone about 3% of the
     * benchmark's sync look-up, perf50r). Bounded as the stored certificates are, by fewer: each entry holds its
     * certificate.
     */
    private static final int MAX_KNOWN_SIGNERS = 1_000;
    private final Cache<X509Certificate, Signer> signers =
            Caffeine.newBuilder().maximumSize(MAX_KNOWN_SIGNERS).build();
    private static final String[] HEAD_COLUMNS = {"SEQ", "HASH"};
    private static final int COLUMN_COUNT = MessageChain.COLUMNS.split(",").length;
    /**
     * At most this many records an INSERT: a sync look-up's four (request, call, its answer, the answer). A bound, so
     * that each connection keeps a few statements for it, whatever a transaction logs.
     */
    private static final int ROWS_PER_INSERT = 4;
    private static final RowInserts INSERTS = new RowInserts("INSERT INTO message_chain (" + MessageChain.COLUMNS + ")",
            COLUMN_COUNT, ROWS_PER_INSERT);
    private final Database db;
    private final MessageChain chain;

    ChainAppender(Database db, MessageChain chain) {
        this.db = db;
        this.chain = chain;
    }

    /**
     * Logs {@code messages}, in order, at the end of the current transaction (with every other message of the
     * transaction, under one lock of the head), or at once in one when there is none.
     */
    void append(Message... messages) {
        Batch batch = db.ofTransaction(chain, this::newBatch);
        if (batch == null) {
            db.inTransaction(() -> {
                append(messages);
                return null;
            });
        } else if (batch.written) {
            write(List.of(messages)); // by a later before-commit work of this transaction, after the batch went in
        } else {
            batch.messages.addAll(List.of(messages));
        }
    }

    /** A transaction's messages, written as the last thing before its commit. */
    private static final class Batch {
        final List<Message> messages = new ArrayList<>();
        boolean written;
    }

    private Batch newBatch() {
        Batch batch = new Batch();
        db.beforeCommit(() -> {
            batch.written = true;
            write(batch.messages);
            return null;
        });
        return batch;
    }

    private void write(List<Message> messages) {
        if (messages.isEmpty()) {
            return;
        }
        Head head = lockedHead();
        long seq = head.seq();
        String prevHash = head.hash();
        Map<String, Long> firsts = new HashMap<>(); // of the applications named so far in this write
        List<Object> rows = new ArrayList<>();
        for (Message m : messages) {
            Signer signer = signers.get(m.signer(), Signer::of);
            storeCertificate(signer, m.signer());
            seq++;
            ChainRecord record = new ChainRecord(seq, Instant.now().toString(), m.direction(), m.kind(),
                    m.operation(), m.peer(), m.sessionId(), m.correlationId(), signer.subject(), signer.serial(),
                    signer.certificateSha256(), Sha256.hex(m.bytes()), m.bytes(), prevHash, null,
                    firstRecords(seq, m.correlationId(), firsts)).withHash();
            String text = Bodies.inRowText(record.message());
            rows.addAll(Arrays.asList(record.seq(), record.loggedAt(), record.direction(), record.kind(),
                    record.operation(), record.peer(), record.sessionId(), record.correlationId(),
                    record.signerSubject(), record.signerSerial(), record.certificateSha256(), record.messageSha256(),
                    null, text == null ? record.message() : null, record.prevHash(), record.hash(),
                    record.applicationFirsts(), record.hashVersion(), text));
            indexApplications(record);
            prevHash = record.hash();
        }
        insert(rows);
        db.update("UPDATE message_chain_head SET seq = ?, hash = ? WHERE id = 1", seq, prevHash);
    }

    /**
     * INSERTs the records' {@code values} ({@link #COLUMN_COUNT} a record, in order), up to {@link #ROWS_PER_INSERT}
     * records a statement: a look-up's four records were four statements, each a pass through the driver and HSQLDB's
     * statement execution for one row (perf50r). The rows, their indexes and the log are the same.
     */
    private void insert(List<Object> values) {
        INSERTS.insert(db, values);
    }

    /**
     * Takes the lock of the head row and reads it, in one statement: the UPDATE that locks the row hands back what it
     * locked (until session 35 a second statement read it after the lock was taken).
     */
    private Head lockedHead() {
        return db.updateReturning("UPDATE message_chain_head SET seq = seq WHERE id = 1", HEAD_COLUMNS,
                rs -> new Head(rs.getLong(1), rs.getString(2))).get(0);
    }

    /**
     * The number of the first record of each application the record {@code seq} names, in the order it names them
     * ({@link ChainRecord#applicationFirsts}); {@code seq} itself for an application it opens, which is noted in
     * message_chain_first (one look-up by key per record that names an application {@code firsts} does not hold;
     * called under the head lock, so no other transaction opens the same application meanwhile). {@code firsts} holds
     * those of the applications the records before it in the same write named, read or opened, and gets this record's:
     * the intake's answer names the application its request opened a moment before, and was looked up again (store48).
     */
    private String firstRecords(long seq, String correlationId, Map<String, Long> firsts) {
        List<String> ids = ChainRecord.applications(correlationId);
        if (ids.isEmpty()) {
            return null;
        }
        Set<String> unknown = new TreeSet<>(ids);
        unknown.removeAll(firsts.keySet());
        if (!unknown.isEmpty()) {
            db.query("SELECT correlation_id, seq FROM message_chain_first WHERE correlation_id IN ("
                            + String.join(", ", Collections.nCopies(unknown.size(), "?")) + ")",
                    rs -> Map.entry(rs.getString(1), rs.getLong(2)), unknown.toArray())
                    .forEach(first -> firsts.put(first.getKey(), first.getValue()));
        }
        List<Object> opened = new ArrayList<>();
        for (String id : unknown) {
            if (!firsts.containsKey(id)) {
                firsts.put(id, seq);
                opened.add(id);
                opened.add(seq);
            }
        }
        if (!opened.isEmpty()) {
            db.update("INSERT INTO message_chain_first (correlation_id, seq) VALUES "
                    + String.join(", ", Collections.nCopies(opened.size() / 2, "(?, ?)")), opened.toArray());
        }
        return ids.stream().map(id -> String.valueOf(firsts.get(id))).collect(Collectors.joining(" "));
    }

    /**
     * A record naming several applications (a getMessages answer and its request) is found from each of them through
     * message_chain_application: one statement for such a record, none for the others (found by correlation_id).
     */
    private void indexApplications(ChainRecord record) {
        List<String> ids = ChainRecord.applications(record.correlationId());
        if (ids.size() < 2) {
            return;
        }
        List<Object> values = new ArrayList<>();
        for (String id : new TreeSet<>(ids)) {
            values.add(id);
            values.add(record.seq());
        }
        db.update("INSERT INTO message_chain_application (correlation_id, seq) VALUES "
                + String.join(", ", Collections.nCopies(values.size() / 2, "(?, ?)")), values.toArray());
    }

    /** Stores the signer's certificate unless it is known to be stored. */
    private void storeCertificate(Signer signer, X509Certificate certificate) {
        String sha = signer.certificateSha256();
        if (storedCertificates.getIfPresent(sha) == null) {
            if (chain.certificate(sha).isEmpty()) {
                db.update("INSERT INTO log_certificate (sha256, der) VALUES (?, ?)", sha, Signer.der(certificate));
            }
            db.afterCommit(() -> storedCertificates.put(sha, Boolean.TRUE));
        }
    }

    /** A record's signer fields ({@link ChainRecord}), as every record computed them from the certificate. */
    private record Signer(String subject, String serial, String certificateSha256) {
        static Signer of(X509Certificate certificate) {
            return new Signer(certificate.getSubjectX500Principal().getName(),
                    certificate.getSerialNumber().toString(16), Sha256.hex(der(certificate)));
        }

        static byte[] der(X509Certificate certificate) {
            try {
                return certificate.getEncoded();
            } catch (CertificateEncodingException e) {
                throw new IllegalStateException("signer certificate cannot be encoded", e);
            }
        }
    }
}
