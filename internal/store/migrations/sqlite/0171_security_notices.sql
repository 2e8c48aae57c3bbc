-- 8.6.2: security notices to staff, and who each went to with when they
-- confirmed reading it.
CREATE TABLE security_notices (
    id       INTEGER PRIMARY KEY,
    title    TEXT NOT NULL,
    body     TEXT NOT NULL,
    audience TEXT NOT NULL,
    target   TEXT NOT NULL,
    sent_by  TEXT NOT NULL,
    sent_at  TEXT NOT NULL
);
CREATE TABLE notice_recipients (
    notice_id BIGINT NOT NULL REFERENCES security_notices (id),
    staff_no  TEXT   NOT NULL,
    unit_code TEXT   NOT NULL,
    read_at   TEXT   NOT NULL DEFAULT '',
    PRIMARY KEY (notice_id, staff_no)
);
CREATE INDEX notice_recipients_person ON notice_recipients (staff_no, notice_id);
