-- The asset register's word search: an index of the bigrams of each asset's
-- search key (see internal/store/search.go), which narrows a search before
-- the exact substring test. Kijun fills it for the assets already stored
-- right after this script, in the same transaction.
--
-- Contentless (the bigrams are in the index, nowhere else) with deletes,
-- so a changed asset's entry can be replaced; no positions (detail=none),
-- as a search asks only which assets hold every bigram. The ascii
-- tokenizer keeps each bigram, Japanese or not, as one token.
CREATE VIRTUAL TABLE asset_search USING fts5 (
    grams,
    tokenize = 'ascii',
    detail = none,
    content = '',
    contentless_delete = 1
);

-- The document each asset is in asset_search. Its own INTEGER PRIMARY KEY,
-- since the rowids of assets (which has none) may change on VACUUM. No
-- foreign key: assets are not deleted, and a doc left behind would join no
-- asset and be reused if its ID came back. AUTOINCREMENT, so that a doc is
-- never given the number of one deleted by hand whose bigrams are still in
-- asset_search.
CREATE TABLE asset_search_docs (
    doc      INTEGER PRIMARY KEY AUTOINCREMENT,
    asset_id TEXT NOT NULL UNIQUE
);

-- A search reads asset_search now, or scans the table for a word of one
-- character; the index on the whole key only slowed every write.
DROP INDEX assets_search;
