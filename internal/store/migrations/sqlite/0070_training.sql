-- 7.2 研修・訓練: the yearly plan (7.2.2ア), its courses with their
-- audience by role (エ), and who attended (オ). Who must attend is not
-- stored: it is computed from the organisation on each day.

CREATE TABLE training_plans (
    year          INTEGER PRIMARY KEY, -- 年度 (April to March)
    state         TEXT    NOT NULL,    -- draft, reported
    new_hire_days INTEGER NOT NULL,    -- 7.2.2ウ: days after joining
    drafted_by    TEXT    NOT NULL DEFAULT '',
    reported_by   TEXT    NOT NULL DEFAULT '',
    reported_on   TEXT    NOT NULL DEFAULT '',
    note          TEXT    NOT NULL DEFAULT '',
    version       INTEGER NOT NULL DEFAULT 1
);

CREATE TABLE training_courses (
    id          TEXT PRIMARY KEY,
    year        INTEGER NOT NULL REFERENCES training_plans (year),
    title       TEXT    NOT NULL,
    mode        TEXT    NOT NULL,    -- classroom, elearning, phishing
    audience    TEXT    NOT NULL,    -- audiences, comma separated
    period_from TEXT    NOT NULL,
    period_to   TEXT    NOT NULL,
    provisions  TEXT    NOT NULL DEFAULT '', -- catalog IDs, comma separated
    material    TEXT    NOT NULL DEFAULT '',
    quiz        TEXT    NOT NULL DEFAULT '', -- JSON: the questions
    pass_mark   INTEGER NOT NULL DEFAULT 0,
    version     INTEGER NOT NULL DEFAULT 1
);
CREATE INDEX training_courses_year ON training_courses (year);

-- One attendance per person and course: a quiz is answered once.
CREATE TABLE training_attendance (
    course_id   TEXT    NOT NULL REFERENCES training_courses (id),
    staff_no    TEXT    NOT NULL REFERENCES org_people (staff_no),
    attended_on TEXT    NOT NULL,
    source      TEXT    NOT NULL, -- quiz, manager, import
    score       INTEGER NOT NULL DEFAULT 0,
    has_score   INTEGER NOT NULL DEFAULT 0,
    passed      INTEGER NOT NULL,
    recorded_by TEXT    NOT NULL DEFAULT '',
    recorded_at TEXT    NOT NULL,
    PRIMARY KEY (course_id, staff_no)
);
CREATE INDEX training_attendance_person ON training_attendance (staff_no);

-- 7.2.2オ: the 情報管理者's report of their 課's training to the
-- 統括責任者 and the 情報責任者, with the figures as reported.
CREATE TABLE training_reports (
    id           INTEGER PRIMARY KEY,
    year         INTEGER NOT NULL,
    unit_code    TEXT    NOT NULL,
    submitted_by TEXT    NOT NULL,
    submitted_at TEXT    NOT NULL,
    figures      TEXT    NOT NULL, -- JSON: the tally as reported
    note         TEXT    NOT NULL DEFAULT ''
);
CREATE INDEX training_reports_unit ON training_reports (year, unit_code);
