-- 7.1.2: the 誓約 a 臨時の任用職員 gives before their account works. A
-- pledge is an edition (training_editions) whose acknowledgement
-- (training_acks) is the pledge itself, dated and recorded; this table
-- marks which editions are pledges and keeps the text pledged to.
CREATE TABLE training_pledges (
    edition_id TEXT PRIMARY KEY REFERENCES training_editions (id),
    body       TEXT NOT NULL
);
