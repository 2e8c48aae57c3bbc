-- 7.3 情報セキュリティインシデント: each report as it stands (body is the
-- whole report; the columns are what lists and statistics read), and
-- every version of it: a report is never deleted, only corrected, and the
-- correction is a new row of incident_versions.
CREATE TABLE incidents (
    id            INTEGER PRIMARY KEY AUTOINCREMENT,
    title         TEXT    NOT NULL,
    kind          TEXT    NOT NULL,
    unit_code     TEXT    NOT NULL,
    reporter      TEXT    NOT NULL,
    status        TEXT    NOT NULL,
    severity      INTEGER NOT NULL DEFAULT 0,
    cause_kind    TEXT    NOT NULL DEFAULT '',
    drill         INTEGER NOT NULL DEFAULT 0, -- 7.2.3: 訓練
    discovered_at TEXT    NOT NULL,
    reported_at   TEXT    NOT NULL,
    first_ack_at  TEXT    NOT NULL DEFAULT '',
    contained_at  TEXT    NOT NULL DEFAULT '',
    updated_at    TEXT    NOT NULL,
    version       INTEGER NOT NULL,
    body          TEXT    NOT NULL
);
CREATE INDEX incidents_board ON incidents (status, severity, discovered_at);
CREATE INDEX incidents_reporter ON incidents (reporter, id);
CREATE INDEX incidents_discovered ON incidents (discovered_at, id);

CREATE TABLE incident_versions (
    incident_id INTEGER NOT NULL REFERENCES incidents (id),
    version     INTEGER NOT NULL,
    changed_at  TEXT    NOT NULL,
    changed_by  TEXT    NOT NULL,
    reason      TEXT    NOT NULL DEFAULT '',
    body        TEXT    NOT NULL,
    PRIMARY KEY (incident_id, version)
);
CREATE TRIGGER incident_versions_kept BEFORE UPDATE ON incident_versions
BEGIN SELECT RAISE(ABORT, 'incident versions are never changed'); END;
CREATE TRIGGER incident_versions_undeleted BEFORE DELETE ON incident_versions
BEGIN SELECT RAISE(ABORT, 'incident versions are never deleted'); END;
CREATE TRIGGER incidents_undeleted BEFORE DELETE ON incidents
BEGIN SELECT RAISE(ABORT, 'incidents are never deleted, only corrected'); END;

-- 7.3.2カ: the information assets that leaked.
CREATE TABLE incident_assets (
    incident_id INTEGER NOT NULL REFERENCES incidents (id),
    asset_id    TEXT    NOT NULL,
    PRIMARY KEY (incident_id, asset_id)
);
CREATE INDEX incident_assets_asset ON incident_assets (asset_id);

-- 7.3.1: who was told, by which provision, by when they must acknowledge,
-- and when they did; an unacknowledged notice escalates.
CREATE TABLE incident_notices (
    id              INTEGER PRIMARY KEY AUTOINCREMENT,
    incident_id     INTEGER NOT NULL REFERENCES incidents (id),
    role            TEXT    NOT NULL,
    scope           TEXT    NOT NULL,
    staff_no        TEXT    NOT NULL,
    holder          TEXT    NOT NULL DEFAULT '', -- the holder a deputy acts for
    clause          TEXT    NOT NULL,
    reason          TEXT    NOT NULL,
    notified_at     TEXT    NOT NULL,
    due_at          TEXT    NOT NULL,
    acknowledged_at TEXT    NOT NULL DEFAULT '',
    escalated_at    TEXT    NOT NULL DEFAULT '',
    escalated_from  INTEGER REFERENCES incident_notices (id)
);
CREATE INDEX incident_notices_incident ON incident_notices (incident_id, acknowledged_at, due_at);
CREATE INDEX incident_notices_overdue ON incident_notices (acknowledged_at, escalated_at, due_at);
CREATE INDEX incident_notices_person ON incident_notices (staff_no, acknowledged_at);

-- The timeline: every step with who and when.
CREATE TABLE incident_events (
    id          INTEGER PRIMARY KEY AUTOINCREMENT,
    incident_id INTEGER NOT NULL REFERENCES incidents (id),
    at          TEXT    NOT NULL,
    actor       TEXT    NOT NULL,
    kind        TEXT    NOT NULL,
    text        TEXT    NOT NULL
);
CREATE INDEX incident_events_incident ON incident_events (incident_id, id);

