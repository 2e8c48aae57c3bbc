-- 4.4: the ledger page searches by person, action and date as well as by
-- entity; each filter walks an index, newest first, at ledger scale.
CREATE INDEX ledger_records_actor ON ledger_records (actor, seq);
CREATE INDEX ledger_records_action ON ledger_records (action, seq);
CREATE INDEX ledger_records_at ON ledger_records (at, seq);
