-- 4.2オ(4): a holder takes the highest class of what it holds. The asset
-- page of an asset on the 住民記録システム showed that class by reading
-- each of the system's 40,000 assets. holder_classes keeps, per holder,
-- how many of its assets have each combination of classes (a dozen rows
-- at most), so the highest class and the counts are a read of a few rows;
-- a count per combination, not a maximum, so that removing an asset
-- lowers the class again. Statement triggers keep it in the transaction
-- that changes asset_holders, whichever path writes it (forms, imports,
-- 組織改正, the demo), one grouped write a statement rather than one a
-- row, so an import of 5,000 assets to a statement stays one write. The
-- rows are written in key order so two writers lock them in one order.
CREATE TABLE holder_classes (
    holder          TEXT NOT NULL,
    confidentiality INTEGER NOT NULL,
    integrity       INTEGER NOT NULL,
    availability    INTEGER NOT NULL,
    assets          INTEGER NOT NULL,
    PRIMARY KEY (holder, confidentiality, integrity, availability)
);
INSERT INTO holder_classes (holder, confidentiality, integrity, availability, assets)
    SELECT holder, confidentiality, integrity, availability, COUNT(*) FROM asset_holders
    GROUP BY holder, confidentiality, integrity, availability;

CREATE FUNCTION holder_classes_add() RETURNS trigger LANGUAGE plpgsql AS $$ BEGIN
    INSERT INTO holder_classes (holder, confidentiality, integrity, availability, assets)
        SELECT holder, confidentiality, integrity, availability, COUNT(*) FROM holder_classes_new
        GROUP BY holder, confidentiality, integrity, availability ORDER BY 1, 2, 3, 4
        ON CONFLICT (holder, confidentiality, integrity, availability) DO UPDATE SET assets = holder_classes.assets + excluded.assets;
    RETURN NULL;
END $$;
CREATE FUNCTION holder_classes_remove() RETURNS trigger LANGUAGE plpgsql AS $$ BEGIN
    UPDATE holder_classes h SET assets = h.assets - o.n
        FROM (SELECT holder, confidentiality, integrity, availability, COUNT(*) AS n FROM holder_classes_old
              GROUP BY holder, confidentiality, integrity, availability ORDER BY 1, 2, 3, 4) o
        WHERE h.holder = o.holder AND h.confidentiality = o.confidentiality AND h.integrity = o.integrity AND h.availability = o.availability;
    DELETE FROM holder_classes h USING (SELECT DISTINCT holder, confidentiality, integrity, availability FROM holder_classes_old) o
        WHERE h.holder = o.holder AND h.confidentiality = o.confidentiality AND h.integrity = o.integrity AND h.availability = o.availability
        AND h.assets <= 0;
    RETURN NULL;
END $$;
CREATE FUNCTION holder_classes_change() RETURNS trigger LANGUAGE plpgsql AS $$ BEGIN
    UPDATE holder_classes h SET assets = h.assets - o.n
        FROM (SELECT holder, confidentiality, integrity, availability, COUNT(*) AS n FROM holder_classes_old
              GROUP BY holder, confidentiality, integrity, availability ORDER BY 1, 2, 3, 4) o
        WHERE h.holder = o.holder AND h.confidentiality = o.confidentiality AND h.integrity = o.integrity AND h.availability = o.availability;
    DELETE FROM holder_classes h USING (SELECT DISTINCT holder, confidentiality, integrity, availability FROM holder_classes_old) o
        WHERE h.holder = o.holder AND h.confidentiality = o.confidentiality AND h.integrity = o.integrity AND h.availability = o.availability
        AND h.assets <= 0;
    INSERT INTO holder_classes (holder, confidentiality, integrity, availability, assets)
        SELECT holder, confidentiality, integrity, availability, COUNT(*) FROM holder_classes_new
        GROUP BY holder, confidentiality, integrity, availability ORDER BY 1, 2, 3, 4
        ON CONFLICT (holder, confidentiality, integrity, availability) DO UPDATE SET assets = holder_classes.assets + excluded.assets;
    RETURN NULL;
END $$;
CREATE TRIGGER holder_classes_insert AFTER INSERT ON asset_holders
    REFERENCING NEW TABLE AS holder_classes_new FOR EACH STATEMENT EXECUTE FUNCTION holder_classes_add();
CREATE TRIGGER holder_classes_delete AFTER DELETE ON asset_holders
    REFERENCING OLD TABLE AS holder_classes_old FOR EACH STATEMENT EXECUTE FUNCTION holder_classes_remove();
CREATE TRIGGER holder_classes_update AFTER UPDATE ON asset_holders
    REFERENCING OLD TABLE AS holder_classes_old NEW TABLE AS holder_classes_new FOR EACH STATEMENT EXECUTE FUNCTION holder_classes_change();
CREATE FUNCTION holder_classes_empty() RETURNS trigger LANGUAGE plpgsql AS $$ BEGIN
    DELETE FROM holder_classes;
    RETURN NULL;
END $$;
CREATE TRIGGER holder_classes_truncate AFTER TRUNCATE ON asset_holders
    FOR EACH STATEMENT EXECUTE FUNCTION holder_classes_empty();

-- The assets that set a holder's class are named in its reasons, the
-- first five by ID: one index per scale finds them at once where the
-- holder's 40,000 rows would otherwise be walked. The per-holder maxima
-- that asset_holders_class answered are now read from holder_classes.
DROP INDEX IF EXISTS asset_holders_class;
CREATE INDEX asset_holders_confidentiality ON asset_holders (holder, confidentiality, asset_id);
CREATE INDEX asset_holders_integrity ON asset_holders (holder, integrity, asset_id);
CREATE INDEX asset_holders_availability ON asset_holders (holder, availability, asset_id);
