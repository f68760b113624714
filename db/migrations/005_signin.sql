-- Sign-in without passwords: a one-time link sent by e-mail (and LINE). Same rules as decision links: only the
-- SHA-256 of the random token is stored, a token works once, and only for a short time.

CREATE TABLE signin_tokens (
  id          bigserial PRIMARY KEY,
  person_id   bigint NOT NULL REFERENCES people(id),
  token_hash  text NOT NULL UNIQUE CHECK (token_hash ~ '^[0-9a-f]{64}$'),
  -- Where to go after signing in: a path on this site only, never another host.
  next_path   text CHECK (next_path IS NULL OR (next_path ~ '^/[A-Za-z0-9]' AND length(next_path) <= 300)),
  created_at  timestamptz NOT NULL DEFAULT now(),
  expires_at  timestamptz NOT NULL,
  used_at     timestamptz,
  CHECK (expires_at > created_at)
);
-- Counting a person's recent requests (to refuse a flood of links) and clearing old rows.
CREATE INDEX signin_tokens_person ON signin_tokens (person_id, created_at DESC);
CREATE INDEX signin_tokens_expires ON signin_tokens (expires_at);
