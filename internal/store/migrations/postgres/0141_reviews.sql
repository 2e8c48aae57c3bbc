-- 11.1.8, 11.3: the yearly review of the standard, one per 年度, decided
-- by the CISO's office; the catalog edition that follows it; and, per
-- provision whose findings came back, the counts it was decided on and
-- the decision.
CREATE TABLE review_records (
    fiscal_year  INTEGER PRIMARY KEY,
    next_catalog TEXT NOT NULL DEFAULT '',
    next_edition TEXT NOT NULL DEFAULT '',
    note         TEXT NOT NULL DEFAULT '',
    decided_by   TEXT NOT NULL,
    decided_at   TEXT NOT NULL
);

CREATE TABLE review_decisions (
    fiscal_year INTEGER NOT NULL REFERENCES review_records (fiscal_year),
    provision   TEXT    NOT NULL,
    decision    TEXT    NOT NULL,
    note        TEXT    NOT NULL DEFAULT '',
    counts      TEXT    NOT NULL,
    PRIMARY KEY (fiscal_year, provision)
);
