-- An administrator can disable an account: it cannot log in or refresh, and its refresh tokens are revoked.
ALTER TABLE users ADD COLUMN disabled boolean NOT NULL DEFAULT false;

-- When the login that started a refresh-token family happened: a session ends at the latest
-- shopscale.user.tokens.session-max after it, however often it refreshes. Families issued before this column
-- existed count from their oldest token still stored.
ALTER TABLE refresh_tokens ADD COLUMN session_started_at timestamptz;
UPDATE refresh_tokens t SET session_started_at = f.started
  FROM (SELECT family_id, min(issued_at) AS started FROM refresh_tokens GROUP BY family_id) f
 WHERE t.family_id = f.family_id;
ALTER TABLE refresh_tokens ALTER COLUMN session_started_at SET NOT NULL;
