-- 11.2 自己点検. The city's questions, each citing its provision; while
-- the table is empty the questions Kijun proposes from the catalog apply.
CREATE TABLE selfcheck_questions (
    key        TEXT PRIMARY KEY,
    provision  TEXT    NOT NULL,
    audience   TEXT    NOT NULL, -- unit, system, staff
    text       TEXT    NOT NULL,
    rules      TEXT    NOT NULL DEFAULT '', -- rule IDs, space-separated
    active     INTEGER NOT NULL DEFAULT 1,
    position   INTEGER NOT NULL,
    updated_at TEXT    NOT NULL
);

-- One campaign per 年度, launched by the 情報セキュリティ統括責任者; its
-- questions are frozen at launch (JSON), so a later edit changes next
-- year's campaign, not this one.
CREATE TABLE selfcheck_campaigns (
    id          INTEGER PRIMARY KEY,
    fiscal_year INTEGER NOT NULL UNIQUE,
    launched_at TEXT    NOT NULL,
    launched_by TEXT    NOT NULL,
    due_day     TEXT    NOT NULL,
    closed_at   TEXT    NOT NULL DEFAULT '',
    questions   TEXT    NOT NULL
);

-- One report per respondent: a 課 (its 情報管理者), a system (its
-- 業務システム管理者) or a person (their own). unit_code is the 課 the
-- report counts under in the progress per 局 and 課.
CREATE TABLE selfcheck_reports (
    id           INTEGER PRIMARY KEY,
    campaign_id  INTEGER NOT NULL REFERENCES selfcheck_campaigns (id),
    audience     TEXT    NOT NULL,
    subject      TEXT    NOT NULL,
    subject_name TEXT    NOT NULL,
    unit_code    TEXT    NOT NULL,
    respondent   TEXT    NOT NULL, -- staff number; '' while the role is vacant
    answered     INTEGER NOT NULL DEFAULT 0,
    contradicted INTEGER NOT NULL DEFAULT 0,
    submitted_at TEXT    NOT NULL DEFAULT '',
    reminded_at  TEXT    NOT NULL DEFAULT '',
    UNIQUE (campaign_id, audience, subject)
);
CREATE INDEX selfcheck_reports_unit ON selfcheck_reports (campaign_id, unit_code);

-- The progress per 課, kept with every answer and submission in the same
-- transaction, so the city's progress reads one row per 課, not every
-- report.
CREATE TABLE selfcheck_unit_progress (
    campaign_id  INTEGER NOT NULL REFERENCES selfcheck_campaigns (id),
    unit_code    TEXT    NOT NULL,
    reports      INTEGER NOT NULL,
    answered     INTEGER NOT NULL DEFAULT 0,
    submitted    INTEGER NOT NULL DEFAULT 0,
    contradicted INTEGER NOT NULL DEFAULT 0,
    PRIMARY KEY (campaign_id, unit_code)
);
CREATE INDEX selfcheck_reports_respondent ON selfcheck_reports (respondent, campaign_id);

CREATE TABLE selfcheck_answers (
    report_id    INTEGER NOT NULL REFERENCES selfcheck_reports (id),
    question     TEXT    NOT NULL,
    value        TEXT    NOT NULL, -- yes, partly, no, na
    note         TEXT    NOT NULL DEFAULT '',
    explanation  TEXT    NOT NULL DEFAULT '',
    evidence     TEXT    NOT NULL DEFAULT '',
    contradicted TEXT    NOT NULL DEFAULT '', -- JSON: the findings that contradict it
    answered_at  TEXT    NOT NULL,
    answered_by  TEXT    NOT NULL,
    PRIMARY KEY (report_id, question)
);
