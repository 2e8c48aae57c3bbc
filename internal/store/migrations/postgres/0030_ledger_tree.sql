-- 4.4: the ledger's Merkle tree (RFC 6962): the hashes tlog stores for
-- each record, by tlog's stored-hash index, so that a tree head and the
-- proof that one head extends another read a few rows, not the ledger.
-- Filled from the existing records when this migration is applied.
CREATE TABLE ledger_tree (
    idx  BIGINT PRIMARY KEY CHECK (idx >= 0),
    hash TEXT NOT NULL
);

CREATE TRIGGER ledger_tree_no_change BEFORE UPDATE OR DELETE ON ledger_tree
FOR EACH ROW EXECUTE FUNCTION ledger_records_append_only();
