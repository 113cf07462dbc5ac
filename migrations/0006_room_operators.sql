-- A room's creator is its operator (it may set the topic and remove
-- members). Operator rights belong to an identity, like private history:
-- the account the creator was logged in with, or NULL when a guest created
-- the room (a guest is its room's operator only while that connection
-- lasts).
ALTER TABLE rooms ADD COLUMN creator_account INTEGER REFERENCES accounts (account_id);

-- Rooms created before: by the account of that name if it existed then.
UPDATE rooms SET creator_account =
  (SELECT a.account_id FROM accounts AS a
   WHERE a.nick_key = lower(rooms.created_by) AND a.created_at <= rooms.created_at)
WHERE created_by IS NOT NULL;
