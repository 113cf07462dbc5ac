-- Private messages and private files belong to identities, not to nick
-- strings: a guest called bob and a later account called bob are different
-- people. Each party of a private message or file is recorded as the account
-- it was logged in with, or NULL for a guest.

-- Accounts get a stable number; the rebuilt table keeps every row. Accounts
-- are never deleted, so a name once registered is never issued again.
CREATE TABLE accounts_by_id (
  account_id    INTEGER PRIMARY KEY,
  nick_key      TEXT NOT NULL UNIQUE,
  nick          TEXT NOT NULL,
  password_hash TEXT NOT NULL,
  created_at    TEXT NOT NULL
);
INSERT INTO accounts_by_id (nick_key, nick, password_hash, created_at)
  SELECT nick_key, nick, password_hash, created_at FROM accounts ORDER BY created_at, nick_key;
DROP TABLE accounts;
ALTER TABLE accounts_by_id RENAME TO accounts;

ALTER TABLE messages ADD COLUMN sender_account INTEGER REFERENCES accounts (account_id);
ALTER TABLE messages ADD COLUMN recipient_account INTEGER REFERENCES accounts (account_id);
ALTER TABLE files ADD COLUMN uploader_account INTEGER REFERENCES accounts (account_id);
ALTER TABLE files ADD COLUMN recipient_account INTEGER REFERENCES accounts (account_id);

-- What was written before: a party was the account of that name if the
-- account already existed then, else a guest.
UPDATE messages SET
  sender_account = (SELECT a.account_id FROM accounts AS a
                    WHERE a.nick_key = lower(messages.sender) AND a.created_at <= messages.ts),
  recipient_account = (SELECT a.account_id FROM accounts AS a
                       WHERE a.nick_key = messages.recipient_key AND a.created_at <= messages.ts)
WHERE room_id IS NULL;
UPDATE files SET
  uploader_account = (SELECT a.account_id FROM accounts AS a
                      WHERE a.nick_key = lower(files.uploader) AND a.created_at <= files.created_at),
  recipient_account = (SELECT a.account_id FROM accounts AS a
                       WHERE a.nick_key = lower(files.recipient) AND a.created_at <= files.created_at)
WHERE room_id IS NULL;

-- Conversations between two guests can never be read again once either
-- leaves (guests have no private history); they are deleted then, and this
-- index keeps finding them cheap however long the history grows.
CREATE INDEX messages_between_guests ON messages (msg_id)
  WHERE room_id IS NULL AND sender_account IS NULL AND recipient_account IS NULL;
