-- User accounts. Emails are stored lower-cased by the service; the unique index on lower(email) makes
-- "one account per address, whatever its case" hold for any writer, and concurrent registrations race on it.
CREATE TABLE users (
    id            uuid PRIMARY KEY,
    email         varchar(254) NOT NULL,
    password_hash varchar(200) NOT NULL,
    name          varchar(100) NOT NULL,
    tier          varchar(16)  NOT NULL CHECK (tier IN ('FREE', 'BASIC', 'PREMIUM')),
    roles         varchar(64)  NOT NULL CHECK (roles ~ '^(CUSTOMER|ADMIN)(,(CUSTOMER|ADMIN))*$'),
    version       bigint       NOT NULL,
    created_at    timestamptz  NOT NULL,
    updated_at    timestamptz  NOT NULL
);

CREATE UNIQUE INDEX users_email_unique ON users (lower(email));
