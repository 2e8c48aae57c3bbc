-- 8.6.1: the software register names each product as vulnerability feeds
-- do (CPE 2.3).
ALTER TABLE system_software ADD COLUMN cpe TEXT NOT NULL DEFAULT '';

-- 8.1.5ア: the 作業記録 of every operation on a system. A record is never
-- changed or deleted: a wrong one is corrected by a new record.
CREATE TABLE work_records (
    id         INTEGER PRIMARY KEY AUTOINCREMENT,
    system_id  TEXT    NOT NULL REFERENCES systems (id),
    done_at    TEXT    NOT NULL,
    workers    TEXT    NOT NULL, -- JSON array of staff numbers or names
    summary    TEXT    NOT NULL,
    components TEXT    NOT NULL DEFAULT '',
    outcome    TEXT    NOT NULL,
    ticket     TEXT    NOT NULL DEFAULT '', -- the ticket system's number, for an imported record
    entered_by TEXT    NOT NULL,
    created_at TEXT    NOT NULL
);
CREATE INDEX work_records_system ON work_records (system_id, done_at);
CREATE UNIQUE INDEX work_records_ticket ON work_records (system_id, ticket) WHERE ticket <> '';
CREATE TRIGGER work_records_kept BEFORE UPDATE ON work_records
BEGIN SELECT RAISE(ABORT, 'work records are never changed'); END;
CREATE TRIGGER work_records_undeleted BEFORE DELETE ON work_records
BEGIN SELECT RAISE(ABORT, 'work records are never deleted'); END;

-- 8.1.5イ,ウ, 8.3.6: システム変更等の作業, planned to confirmed (body is the
-- whole change; the columns are what lists and rules read).
CREATE TABLE system_changes (
    id         INTEGER PRIMARY KEY AUTOINCREMENT,
    system_id  TEXT    NOT NULL REFERENCES systems (id),
    state      TEXT    NOT NULL,
    workers    INTEGER NOT NULL DEFAULT 0,
    done_at    TEXT    NOT NULL DEFAULT '',
    updated_at TEXT    NOT NULL,
    version    INTEGER NOT NULL,
    body       TEXT    NOT NULL
);
CREATE INDEX system_changes_system ON system_changes (system_id, id);
CREATE INDEX system_changes_state ON system_changes (state, done_at);
CREATE TRIGGER system_changes_undeleted BEFORE DELETE ON system_changes
BEGIN SELECT RAISE(ABORT, 'system changes are never deleted'); END;

-- 8.6.1: the vulnerabilities imported from feeds, and the products each
-- affects, by the key the inventory is matched on (vendor:product).
CREATE TABLE vulns (
    id          TEXT PRIMARY KEY,
    source      TEXT NOT NULL,
    score       REAL NOT NULL DEFAULT 0,
    severity    TEXT NOT NULL DEFAULT '',
    summary     TEXT NOT NULL DEFAULT '',
    modified    TEXT NOT NULL DEFAULT '',
    imported_at TEXT NOT NULL
);
CREATE TABLE vuln_affects (
    vuln_id     TEXT    NOT NULL REFERENCES vulns (id),
    seq         INTEGER NOT NULL,
    product_key TEXT    NOT NULL,
    body        TEXT    NOT NULL,
    PRIMARY KEY (vuln_id, seq)
);
CREATE INDEX vuln_affects_key ON vuln_affects (product_key);

-- 8.6.1: one finding per affected system and vulnerability, open until the
-- software moves past the fix or an exception (9.5) is accepted.
CREATE TABLE vuln_findings (
    system_id    TEXT NOT NULL REFERENCES systems (id),
    vuln_id      TEXT NOT NULL REFERENCES vulns (id),
    product      TEXT NOT NULL,
    version      TEXT NOT NULL,
    fixed        TEXT NOT NULL DEFAULT '',
    score        REAL NOT NULL DEFAULT 0,
    severity     TEXT NOT NULL DEFAULT '',
    urgency      TEXT NOT NULL,
    due_on       TEXT NOT NULL,
    admin        TEXT NOT NULL DEFAULT '',
    opened_at    TEXT NOT NULL,
    closed_at    TEXT NOT NULL DEFAULT '',
    close_reason TEXT NOT NULL DEFAULT '',
    PRIMARY KEY (system_id, vuln_id)
);
CREATE INDEX vuln_findings_open ON vuln_findings (closed_at, due_on);
CREATE INDEX vuln_findings_vuln ON vuln_findings (vuln_id);

-- 8.1.7, 9.1: how each system's logs are kept and reviewed, and what
-- watches it; the items and retention stay in the system register.
CREATE TABLE log_policies (
    system_id   TEXT    PRIMARY KEY REFERENCES systems (id),
    reviewer    TEXT    NOT NULL DEFAULT '', -- staff number
    every_days  INTEGER NOT NULL,
    on_failure  TEXT    NOT NULL DEFAULT '', -- 8.1.7イ: ログが取得できなくなった場合の対処
    backup      TEXT    NOT NULL DEFAULT '', -- 8.1.7エ
    monitoring  TEXT    NOT NULL DEFAULT '', -- 9.1ア: what watches the system, who is alerted
    time_sync   INTEGER NOT NULL DEFAULT 0,  -- 9.1イ
    updated_at  TEXT    NOT NULL,
    version     INTEGER NOT NULL
);
-- 8.1.7ウ: each review of a system's logs.
CREATE TABLE log_reviews (
    id          INTEGER PRIMARY KEY AUTOINCREMENT,
    system_id   TEXT    NOT NULL REFERENCES systems (id),
    reviewed_at TEXT    NOT NULL,
    reviewer    TEXT    NOT NULL,
    findings    TEXT    NOT NULL DEFAULT '',
    created_at  TEXT    NOT NULL
);
CREATE INDEX log_reviews_system ON log_reviews (system_id, reviewed_at);
CREATE TRIGGER log_reviews_kept BEFORE UPDATE ON log_reviews
BEGIN SELECT RAISE(ABORT, 'log reviews are never changed'); END;
