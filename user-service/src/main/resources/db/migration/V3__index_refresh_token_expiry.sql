-- The purge deletes by expiry: without this index it would scan the whole table every hour.
CREATE INDEX refresh_tokens_expires_at ON refresh_tokens (expires_at);
