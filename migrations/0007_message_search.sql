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

CREATE VIRTUAL TABLE message_search USING fts5(
  body,
  content = 'message_search_text',
  content_rowid = 'msg_id',
  tokenize = 'unicode61 remove_diacritics 2'
);

-- History older than this migration is indexed by the server in small
-- batches while it runs (newest first), so a large database is searchable
-- at once for recent messages and never stalls chat. Messages up to
-- `unindexed_up_to` are not in the index yet; the row goes when none are.
CREATE TABLE search_backlog (unindexed_up_to INTEGER NOT NULL);
INSERT INTO search_backlog (unindexed_up_to)
  SELECT MAX(msg_id) FROM messages HAVING COUNT(*) > 0;

CREATE TRIGGER message_search_insert AFTER INSERT ON messages BEGIN
  INSERT INTO message_search (rowid, body)
    VALUES (new.msg_id, replace(replace(new.text, 'ё', 'е'), 'Ё', 'Е'));
END;

-- An external-content index forgets a row only when told exactly what it
-- indexed; a row still in the backlog was never indexed and must not be.
CREATE TRIGGER message_search_delete AFTER DELETE ON messages
  WHEN old.msg_id > COALESCE((SELECT unindexed_up_to FROM search_backlog), 0)
BEGIN
  INSERT INTO message_search (message_search, rowid, body)
    VALUES ('delete', old.msg_id, replace(replace(old.text, 'ё', 'е'), 'Ё', 'Е'));
END;

CREATE TRIGGER message_search_update AFTER UPDATE OF text ON messages
  WHEN old.msg_id > COALESCE((SELECT unindexed_up_to FROM search_backlog), 0)
BEGIN
  INSERT INTO message_search (message_search, rowid, body)
    VALUES ('delete', old.msg_id, replace(replace(old.text, 'ё', 'е'), 'Ё', 'Е'));
  INSERT INTO message_search (rowid, body)
    VALUES (new.msg_id, replace(replace(new.text, 'ё', 'е'), 'Ё', 'Е'));
END;
