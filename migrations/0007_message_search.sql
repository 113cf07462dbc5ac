-- Full-text search over message texts and shared file names (a file
-- message's text is the file's name).
--
-- The index holds a normalised copy of each text: unicode61 folds case
-- (Cyrillic too) and, with remove_diacritics 2, Latin accents, but it keeps
-- ё and е apart; queries are normalised the same way. The normalising is
-- plain SQL so that the database stays usable from the sqlite3 shell:
--   SELECT m.* FROM message_search JOIN messages AS m ON m.msg_id = message_search.rowid
--   WHERE message_search MATCH 'туман*' ORDER BY m.msg_id DESC;

CREATE VIEW message_search_text (msg_id, body) AS
  SELECT msg_id, replace(replace(text, 'ё', 'е'), 'Ё', 'Е') FROM messages;

-- Results are ordered by msg_id, never ranked: no column sizes are kept.
CREATE VIRTUAL TABLE message_search USING fts5(
  body,
  content = 'message_search_text',
  content_rowid = 'msg_id',
  tokenize = 'unicode61 remove_diacritics 2',
  columnsize = 0
);

-- Messages not indexed yet. Indexing each commit's few messages as they are
-- written would make a segment of the index per commit, and merging those
-- costs more than the messages themselves; the server indexes this queue in
-- large batches instead, newest first, between commits, and before every
-- search. History older than this migration starts out queued.
CREATE TABLE search_queue (msg_id INTEGER PRIMARY KEY);
INSERT INTO search_queue (msg_id) SELECT msg_id FROM messages;

CREATE TRIGGER message_search_queue AFTER INSERT ON messages BEGIN
  INSERT INTO search_queue (msg_id) VALUES (new.msg_id);
END;

-- An external-content index forgets a row only when told exactly what it
-- indexed; a message still queued was never indexed and must not be.
CREATE TRIGGER message_search_delete AFTER DELETE ON messages BEGIN
  INSERT INTO message_search (message_search, rowid, body)
    SELECT 'delete', old.msg_id, replace(replace(old.text, 'ё', 'е'), 'Ё', 'Е')
    WHERE NOT EXISTS (SELECT 1 FROM search_queue WHERE msg_id = old.msg_id);
  DELETE FROM search_queue WHERE msg_id = old.msg_id;
END;

CREATE TRIGGER message_search_update AFTER UPDATE OF text ON messages
  WHEN NOT EXISTS (SELECT 1 FROM search_queue WHERE msg_id = old.msg_id)
BEGIN
  INSERT INTO message_search (message_search, rowid, body)
    VALUES ('delete', old.msg_id, replace(replace(old.text, 'ё', 'е'), 'Ё', 'Е'));
  INSERT INTO message_search (rowid, body)
    VALUES (new.msg_id, replace(replace(new.text, 'ё', 'е'), 'Ё', 'Е'));
END;
