-- Refresh tokens: only a SHA-256 of each token is stored, so a copy of this table logs nobody in.
-- A family is one login's chain of rotations; reusing a rotated token revokes the whole family.
CREATE TABLE refresh_tokens (
    token_hash bytea PRIMARY KEY,
    family_id  uuid        NOT NULL,
    user_id    uuid        NOT NULL REFERENCES users (id) ON DELETE CASCADE,
    issued_at  timestamptz NOT NULL,
    expires_at timestamptz NOT NULL,
    used_at    timestamptz,
    revoked_at timestamptz
);

CREATE INDEX refresh_tokens_family ON refresh_tokens (family_id);
CREATE INDEX refresh_tokens_user ON refresh_tokens (user_id);
