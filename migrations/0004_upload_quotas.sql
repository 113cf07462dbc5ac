-- Uploads count against their uploader's quota: an account's own, or for
-- guests, who have no lasting identity, the quota of the address group
-- (IPv4 address, IPv6 /64) they uploaded from.

ALTER TABLE files ADD COLUMN uploader_address TEXT;

-- Room files record their uploader's account too, as private files do.
UPDATE files SET
  uploader_account = (SELECT a.account_id FROM accounts AS a
                      WHERE a.nick_key = lower(files.uploader) AND a.created_at <= files.created_at)
WHERE room_id IS NOT NULL;

CREATE INDEX files_by_uploader_account ON files (uploader_account)
  WHERE uploader_account IS NOT NULL;
CREATE INDEX files_by_guest_address ON files (uploader_address)
  WHERE uploader_account IS NULL;
