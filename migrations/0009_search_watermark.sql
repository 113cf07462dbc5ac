-- New messages are no longer queued for search one by one: a trigger and a
-- second B-tree insert per message cost the chat path as much as the index
-- itself. The index instead covers every message up to a watermark, which
-- the server advances in batches (indexing the range above it in the same
-- transaction), and search_queue keeps only what the watermark has passed
-- without indexing: history older than migration 0007 still being indexed,
-- and a message whose id was taken before, but committed after, the batch
-- that moved the watermark past it (the server queues such a message
-- itself as it writes it, in the same transaction).
--
-- A message is in the index exactly when
--   msg_id <= search_state.indexed_through AND msg_id NOT IN search_queue.

CREATE TABLE search_state (
  only_row INTEGER PRIMARY KEY CHECK (only_row = 1),
  indexed_through INTEGER NOT NULL
);
-- Every message so far is indexed or queued.
INSERT INTO search_state (only_row, indexed_through)
  SELECT 1, COALESCE(MAX(msg_id), 0) FROM messages;

DROP TRIGGER message_search_queue;
DROP TRIGGER message_search_delete;
DROP TRIGGER message_search_update;

-- An external-content index forgets a row only when told exactly what it
-- indexed; a message never indexed must not be.
CREATE TRIGGER message_search_delete AFTER DELETE ON messages BEGIN
  INSERT INTO message_search (message_search, rowid, body)
    SELECT 'delete', old.msg_id, replace(replace(old.text, 'ё', 'е'), 'Ё', 'Е')
    WHERE old.msg_id <= (SELECT indexed_through FROM search_state)
      AND NOT EXISTS (SELECT 1 FROM search_queue WHERE msg_id = old.msg_id);
  DELETE FROM search_queue WHERE msg_id = old.msg_id;
END;

CREATE TRIGGER message_search_update AFTER UPDATE OF text ON messages
  WHEN old.msg_id <= (SELECT indexed_through FROM search_state)
    AND NOT EXISTS (SELECT 1 FROM search_queue WHERE msg_id = old.msg_id)
BEGIN
  INSERT INTO message_search (message_search, rowid, body)
    VALUES ('delete', old.msg_id, replace(replace(old.text, 'ё', 'е'), 'Ё', 'Е'));
  INSERT INTO message_search (rowid, body)
    VALUES (new.msg_id, replace(replace(new.text, 'ё', 'е'), 'Ё', 'Е'));
END;
