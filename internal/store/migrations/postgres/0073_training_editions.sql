-- 7.1.1ア, 7.1.3: editions of the standard (or of the 実施手順) that every
-- person in scope acknowledges when they come into force, and who has.
CREATE TABLE training_editions (
    id       TEXT PRIMARY KEY,
    title    TEXT NOT NULL,
    in_force TEXT NOT NULL
);

CREATE TABLE training_acks (
    edition_id TEXT NOT NULL REFERENCES training_editions (id),
    staff_no   TEXT NOT NULL REFERENCES org_people (staff_no),
    acked_at   TEXT NOT NULL,
    PRIMARY KEY (edition_id, staff_no)
);
