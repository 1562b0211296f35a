-- Session 37 (revstate26, docs/security.md "Session 37 review"): the newest revocation answer read of each CRL scope
-- and about each certificate, by its mark, so that a restart does not forget it (attack25 kept them in memory only: an
-- older list, or an older OCSP answer without the nonce, still before its nextUpdate, was taken once after a restart).
-- kind 'crl': subject is the SHA-256 (hex) of the scope (the issuer's name and key, the Issuing Distribution Point),
-- crl_number the list's cRLNumber (NULL: it carries none); kind 'ocsp': subject is the SHA-256 of the CertID (issuer's
-- name and key hashes, serial), produced_at the answer's producedAt. this_update is the answer's thisUpdate,
-- valid_until its nextUpdate (or what stands for one: kz.qaqpa.trust.CrlClient, OcspClient). Written by
-- kz.qaqpa.store.RevocationMarkTable only when a mark advances; the retention deletes a row once past valid_until
-- (along revocation_mark_until), so the table holds one row per scope and certificate answered for while it counts.
CREATE CACHED TABLE revocation_mark (
  kind        VARCHAR(8)               NOT NULL,
  subject     CHAR(64)                 NOT NULL,
  crl_number  DECIMAL(50)              NULL,
  this_update TIMESTAMP WITH TIME ZONE NOT NULL,
  produced_at TIMESTAMP WITH TIME ZONE NULL,
  valid_until TIMESTAMP WITH TIME ZONE NOT NULL,
  PRIMARY KEY (kind, subject)
);
CREATE INDEX revocation_mark_until ON revocation_mark (valid_until);
