-- Users of the server, their sign-in sessions and API tokens, and the data-version counter.
-- users: a role of pacesetter.model.access.Role; chains (chain chief) and districts (district
-- officer, GB/T 2260 codes) are the scope, empty for unscoped roles; password_hash is argon2.
-- sessions and api_tokens keep only the sha256 of the secret a browser or script holds, so the
-- database file never reveals a credential; expires NULL on a token means it never expires.
-- data_version: one row, bumped by the server after every data write (keys caches and ETags).
CREATE TABLE users (
    name VARCHAR PRIMARY KEY, role VARCHAR NOT NULL, chains VARCHAR[], districts VARCHAR[],
    password_hash VARCHAR NOT NULL, disabled BOOLEAN NOT NULL DEFAULT FALSE,
    created TIMESTAMP, password_changed TIMESTAMP
);
CREATE TABLE sessions (
    id_hash VARCHAR PRIMARY KEY, user_name VARCHAR NOT NULL, csrf VARCHAR NOT NULL,
    created TIMESTAMP NOT NULL, expires TIMESTAMP NOT NULL
);
CREATE TABLE api_tokens (
    id_hash VARCHAR PRIMARY KEY, user_name VARCHAR NOT NULL, label VARCHAR,
    created TIMESTAMP NOT NULL, expires TIMESTAMP
);
CREATE TABLE data_version (version BIGINT NOT NULL, changed_at TIMESTAMP);
INSERT INTO data_version VALUES (0, NULL);
