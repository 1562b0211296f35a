/**
 * The message log as evidence: its chain verified, exported and time-stamped ({@link kz.qaqpa.evidence.LogVerifier},
 * the command line; {@link kz.qaqpa.evidence.HeadStamping}), and its old records moved into sealed archive files
 * ({@link kz.qaqpa.evidence.MessageLogArchive}); built from the configuration by {@link kz.qaqpa.evidence.Evidence}.
 */
package kz.qaqpa.evidence;
