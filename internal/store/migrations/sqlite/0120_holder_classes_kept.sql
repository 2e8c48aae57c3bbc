-- 4.2オ(4): a holder takes the highest class of what it holds. The asset
-- page of an asset on the 住民記録システム showed that class by reading
-- each of the system's 40,000 assets. holder_classes keeps, per holder,
-- how many of its assets have each combination of classes (a dozen rows
-- at most), so the highest class and the counts are a read of a few rows;
-- a count per combination, not a maximum, so that removing an asset
-- lowers the class again. Triggers keep it in the transaction that
-- changes asset_holders, whichever path writes it (forms, imports,
-- 組織改正, the demo).
CREATE TABLE holder_classes (
    holder          TEXT NOT NULL,
    confidentiality INTEGER NOT NULL,
    integrity       INTEGER NOT NULL,
    availability    INTEGER NOT NULL,
    assets          INTEGER NOT NULL,
    PRIMARY KEY (holder, confidentiality, integrity, availability)
) WITHOUT ROWID;
INSERT INTO holder_classes (holder, confidentiality, integrity, availability, assets)
    SELECT holder, confidentiality, integrity, availability, COUNT(*) FROM asset_holders
    GROUP BY holder, confidentiality, integrity, availability;

-- IF NOT EXISTS: the upgrade test undoes the newest migration's tables
-- and indexes and applies it again; the triggers stay on asset_holders.
CREATE TRIGGER IF NOT EXISTS holder_classes_insert AFTER INSERT ON asset_holders
BEGIN
    INSERT INTO holder_classes (holder, confidentiality, integrity, availability, assets)
        VALUES (NEW.holder, NEW.confidentiality, NEW.integrity, NEW.availability, 1)
        ON CONFLICT (holder, confidentiality, integrity, availability) DO UPDATE SET assets = assets + 1;
END;
CREATE TRIGGER IF NOT EXISTS holder_classes_delete AFTER DELETE ON asset_holders
BEGIN
    UPDATE holder_classes SET assets = assets - 1 WHERE holder = OLD.holder
        AND confidentiality = OLD.confidentiality AND integrity = OLD.integrity AND availability = OLD.availability;
    DELETE FROM holder_classes WHERE holder = OLD.holder AND confidentiality = OLD.confidentiality
        AND integrity = OLD.integrity AND availability = OLD.availability AND assets <= 0;
END;
CREATE TRIGGER IF NOT EXISTS holder_classes_update AFTER UPDATE OF holder, confidentiality, integrity, availability ON asset_holders
BEGIN
    UPDATE holder_classes SET assets = assets - 1 WHERE holder = OLD.holder
        AND confidentiality = OLD.confidentiality AND integrity = OLD.integrity AND availability = OLD.availability;
    DELETE FROM holder_classes WHERE holder = OLD.holder AND confidentiality = OLD.confidentiality
        AND integrity = OLD.integrity AND availability = OLD.availability AND assets <= 0;
    INSERT INTO holder_classes (holder, confidentiality, integrity, availability, assets)
        VALUES (NEW.holder, NEW.confidentiality, NEW.integrity, NEW.availability, 1)
        ON CONFLICT (holder, confidentiality, integrity, availability) DO UPDATE SET assets = assets + 1;
END;

-- The assets that set a holder's class are named in its reasons, the
-- first five by ID: one index per scale finds them at once where the
-- holder's 40,000 rows would otherwise be walked. The per-holder maxima
-- that asset_holders_class answered are now read from holder_classes.
DROP INDEX IF EXISTS asset_holders_class;
CREATE INDEX asset_holders_confidentiality ON asset_holders (holder, confidentiality, asset_id);
CREATE INDEX asset_holders_integrity ON asset_holders (holder, integrity, asset_id);
CREATE INDEX asset_holders_availability ON asset_holders (holder, availability, asset_id);
