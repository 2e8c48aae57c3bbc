-- The asset register's word search indexes each Latin letter and digit on
-- its own as well (see internal/store/search.go), so that a word of one
-- such character is found by the index rather than by a scan. Kijun fills
-- assets.search_grams again right after this script, in the same
-- transaction.
SELECT 1;
