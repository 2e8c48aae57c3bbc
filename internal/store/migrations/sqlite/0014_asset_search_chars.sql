-- The asset register's word search indexes each character outside ASCII on
-- its own as well as each bigram (see internal/store/search.go), so that a
-- word of one character is found by the index rather than by a scan.
-- Kijun fills the index again right after this script, in the same
-- transaction.
INSERT INTO asset_search (asset_search) VALUES ('delete-all');
DELETE FROM asset_search_docs;
