-- What each account's nick looks like (net::nick_skeleton, registered with
-- the connection as confab_skeleton()): a nick that looks like another's
-- account (aIice for alice) is refused.

ALTER TABLE accounts ADD COLUMN skeleton TEXT;
UPDATE accounts SET skeleton = confab_skeleton(nick);
CREATE INDEX accounts_by_skeleton ON accounts (skeleton);
