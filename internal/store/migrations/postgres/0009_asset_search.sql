-- The asset register's word search: the bigrams of each asset's search key
-- (see internal/store/search.go), each as a number, under a GIN index,
-- which narrows a search before the exact substring test. Kijun fills the
-- column for the assets already stored right after this script, in the
-- same transaction.
ALTER TABLE assets ADD COLUMN search_grams BIGINT[] NOT NULL DEFAULT '{}';
CREATE INDEX assets_grams ON assets USING gin (search_grams);
