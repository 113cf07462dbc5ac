-- How long messages are kept. A room's retention_days overrides the
-- server's --retention-days; 0 follows it (whose own 0 keeps forever).
-- Private conversations follow the server's.
ALTER TABLE rooms ADD COLUMN retention_days INTEGER NOT NULL DEFAULT 0
  CHECK (retention_days >= 0);

-- Purging finds the old messages of a room through messages_by_room; these
-- find old private messages, and whether a purged message's file is still
-- shared by another, without reading the whole history.
CREATE INDEX messages_private_by_id ON messages (msg_id) WHERE room_id IS NULL;
CREATE INDEX messages_by_file ON messages (file_id) WHERE file_id IS NOT NULL;

-- Space freed by purging is given back to the file system a little at a
-- time (PRAGMA incremental_vacuum). A database created before this
-- migration is rewritten once (VACUUM) by the server to take this setting.
PRAGMA auto_vacuum = INCREMENTAL;
