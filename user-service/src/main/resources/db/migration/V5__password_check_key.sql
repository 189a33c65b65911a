-- A random key shared by every instance of the service: it decides, per email, which parameter set an unknown
-- email's dummy password check uses (UnknownUserHashes), so the same email always takes the same time. Made here,
-- once per database, so that it is never in the repository or the configuration.
CREATE TABLE password_check_key (
  id smallint PRIMARY KEY CHECK (id = 1),
  key text NOT NULL
);
INSERT INTO password_check_key (id, key)
VALUES (1, replace(gen_random_uuid()::text || gen_random_uuid()::text, '-', ''));
