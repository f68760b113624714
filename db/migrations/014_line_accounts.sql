-- Approvals inside LINE. A person links their LINE account by sending a one-time code from their own signed-in page
-- to the Official Account; the LINE Platform then names their userId in every webhook event, and that binding (never
-- a secret in the message) is what lets a postback decide for them.

-- Written only by linking (services/line-accounts.ts): the administrator's people.line_user_id is a push address and
-- carries no authority, since an administrator could type anyone's userId there.
CREATE TABLE line_accounts (
  person_id     bigint PRIMARY KEY REFERENCES people(id),
  line_user_id  text NOT NULL UNIQUE CHECK (line_user_id ~ '^U[0-9a-f]{32}$'),
  linked_at     timestamptz NOT NULL DEFAULT now()
);

-- Only the SHA-256 of a code is kept; a code is single use and short-lived.
CREATE TABLE line_link_codes (
  id          bigserial PRIMARY KEY,
  person_id   bigint NOT NULL REFERENCES people(id),
  code_hash   text NOT NULL UNIQUE CHECK (code_hash ~ '^[0-9a-f]{64}$'),
  created_at  timestamptz NOT NULL DEFAULT now(),
  expires_at  timestamptz NOT NULL,
  used_at     timestamptz,
  CHECK (expires_at > created_at)
);
CREATE INDEX line_link_codes_person ON line_link_codes (person_id) WHERE used_at IS NULL;

-- Webhook events that took effect, by LINE's webhookEventId: a redelivered or replayed event does nothing again.
CREATE TABLE line_webhook_events (
  webhook_event_id  text PRIMARY KEY,
  line_user_id      text NOT NULL,
  kind              text NOT NULL,
  processed_at      timestamptz NOT NULL DEFAULT now()
);

-- "Send back" from LINE asks for the reason in the chat: the next text the same LINE user sends within the window is it.
CREATE TABLE line_reason_requests (
  line_user_id       text PRIMARY KEY,
  decision_point_id  bigint NOT NULL REFERENCES decision_points(id),
  person_id          bigint NOT NULL REFERENCES people(id),
  outcome            text NOT NULL CHECK (outcome IN ('reject', 'send_back')),
  expires_at         timestamptz NOT NULL
);

-- LINE message objects (a Flex message with decision buttons) pushed after a LINE row's text.
ALTER TABLE outbox ADD COLUMN line_extra_messages jsonb;
