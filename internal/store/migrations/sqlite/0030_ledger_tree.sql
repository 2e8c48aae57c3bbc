-- 4.4: the ledger's Merkle tree (RFC 6962): the hashes tlog stores for
-- each record, by tlog's stored-hash index, so that a tree head and the
-- proof that one head extends another read a few rows, not the ledger.
-- Filled from the existing records when this migration is applied.
CREATE TABLE ledger_tree (
    idx  INTEGER PRIMARY KEY CHECK (idx >= 0),
    hash TEXT NOT NULL
);

CREATE TRIGGER ledger_tree_no_update BEFORE UPDATE ON ledger_tree
BEGIN SELECT RAISE(ABORT, 'the ledger tree is append-only'); END;
CREATE TRIGGER ledger_tree_no_delete BEFORE DELETE ON ledger_tree
BEGIN SELECT RAISE(ABORT, 'the ledger tree is append-only'); END;
