-- 3. 組織体制: organisation units over time, people, assignments, the roles
-- of 3.1 and 3.3.1, deputies (3.2.11, 9.3), and the IDs to review when
-- people leave (8.2.1イ(3)). Dates are 'YYYY-MM-DD'; an open end is
-- '9999-12-31', so "valid on D" is valid_from <= D AND valid_to >= D.

CREATE TABLE org_unit_kinds (
    code         TEXT PRIMARY KEY,
    name         TEXT    NOT NULL,
    name_en      TEXT    NOT NULL,
    level        INTEGER NOT NULL,
    info_officer INTEGER NOT NULL DEFAULT 0, -- 3.1.5: its head is the 情報責任者
    info_manager INTEGER NOT NULL DEFAULT 0  -- 3.1.6: its head is the 情報管理者
);
INSERT INTO org_unit_kinds (code, name, name_en, level, info_officer, info_manager) VALUES
    ('kyoku',  '局', 'Bureau',     1, 1, 0),
    ('shitsu', '室', 'Office',     1, 1, 0),
    ('ku',     '区', 'Ward',       1, 1, 0),
    ('bu',     '部', 'Department', 2, 0, 0),
    ('ka',     '課', 'Section',    3, 0, 1),
    ('kakari', '係', 'Subsection', 4, 0, 0);

CREATE TABLE org_units (
    code       TEXT PRIMARY KEY,
    created_at TEXT NOT NULL
);

-- One row per version of a unit: a 職制改正 closes one and opens the next.
CREATE TABLE org_unit_versions (
    unit_code   TEXT NOT NULL REFERENCES org_units (code),
    valid_from  TEXT NOT NULL,
    valid_to    TEXT NOT NULL,
    kind        TEXT NOT NULL REFERENCES org_unit_kinds (code),
    name        TEXT NOT NULL,
    kana        TEXT NOT NULL,
    parent_code TEXT NOT NULL DEFAULT '',
    PRIMARY KEY (unit_code, valid_from)
);
CREATE INDEX org_unit_versions_parent ON org_unit_versions (parent_code, valid_to);

-- 委託事業者: contractors whose staff work for the city.
CREATE TABLE org_contractors (
    id           TEXT PRIMARY KEY,
    name         TEXT NOT NULL,
    corporate_no TEXT NOT NULL DEFAULT ''
);

-- 職員等 (3.2.5イ) and contractors' staff.
CREATE TABLE org_people (
    staff_no      TEXT PRIMARY KEY,
    name          TEXT    NOT NULL,
    kana          TEXT    NOT NULL,
    search_key    TEXT    NOT NULL, -- name and kana normalised, for partial search
    employment    TEXT    NOT NULL,
    contractor_id TEXT    REFERENCES org_contractors (id),
    status        TEXT    NOT NULL DEFAULT 'active',
    left_on       TEXT    NOT NULL DEFAULT '',
    version       INTEGER NOT NULL DEFAULT 1
);

CREATE TABLE org_assignments (
    id         INTEGER PRIMARY KEY,
    staff_no   TEXT    NOT NULL REFERENCES org_people (staff_no),
    unit_code  TEXT    NOT NULL REFERENCES org_units (code),
    post       TEXT    NOT NULL,
    is_primary INTEGER NOT NULL,
    valid_from TEXT    NOT NULL,
    valid_to   TEXT    NOT NULL
);
CREATE INDEX org_assignments_person ON org_assignments (staff_no, valid_to);
CREATE INDEX org_assignments_unit ON org_assignments (unit_code, post, valid_to);

-- Explicit appointments to the roles of 3.1 and 3.3.1.
CREATE TABLE org_roles (
    id         INTEGER PRIMARY KEY,
    role       TEXT NOT NULL,
    scope_kind TEXT NOT NULL,
    scope_id   TEXT NOT NULL DEFAULT '',
    staff_no   TEXT NOT NULL REFERENCES org_people (staff_no),
    valid_from TEXT NOT NULL,
    valid_to   TEXT NOT NULL,
    note       TEXT NOT NULL DEFAULT ''
);
CREATE INDEX org_roles_scope ON org_roles (role, scope_kind, scope_id, valid_to);
CREATE INDEX org_roles_person ON org_roles (staff_no);

-- 9.3: deputies named by the 情報基盤管理者, 業務システム管理者 and 情報管理者.
CREATE TABLE org_deputies (
    id         INTEGER PRIMARY KEY,
    role       TEXT NOT NULL,
    scope_kind TEXT NOT NULL,
    scope_id   TEXT NOT NULL DEFAULT '',
    staff_no   TEXT NOT NULL REFERENCES org_people (staff_no),
    named_by   TEXT NOT NULL DEFAULT '',
    reason     TEXT NOT NULL DEFAULT '',
    valid_from TEXT NOT NULL,
    valid_to   TEXT NOT NULL
);
CREATE INDEX org_deputies_scope ON org_deputies (role, scope_kind, scope_id, valid_to);

-- 3.2.11: periods when a person cannot act (欠けたとき又は事故があるとき).
CREATE TABLE org_absences (
    id         INTEGER PRIMARY KEY,
    staff_no   TEXT NOT NULL REFERENCES org_people (staff_no),
    reason     TEXT NOT NULL DEFAULT '',
    valid_from TEXT NOT NULL,
    valid_to   TEXT NOT NULL
);
CREATE INDEX org_absences_person ON org_absences (staff_no, valid_to);

-- 8.2.1イ(3): people who left, whose IDs must be reviewed. The sign-in
-- work closes each entry when it has disabled the account.
CREATE TABLE org_id_reviews (
    id         INTEGER PRIMARY KEY,
    staff_no   TEXT NOT NULL REFERENCES org_people (staff_no),
    left_on    TEXT NOT NULL,
    reason     TEXT NOT NULL,
    status     TEXT NOT NULL DEFAULT 'open',
    created_at TEXT NOT NULL,
    UNIQUE (staff_no, left_on)
);
