-- The API's answers to POSTs sent with an Idempotency-Key, so a client that
-- retries after a lost answer gets the first answer instead of a second
-- request filed. Kept for a day (expires_at), per account.
CREATE TABLE api_idempotency (
    account_id TEXT    NOT NULL,
    idem_key   TEXT    NOT NULL,
    method     TEXT    NOT NULL,
    path       TEXT    NOT NULL,
    body_hash  TEXT    NOT NULL, -- hex SHA-256 of the request body
    status     INTEGER NOT NULL,
    response   TEXT    NOT NULL,
    created_at TEXT    NOT NULL,
    expires_at TEXT    NOT NULL,
    PRIMARY KEY (account_id, idem_key)
);
CREATE INDEX api_idempotency_expiry ON api_idempotency (expires_at);