-- 7.3.3ウ・エ・オ: instructions and prevention measures, tracked to done.
CREATE TABLE incident_actions (
    id          INTEGER PRIMARY KEY AUTOINCREMENT,
    incident_id INTEGER NOT NULL REFERENCES incidents (id),
    kind        TEXT    NOT NULL,
    text        TEXT    NOT NULL,
    assignee    TEXT    NOT NULL DEFAULT '',
    state       TEXT    NOT NULL,
    due         TEXT    NOT NULL DEFAULT '',
    check_due   TEXT    NOT NULL DEFAULT '',
    effective   INTEGER NOT NULL DEFAULT 0,
    result      TEXT    NOT NULL DEFAULT '',
    created_at  TEXT    NOT NULL,
    updated_at  TEXT    NOT NULL,
    version     INTEGER NOT NULL
);
CREATE INDEX incident_actions_incident ON incident_actions (incident_id, id);
CREATE INDEX incident_actions_open ON incident_actions (state, check_due);

-- 3.3.2イ, 7.3.1エ・オ, 8.5.3: the reports made to outside bodies.
CREATE TABLE incident_outside_reports (
    incident_id INTEGER NOT NULL REFERENCES incidents (id),
    body        TEXT    NOT NULL,
    stage       TEXT    NOT NULL,
    made_at     TEXT    NOT NULL,
    made_by     TEXT    NOT NULL,
    reference   TEXT    NOT NULL DEFAULT '',
    PRIMARY KEY (incident_id, body, stage)
);

-- 8.5.3: evidence, with the SHA-256 taken at upload; never changed.
CREATE TABLE incident_evidence (
    id           INTEGER PRIMARY KEY AUTOINCREMENT,
    incident_id  INTEGER NOT NULL REFERENCES incidents (id),
    name         TEXT    NOT NULL,
    content_type TEXT    NOT NULL,
    size         INTEGER NOT NULL,
    sha256       TEXT    NOT NULL,
    note         TEXT    NOT NULL DEFAULT '',
    uploaded_by  TEXT    NOT NULL,
    uploaded_at  TEXT    NOT NULL,
    data         BLOB    NOT NULL
);
CREATE INDEX incident_evidence_incident ON incident_evidence (incident_id, id);
CREATE TRIGGER incident_evidence_kept BEFORE UPDATE ON incident_evidence
BEGIN SELECT RAISE(ABORT, 'evidence is never changed'); END;
CREATE TRIGGER incident_evidence_undeleted BEFORE DELETE ON incident_evidence
BEGIN SELECT RAISE(ABORT, 'evidence is never deleted'); END;

-- 8.1.8 障害記録.
CREATE TABLE failure_records (
    id          INTEGER PRIMARY KEY AUTOINCREMENT,
    system_id   TEXT    NOT NULL,
    unit_code   TEXT    NOT NULL,
    reported_by TEXT    NOT NULL,
    occurred_at TEXT    NOT NULL,
    description TEXT    NOT NULL,
    handling    TEXT    NOT NULL DEFAULT '',
    problems    TEXT    NOT NULL DEFAULT '',
    resolved    INTEGER NOT NULL DEFAULT 0,
    incident_id INTEGER REFERENCES incidents (id),
    created_at  TEXT    NOT NULL,
    updated_at  TEXT    NOT NULL,
    version     INTEGER NOT NULL
);
CREATE INDEX failure_records_system ON failure_records (system_id, occurred_at);
CREATE INDEX failure_records_occurred ON failure_records (occurred_at, id);

-- 9.4.3 緊急連絡網.
CREATE TABLE emergency_contacts (
    id       INTEGER PRIMARY KEY AUTOINCREMENT,
    order_no INTEGER NOT NULL,
    name     TEXT    NOT NULL,
    unit     TEXT    NOT NULL,
    post     TEXT    NOT NULL DEFAULT '',
    phone    TEXT    NOT NULL,
    mail     TEXT    NOT NULL DEFAULT '',
    outside  INTEGER NOT NULL DEFAULT 0,
    note     TEXT    NOT NULL DEFAULT '',
    version  INTEGER NOT NULL
);
CREATE INDEX emergency_contacts_order ON emergency_contacts (order_no, id);

-- 9.4.1, 9.4.2, 9.4.5: response procedures, their owners and reviews.
CREATE TABLE incident_procedures (
    id          INTEGER PRIMARY KEY AUTOINCREMENT,
    title       TEXT    NOT NULL,
    owner       TEXT    NOT NULL,
    body        TEXT    NOT NULL DEFAULT '',
    covers      TEXT    NOT NULL DEFAULT '',
    reviewed_on TEXT    NOT NULL,
    next_review TEXT    NOT NULL,
    updated_at  TEXT    NOT NULL,
    version     INTEGER NOT NULL
);
