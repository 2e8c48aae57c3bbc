-- 9.2.1ア, イ: a finding of the continuous check as work to do. A finding
-- has a row here once someone works on it: its owner (empty: the holder of
-- its 課's 情報管理者 role on the day), the due day fixed at the first
-- change (empty: the one its severity gives), and its state (empty: open).
-- A finding closed by the check and found again starts over: its row goes.
CREATE TABLE compliance_finding_work (
    rule       TEXT    NOT NULL,
    subject    TEXT    NOT NULL,
    owner      TEXT    NOT NULL DEFAULT '',
    state      TEXT    NOT NULL DEFAULT '',
    due_day    TEXT    NOT NULL DEFAULT '',
    updated_at TEXT    NOT NULL,
    version    INTEGER NOT NULL,
    PRIMARY KEY (rule, subject)
);
CREATE INDEX compliance_finding_work_owner ON compliance_finding_work (owner);

-- What people said while working on a finding; never changed.
CREATE TABLE compliance_finding_comments (
    id         INTEGER PRIMARY KEY AUTOINCREMENT,
    rule       TEXT NOT NULL,
    subject    TEXT NOT NULL,
    author     TEXT NOT NULL,
    body       TEXT NOT NULL,
    from_state TEXT NOT NULL DEFAULT '',
    to_state   TEXT NOT NULL DEFAULT '',
    at         TEXT NOT NULL
);
CREATE INDEX compliance_finding_comments_key ON compliance_finding_comments (rule, subject, id);
