-- 9.2.1ア, イ: a finding of the continuous check as work to do. Each
-- finding has an owner (by default the 情報管理者 of its 課 on the day), a
-- due day set by its severity, and a state. The columns are empty until
-- someone works on the finding: an empty owner is the role's holder, an
-- empty due day is the one its severity gives, an empty state is open.
ALTER TABLE compliance_findings ADD COLUMN owner TEXT NOT NULL DEFAULT '';
ALTER TABLE compliance_findings ADD COLUMN work_state TEXT NOT NULL DEFAULT '';
ALTER TABLE compliance_findings ADD COLUMN due_day TEXT NOT NULL DEFAULT '';
ALTER TABLE compliance_findings ADD COLUMN work_updated_at TEXT NOT NULL DEFAULT '';
ALTER TABLE compliance_findings ADD COLUMN work_version INTEGER NOT NULL DEFAULT 0;
CREATE INDEX compliance_findings_owner ON compliance_findings (owner, closed_at);

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
