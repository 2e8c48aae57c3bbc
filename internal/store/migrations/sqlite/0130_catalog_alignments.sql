-- A city's own standard aligned with the reference standard: the proposals
-- of kijun catalog align for the CISO's office to review (accept, reject,
-- change, add), and who confirmed each alignment and when. Confirmed
-- alignments are catalog mappings from the city's catalog to the
-- reference's.
CREATE TABLE catalog_alignments (
    from_key     TEXT NOT NULL,
    from_edition TEXT NOT NULL,
    from_pid     TEXT NOT NULL,
    to_key       TEXT NOT NULL,
    to_edition   TEXT NOT NULL,
    ord          INTEGER NOT NULL,
    candidates   TEXT NOT NULL,
    doubt        REAL NOT NULL,
    status       TEXT NOT NULL DEFAULT 'proposed',
    decided_by   TEXT NOT NULL DEFAULT '',
    decided_at   TEXT NOT NULL DEFAULT '',
    PRIMARY KEY (from_key, from_edition, from_pid, to_key)
);
CREATE INDEX catalog_alignments_doubt ON catalog_alignments (from_key, from_edition, to_key, doubt);

-- Who confirmed a catalog mapping that is an alignment, and when; a
-- mapping loaded from a file has no row here.
CREATE TABLE catalog_mapping_confirmations (
    from_key     TEXT NOT NULL,
    from_pid     TEXT NOT NULL,
    to_key       TEXT NOT NULL,
    to_pid       TEXT NOT NULL,
    confirmed_by TEXT NOT NULL,
    confirmed_at TEXT NOT NULL,
    PRIMARY KEY (from_key, from_pid, to_key, to_pid)
);
