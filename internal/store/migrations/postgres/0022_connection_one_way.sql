-- 5.1ア, 5.2イ: whether data crosses a connection one way only, from its
-- 接続元 to its 接続先 (a data diode, an outbound-only transfer). Every
-- connection is taken to carry data both ways unless the register says
-- so: the direction a connection happens to be written in decides nothing.
ALTER TABLE network_connections ADD COLUMN one_way INTEGER NOT NULL DEFAULT 0;
