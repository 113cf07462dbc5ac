-- Rooms, accounts and messages. Names are unique case-insensitively through
-- their *_key columns (ASCII lower case), while the display spelling is kept.

CREATE TABLE rooms (
  room_id    INTEGER PRIMARY KEY,
  name       TEXT NOT NULL,
  name_key   TEXT NOT NULL UNIQUE,
  topic      TEXT NOT NULL DEFAULT '',
  created_by TEXT,
  created_at TEXT NOT NULL
);

INSERT INTO rooms (name, name_key, topic, created_by, created_at)
VALUES ('main', 'main', 'Everyone joins here', NULL, strftime('%Y-%m-%dT%H:%M:%fZ', 'now'));

CREATE TABLE accounts (
  nick_key      TEXT PRIMARY KEY,
  nick          TEXT NOT NULL,
  password_hash TEXT NOT NULL,
  created_at    TEXT NOT NULL
);

CREATE TABLE messages (
  msg_id        INTEGER PRIMARY KEY,
  ts            TEXT NOT NULL,
  room_id       INTEGER REFERENCES rooms (room_id),
  sender        TEXT NOT NULL,
  recipient     TEXT,
  -- Both parties of a private message in a fixed order, so one index serves
  -- the conversation whichever side asks.
  pair_key      TEXT,
  kind          TEXT NOT NULL CHECK (kind IN ('text', 'file')),
  text          TEXT,
  file_id       INTEGER,
  -- 0 while a private message waits for its registered, offline recipient.
  delivered     INTEGER NOT NULL DEFAULT 1,
  recipient_key TEXT,
  CHECK ((room_id IS NULL) <> (recipient IS NULL))
);

CREATE INDEX messages_by_room ON messages (room_id, msg_id) WHERE room_id IS NOT NULL;
CREATE INDEX messages_by_pair ON messages (pair_key, msg_id) WHERE pair_key IS NOT NULL;
CREATE INDEX messages_undelivered ON messages (recipient_key, msg_id) WHERE delivered = 0;

CREATE VIEW history (msg_id, ts, room, sender, recipient, kind, text, file_id) AS
  SELECT m.msg_id, m.ts, r.name, m.sender, m.recipient, m.kind, m.text, m.file_id
  FROM messages AS m
  LEFT JOIN rooms AS r ON r.room_id = m.room_id
  ORDER BY m.msg_id;
