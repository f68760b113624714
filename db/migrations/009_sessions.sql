-- Server-side sessions. The cookie carries a random session token; only its SHA-256 is stored here, so a copy of
-- this table cannot be turned into working cookies. A session ends at its expiry, after a period without use (the
-- idle timeout, checked against last_seen_at), or when revoked: at sign-out, "sign out everywhere", a role change.

CREATE TABLE sessions (
  id            bigserial PRIMARY KEY,
  person_id     bigint NOT NULL REFERENCES people(id),
  token_hash    text NOT NULL UNIQUE CHECK (token_hash ~ '^[0-9a-f]{64}$'),
  created_at    timestamptz NOT NULL DEFAULT now(),
  last_seen_at  timestamptz NOT NULL DEFAULT now(),
  expires_at    timestamptz NOT NULL,
  revoked_at    timestamptz,
  CHECK (expires_at > created_at)
);
-- Revoking every live session of a person, and clearing old rows.
CREATE INDEX sessions_person ON sessions (person_id) WHERE revoked_at IS NULL;
CREATE INDEX sessions_expires ON sessions (expires_at);
