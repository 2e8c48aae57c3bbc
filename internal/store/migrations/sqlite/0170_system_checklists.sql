-- 8.3: where each system is in its life (調達, 開発, 導入, 稼働), as a
-- side table of the register.
CREATE TABLE system_stages (
    system_id TEXT    PRIMARY KEY REFERENCES systems (id),
    stage     TEXT    NOT NULL,
    moved_at  TEXT    NOT NULL,
    moved_by  TEXT    NOT NULL,
    version   INTEGER NOT NULL
);

-- 8.3.1 to 8.3.5, 8.1.6: the answer to each item of a system's checklists.
CREATE TABLE checklist_answers (
    system_id   TEXT NOT NULL REFERENCES systems (id),
    checklist   TEXT NOT NULL,
    provision   TEXT NOT NULL,
    verdict     TEXT NOT NULL,
    note        TEXT NOT NULL DEFAULT '',
    answered_by TEXT NOT NULL,
    answered_at TEXT NOT NULL,
    PRIMARY KEY (system_id, checklist, provision)
);

-- Files kept as evidence of a checklist item, with the SHA-256 of their
-- bytes; never changed.
CREATE TABLE checklist_evidence (
    id           INTEGER PRIMARY KEY,
    system_id    TEXT    NOT NULL REFERENCES systems (id),
    checklist    TEXT    NOT NULL,
    provision    TEXT    NOT NULL,
    name         TEXT    NOT NULL,
    content_type TEXT    NOT NULL,
    size         INTEGER NOT NULL,
    sha256       TEXT    NOT NULL,
    uploaded_by  TEXT    NOT NULL,
    uploaded_at  TEXT    NOT NULL,
    data         BLOB    NOT NULL
);
CREATE INDEX checklist_evidence_item ON checklist_evidence (system_id, checklist, provision, id);
CREATE TRIGGER checklist_evidence_no_update BEFORE UPDATE ON checklist_evidence
BEGIN SELECT RAISE(ABORT, 'checklist evidence is never changed'); END;
CREATE TRIGGER checklist_evidence_no_delete BEFORE DELETE ON checklist_evidence
BEGIN SELECT RAISE(ABORT, 'checklist evidence is never deleted'); END;
