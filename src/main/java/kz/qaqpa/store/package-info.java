/**
 * Where the gateway keeps what it has accepted: the embedded HSQLDB ({@link kz.qaqpa.store.Store}, {@link
 * kz.qaqpa.store.Database}), a commit answered only once it is on disk ({@link kz.qaqpa.store.GroupCommit}), and the
 * tables the other packages read and write through one class each (applications, status history, plans, the provider
 * queue, the outbox, the hash-chained message log). What reaches inside HSQLDB is in {@link
 * kz.qaqpa.store.HsqldbInternals} and the classes it names.
 */
package kz.qaqpa.store;
