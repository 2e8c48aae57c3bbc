-- 7.2.4: the results of a 標的型攻撃メール訓練 (who was sent the mail,
-- opened it, clicked, reported it), and the follow-up courses assigned by
-- name to those who clicked.
CREATE TABLE training_drill_results (
    course_id TEXT    NOT NULL REFERENCES training_courses (id),
    staff_no  TEXT    NOT NULL REFERENCES org_people (staff_no),
    opened    INTEGER NOT NULL,
    clicked   INTEGER NOT NULL,
    reported  INTEGER NOT NULL,
    PRIMARY KEY (course_id, staff_no)
);

CREATE TABLE training_assigned (
    course_id TEXT NOT NULL REFERENCES training_courses (id),
    staff_no  TEXT NOT NULL REFERENCES org_people (staff_no),
    since     TEXT NOT NULL,
    due       TEXT NOT NULL,
    reason    TEXT NOT NULL,
    PRIMARY KEY (course_id, staff_no)
);
CREATE INDEX training_assigned_person ON training_assigned (staff_no);
