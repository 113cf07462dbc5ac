-- Uploaded files, kept in the database in the chunks they arrived in so that
-- neither an upload nor a download ever holds a whole file in memory.

CREATE TABLE files (
  file_id    INTEGER PRIMARY KEY,
  name       TEXT NOT NULL,
  size       INTEGER NOT NULL,
  sha256     TEXT NOT NULL,
  uploader   TEXT NOT NULL,
  room_id    INTEGER REFERENCES rooms (room_id),
  recipient  TEXT,
  created_at TEXT NOT NULL,
  -- 0 while the upload is in progress: invisible to everyone, counted
  -- against the storage quota, removed if the upload fails or is abandoned.
  complete   INTEGER NOT NULL DEFAULT 0,
  CHECK ((room_id IS NULL) <> (recipient IS NULL))
);

CREATE TABLE file_chunks (
  file_id INTEGER NOT NULL REFERENCES files (file_id) ON DELETE CASCADE,
  seq     INTEGER NOT NULL,
  data    BLOB NOT NULL,
  PRIMARY KEY (file_id, seq)
) WITHOUT ROWID;

CREATE INDEX files_by_room ON files (room_id, file_id) WHERE room_id IS NOT NULL;
