-- The asset register's word search indexes each Latin letter and digit on
-- its own as well (see internal/store/search.go), so that a word of one
-- such character is found by the index rather than by a scan, and counts a
-- word that is one term from the index alone. Kijun fills the index again
-- right after this script, in the same transaction.
INSERT INTO asset_search (asset_search) VALUES ('delete-all');
DELETE FROM asset_search_docs;

-- Counting from the index alone needs it to hold no asset that is gone: an
-- asset deleted by hand takes its doc with it, and a doc its terms. Made
-- after the index is emptied, so that emptying it deletes no terms one by
-- one.
CREATE TRIGGER assets_forget_search AFTER DELETE ON assets BEGIN
    DELETE FROM asset_search_docs WHERE asset_id = old.id;
END;
CREATE TRIGGER asset_search_docs_forget AFTER DELETE ON asset_search_docs BEGIN
    DELETE FROM asset_search WHERE rowid = old.doc;
END;
