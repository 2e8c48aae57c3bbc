-- Permits, approvals and exceptions: every 許可・承認・記録 of the standard
-- as requests of declared types (internal/permits). A request is never
-- deleted; each step it takes is a row of permit_steps, appended with its
-- ledger record and never changed (corrections are new steps).
CREATE TABLE permit_requests (
    id           INTEGER PRIMARY KEY,
    type         TEXT    NOT NULL,
    state        TEXT    NOT NULL,
    requester    TEXT    NOT NULL REFERENCES org_people (staff_no),
    unit_code    TEXT    NOT NULL DEFAULT '', -- the 課 whose 情報管理者 decides
    system_id    TEXT    NOT NULL DEFAULT '',
    subject      TEXT    NOT NULL DEFAULT '', -- the asset, device or area
    fields       TEXT    NOT NULL,            -- JSON object of the type's fields
    valid_from   TEXT    NOT NULL DEFAULT '',
    valid_to     TEXT    NOT NULL DEFAULT '',
    step         INTEGER NOT NULL DEFAULT 0,
    due_at       TEXT    NOT NULL DEFAULT '', -- the return (7.1.1キ) or the report (9.5.2)
    created_at   TEXT    NOT NULL,
    submitted_at TEXT    NOT NULL DEFAULT '',
    decided_at   TEXT    NOT NULL DEFAULT '',
    updated_at   TEXT    NOT NULL,
    flagged      INTEGER NOT NULL DEFAULT 0, -- 3.2.10ア やむを得ない場合
    exception    INTEGER NOT NULL DEFAULT 0, -- 9.5.3: in the register of exceptions
    version      INTEGER NOT NULL DEFAULT 1
);
CREATE INDEX permit_requests_requester ON permit_requests (requester, id);
CREATE INDEX permit_requests_subject ON permit_requests (subject, type, state);
CREATE INDEX permit_requests_state ON permit_requests (state, id);
CREATE INDEX permit_requests_exception ON permit_requests (exception, id);
CREATE INDEX permit_requests_flagged ON permit_requests (flagged, id);

-- Who must decide now: one row per role that may decide the pending step.
CREATE TABLE permit_pending (
    role         TEXT    NOT NULL,
    scope_kind   TEXT    NOT NULL,
    scope_id     TEXT    NOT NULL DEFAULT '',
    request_id   INTEGER NOT NULL REFERENCES permit_requests (id),
    submitted_at TEXT    NOT NULL,
    PRIMARY KEY (role, scope_kind, scope_id, request_id)
);
CREATE INDEX permit_pending_request ON permit_pending (request_id);

CREATE TABLE permit_steps (
    request_id   INTEGER NOT NULL REFERENCES permit_requests (id),
    seq          INTEGER NOT NULL,
    action       TEXT    NOT NULL,
    from_state   TEXT    NOT NULL,
    to_state     TEXT    NOT NULL,
    at           TEXT    NOT NULL,
    actor        TEXT    NOT NULL DEFAULT '', -- 職員番号; '' for Kijun itself
    on_behalf_of TEXT    NOT NULL DEFAULT '', -- 3.2.11, 9.3: the holder a deputy acted for
    role         TEXT    NOT NULL DEFAULT '',
    unavoidable  INTEGER NOT NULL DEFAULT 0,
    reason       TEXT    NOT NULL DEFAULT '',
    judgement    TEXT    NOT NULL DEFAULT '',
    fields       TEXT    NOT NULL DEFAULT '{}',
    note         TEXT    NOT NULL DEFAULT '',
    PRIMARY KEY (request_id, seq)
);

-- Files a request or a step carries (a certificate of erasure, an
-- application), kept with their SHA-256 and never changed.
CREATE TABLE permit_attachments (
    request_id   INTEGER NOT NULL REFERENCES permit_requests (id),
    n            INTEGER NOT NULL,
    step_seq     INTEGER NOT NULL,
    key          TEXT    NOT NULL,
    name         TEXT    NOT NULL,
    content_type TEXT    NOT NULL,
    size         INTEGER NOT NULL,
    sha256       TEXT    NOT NULL,
    data         BLOB    NOT NULL,
    PRIMARY KEY (request_id, n)
);

CREATE TRIGGER permit_steps_no_update BEFORE UPDATE ON permit_steps
BEGIN SELECT RAISE(ABORT, 'permit steps are append-only'); END;
CREATE TRIGGER permit_steps_no_delete BEFORE DELETE ON permit_steps
BEGIN SELECT RAISE(ABORT, 'permit steps are append-only'); END;
CREATE TRIGGER permit_requests_no_delete BEFORE DELETE ON permit_requests
BEGIN SELECT RAISE(ABORT, 'permit requests are never deleted'); END;
CREATE TRIGGER permit_attachments_no_update BEFORE UPDATE ON permit_attachments
BEGIN SELECT RAISE(ABORT, 'permit attachments are never changed'); END;
CREATE TRIGGER permit_attachments_no_delete BEFORE DELETE ON permit_attachments
BEGIN SELECT RAISE(ABORT, 'permit attachments are never changed'); END;
