-- 7.2.3: the 年度's plan of 緊急時対応訓練 (scope, systems, who takes part),
-- the drills it sets, each drill's result against the plan (the drill
-- incident it was held as), and the improvements the CISO orders after
-- it, linked to the response procedure (9.4.1) they change and the
-- corrective action they open.
CREATE TABLE drill_plans (
    year         INTEGER NOT NULL PRIMARY KEY,
    scope        TEXT    NOT NULL,
    systems      TEXT    NOT NULL,
    participants TEXT    NOT NULL,
    drafted_by   TEXT    NOT NULL,
    updated_at   TEXT    NOT NULL,
    version      INTEGER NOT NULL
);

CREATE TABLE drill_plan_entries (
    id           INTEGER PRIMARY KEY AUTOINCREMENT,
    year         INTEGER NOT NULL REFERENCES drill_plans (year),
    title        TEXT    NOT NULL,
    planned_on   TEXT    NOT NULL,
    participants TEXT    NOT NULL
);
CREATE INDEX drill_plan_entries_year ON drill_plan_entries (year, planned_on);

CREATE TABLE drill_results (
    entry_id    INTEGER NOT NULL PRIMARY KEY REFERENCES drill_plan_entries (id),
    held        INTEGER NOT NULL,
    incident_id INTEGER REFERENCES incidents (id),
    lessons     TEXT    NOT NULL,
    recorded_by TEXT    NOT NULL,
    recorded_at TEXT    NOT NULL
);
-- A drill incident answers one entry of the plan.
CREATE UNIQUE INDEX drill_results_incident ON drill_results (incident_id);

CREATE TABLE drill_improvements (
    id            INTEGER PRIMARY KEY AUTOINCREMENT,
    entry_id      INTEGER NOT NULL REFERENCES drill_plan_entries (id),
    what          TEXT    NOT NULL,
    unit_code     TEXT    NOT NULL,
    owner_role    TEXT    NOT NULL,
    due           TEXT    NOT NULL,
    procedure_id  INTEGER NOT NULL REFERENCES incident_procedures (id),
    review_by     TEXT    NOT NULL,
    corrective_id INTEGER NOT NULL REFERENCES corrective_actions (id),
    ordered_by    TEXT    NOT NULL,
    ordered_at    TEXT    NOT NULL
);
CREATE INDEX drill_improvements_entry ON drill_improvements (entry_id);
