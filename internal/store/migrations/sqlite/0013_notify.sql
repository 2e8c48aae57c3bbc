-- Mail to the people who must act. A person's address is organisation
-- data, kept beside their name; empty until it is known.
ALTER TABLE org_people ADD COLUMN mail TEXT NOT NULL DEFAULT '';

-- How a person wants their mail: each mail as it comes, or one digest a day.
CREATE TABLE notify_preferences (
    staff_no   TEXT PRIMARY KEY REFERENCES org_people (staff_no),
    mode       TEXT    NOT NULL, -- each, digest
    updated_at TEXT    NOT NULL,
    version    INTEGER NOT NULL DEFAULT 1
);

-- Mails waiting for a person's daily digest; sent_at is '' until sent.
CREATE TABLE notify_digest_items (
    id         INTEGER PRIMARY KEY,
    staff_no   TEXT NOT NULL REFERENCES org_people (staff_no),
    subject    TEXT NOT NULL,
    body       TEXT NOT NULL,
    link       TEXT NOT NULL,
    queued_at  TEXT NOT NULL,
    sent_at    TEXT NOT NULL DEFAULT ''
);
CREATE INDEX notify_digest_items_pending ON notify_digest_items (sent_at, staff_no, id);

-- Reminders already mailed, by their key, so none is mailed twice.
CREATE TABLE notify_reminders_sent (
    key        TEXT PRIMARY KEY,
    recipients TEXT NOT NULL,
    subject    TEXT NOT NULL,
    queued_at  TEXT NOT NULL
);
