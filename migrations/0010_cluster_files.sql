-- Cluster mode: every node keeps every shared file. A file uploaded to
-- another node arrives as a row naming where its bytes are (that node and
-- the file's id there, which name its chunks in the cluster's file
-- stream) and how many chunks it has; the chunks are copied in after it,
-- and origin_node is cleared once the last is here. NULL on a single
-- server and for a node's own uploads.

ALTER TABLE files ADD COLUMN origin_node TEXT;
ALTER TABLE files ADD COLUMN origin_file_id INTEGER;
ALTER TABLE files ADD COLUMN chunks INTEGER;

CREATE INDEX files_being_copied ON files (file_id) WHERE origin_node IS NOT NULL;
