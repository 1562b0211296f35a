-- Session 24: the store compares text exactly. HSQLDB's default collation (SQL_TEXT, PAD SPACE) compared two strings
-- with the shorter padded with spaces, so a messageId, correlationId or queued message's id "id " was "id" in every
-- look-up and unique key that names one (docs/security.md, Session 23 and 24 reviews). NO PAD compares every
-- character, as XML Schema compares the contract's xs:string identifiers. The collation is the database's, so it holds
-- for every column, those added later too, and HSQLDB keeps it in the store's script.
SET DATABASE COLLATION SQL_TEXT NO PAD;
-- An index keeps its keys in the order they compared in when it was built, and the new comparison orders one pair
-- differently: a string before the same string followed by a character below the space ("m-1" and "m-1<tab>", which
-- PAD SPACE ordered the other way round). A look-up would then miss a key it holds. Only identifiers a sender chose can
-- be so: its messageIds (until the gate refused surrounding whitespace a sender could end one with a tab), kept in the
-- message log's key and in the application's index by message. HSQLDB rebuilds every index of a table when an index is
-- added to it, so each of the two tables is rebuilt once in the new order. The other keys hold the gateway's own
-- identifiers (guids, the registry's names), which the change orders as before.
CREATE INDEX message_log_reordered ON message_log (sender_id);
DROP INDEX message_log_reordered;
CREATE INDEX application_reordered ON application (sender_id);
DROP INDEX application_reordered;
