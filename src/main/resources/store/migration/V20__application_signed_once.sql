-- Session 31 (replay17, docs/security.md "Session 31 review"): one application per signed application document and
-- service. document_digest is the SHA-256 of the document's exclusive canonical form without its signatures
-- (kz.qaqpa.trust.SignedContent): the same signed form sent again under a new messageId, by the same system or another,
-- is refused (SCE026) instead of making a second application. The key is a unique constraint, so two copies arriving
-- at the same moment make one application: the second commit fails on it. Applications accepted before this version
-- have no digest (NULL, which a unique constraint does not compare): the form is not kept apart from the message chain.
-- The row goes when its application goes; the retention never deletes applications.
ALTER TABLE application ADD COLUMN document_digest CHAR(64);
ALTER TABLE application ADD CONSTRAINT application_signed_once UNIQUE (service_id, document_digest);
