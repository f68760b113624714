-- The command outbox: every command a person issues to a workflow (a decision, a proposal, a step completion, ...)
-- is stored here before it is signalled, in the same transaction as the facts it carries (a decision row, say). A
-- command is accepted once this row exists; the signal is how it reaches the workflow. Whoever delivers it (the
-- request that stored it, or the sweeper after a crash or while Temporal is down) records the delivery here, and only
-- here. The workflow ignores a command id it has already processed, so delivering twice is harmless.
CREATE TABLE commands (
  workflow_id      text        NOT NULL,
  command_id       text        NOT NULL,
  signal_name      text        NOT NULL,
  payload          jsonb       NOT NULL,
  accepted_at      timestamptz NOT NULL DEFAULT now(),
  -- The request that stored the command delivers it at once; the sweeper takes it only after this moment.
  next_attempt_at  timestamptz NOT NULL,
  attempts         integer     NOT NULL DEFAULT 0,
  last_error       text,
  delivered_at     timestamptz,
  -- The workflow no longer exists (finished, or never started): the command can never be delivered.
  abandoned_at     timestamptz,
  PRIMARY KEY (workflow_id, command_id)
);

CREATE INDEX commands_undelivered ON commands (next_attempt_at)
  WHERE delivered_at IS NULL AND abandoned_at IS NULL;
CREATE INDEX commands_delivered ON commands (delivered_at) WHERE delivered_at IS NOT NULL;
