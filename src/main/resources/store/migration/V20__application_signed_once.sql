-- Session 31 (replay17, docs/security.md "Session 31 review"): a signed application document is submitted through one
-- system. document_digest is the SHA-256 of the document's exclusive canonical form without its signatures
-- (kz.qaqpa.trust.SignedContent); the first system that made an application of it in its service owns it, and the same
-- form sent by another system (captured, replayed as its own) is refused, SCE026. The owner may send it again: a new
-- application, as before. The primary key decides when two systems send it at the same moment. Applications accepted
-- before this version have no row (the form is not kept apart from the message chain). The retention never deletes
-- applications, so the rows stay with them.
CREATE CACHED TABLE signed_form (
  service_id      VARCHAR(64)  NOT NULL,
  document_digest CHAR(64)     NOT NULL,
  sender_id       VARCHAR(64)  NOT NULL,
  correlation_id  VARCHAR(128) NOT NULL,
  PRIMARY KEY (service_id, document_digest)
);
