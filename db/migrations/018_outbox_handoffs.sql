-- One row each time an e-mail or LINE row is handed to its channel: written and committed before the hand-over,
-- finished in the transaction that marks the outbox row. No channel can be asked whether it already took a message,
-- so a process killed between the channel accepting it and that transaction committing leaves a hand-over without a
-- finish. Until its lease runs out nobody else sends the row (the sender may still be alive and slow); after that the
-- next attempt sends it again, with the same Message-ID or LINE retry key, and records that the recipient may now
-- have it twice, where an operator can see it (the metrics endpoint).
CREATE TABLE outbox_handoffs (
  id                    bigserial PRIMARY KEY,
  outbox_id             bigint NOT NULL REFERENCES outbox (id) ON DELETE CASCADE,
  started_at            timestamptz NOT NULL DEFAULT now(),
  lease_until           timestamptz NOT NULL,
  finished_at           timestamptz,
  outcome               text CHECK (outcome IN ('sent', 'failed')),
  -- An earlier hand-over of the same row never finished: this one may deliver a second copy.
  after_unknown_outcome boolean NOT NULL DEFAULT false,
  CHECK ((finished_at IS NULL) = (outcome IS NULL))
);
CREATE INDEX outbox_handoffs_unfinished ON outbox_handoffs (outbox_id) WHERE finished_at IS NULL;
CREATE INDEX outbox_handoffs_unknown ON outbox_handoffs (outbox_id) WHERE after_unknown_outcome;
