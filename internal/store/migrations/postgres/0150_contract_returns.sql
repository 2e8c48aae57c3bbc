-- 10.1.2ア(8): when the work ends, every information asset the contract
-- entrusted is returned or disposed of (with the contractor's
-- certificate); a contract closes only once each is accounted for.
CREATE TABLE contract_returns (
    contract_id TEXT NOT NULL REFERENCES contracts (id),
    asset_id    TEXT NOT NULL,
    outcome     TEXT NOT NULL, -- returned or disposed
    done_on     TEXT NOT NULL,
    certificate TEXT NOT NULL DEFAULT '',
    note        TEXT NOT NULL DEFAULT '',
    recorded_by TEXT NOT NULL,
    created_at  TEXT NOT NULL,
    PRIMARY KEY (contract_id, asset_id)
);
