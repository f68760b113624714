-- Running the plan: one item-year per item per fiscal year, each driven by a Temporal workflow. These tables are the
-- projection the API and reports read (they never page through workflow histories) and the record of every
-- decision, which outlives Temporal's history retention.

-- รักษาราชการแทน / ปฏิบัติราชการแทน: who may decide for the mayor or the palad, and when.
CREATE TABLE delegations (
  id                 bigserial PRIMARY KEY,
  organization_id    bigint NOT NULL REFERENCES organizations(id),
  role               text NOT NULL CHECK (role IN ('mayor', 'palad')),
  delegate_person_id bigint NOT NULL REFERENCES people(id),
  valid_from         date NOT NULL,
  valid_to           date,
  note               text NOT NULL DEFAULT '',
  created_at         timestamptz NOT NULL DEFAULT now(),
  CHECK (valid_to IS NULL OR valid_to >= valid_from)
);
CREATE INDEX delegations_org_role ON delegations (organization_id, role);

CREATE TABLE holidays (
  organization_id bigint NOT NULL REFERENCES organizations(id),
  day             date NOT NULL,
  name_th         text NOT NULL,
  PRIMARY KEY (organization_id, day)
);

CREATE TABLE item_years (
  id              bigserial PRIMARY KEY,
  workflow_id     text NOT NULL UNIQUE,
  organization_id bigint NOT NULL REFERENCES organizations(id),
  plan_id         bigint NOT NULL REFERENCES plans(id),
  item_id         bigint NOT NULL REFERENCES items(id),
  item_code       text NOT NULL,
  fiscal_year     integer NOT NULL,
  owner_person_id bigint REFERENCES people(id),
  unit_key        text NOT NULL,
  status          text NOT NULL DEFAULT 'not_started'
                    CHECK (status IN ('not_started', 'in_progress', 'completed', 'cancelled')),
  phase           text NOT NULL DEFAULT 'proposal',
  budget_planned  numeric(14, 2),
  budget_spent    numeric(14, 2),
  problems        text,
  suggestions     text,
  cancel_reason   text,
  -- The workflow's own counter: a projection write carrying an older revision than the stored one is stale.
  revision        integer NOT NULL DEFAULT 0,
  state           jsonb NOT NULL DEFAULT '{}'::jsonb,
  started_at      timestamptz NOT NULL DEFAULT now(),
  completed_at    timestamptz,
  updated_at      timestamptz NOT NULL DEFAULT now(),
  UNIQUE (plan_id, item_code, fiscal_year)
);
CREATE INDEX item_years_owner ON item_years (owner_person_id);
CREATE INDEX item_years_org_fy ON item_years (organization_id, fiscal_year);

CREATE TABLE item_year_steps (
  item_year_id bigint NOT NULL REFERENCES item_years(id),
  step_key     text NOT NULL,
  ordinal      integer NOT NULL,
  text         text NOT NULL,
  phase        text NOT NULL,
  due_at       timestamptz,
  status       text NOT NULL DEFAULT 'pending' CHECK (status IN ('pending', 'done', 'skipped')),
  completed_at timestamptz,
  completed_by bigint REFERENCES people(id),
  notes        text,
  PRIMARY KEY (item_year_id, step_key)
);

CREATE TABLE due_date_changes (
  id           bigserial PRIMARY KEY,
  request_id   text NOT NULL UNIQUE,
  item_year_id bigint NOT NULL REFERENCES item_years(id),
  step_key     text NOT NULL,
  old_due_at   timestamptz,
  new_due_at   timestamptz NOT NULL,
  reason       text NOT NULL CHECK (length(reason) > 0),
  changed_by   bigint REFERENCES people(id),
  changed_at   timestamptz NOT NULL DEFAULT now()
);

CREATE TABLE indicator_results (
  item_year_id bigint NOT NULL REFERENCES item_years(id),
  ordinal      integer NOT NULL,
  value        numeric,
  text         text NOT NULL DEFAULT '',
  met          boolean,
  PRIMARY KEY (item_year_id, ordinal)
);

-- Files live outside the database (DATA_DIR/evidence/<sha256>); rows reference them by their content hash.
CREATE TABLE evidence_files (
  id           uuid PRIMARY KEY,
  item_year_id bigint NOT NULL REFERENCES item_years(id),
  step_key     text NOT NULL,
  file_name    text NOT NULL,
  content_type text NOT NULL,
  size_bytes   integer NOT NULL CHECK (size_bytes > 0),
  sha256       text NOT NULL,
  uploaded_by  bigint REFERENCES people(id),
  uploaded_at  timestamptz NOT NULL DEFAULT now()
);
CREATE INDEX evidence_files_item_year ON evidence_files (item_year_id, step_key);

-- A point where someone must decide: approve a proposal, sign off a committee order, acknowledge a report ...
CREATE TABLE decision_points (
  id            bigserial PRIMARY KEY,
  workflow_id   text NOT NULL,
  decision_key  text NOT NULL,
  purpose       text NOT NULL,
  approver_role text NOT NULL,
  item_year_id  bigint REFERENCES item_years(id),
  summary       jsonb NOT NULL DEFAULT '{}'::jsonb,
  requested_at  timestamptz NOT NULL DEFAULT now(),
  due_at        timestamptz,
  status        text NOT NULL DEFAULT 'open' CHECK (status IN ('open', 'decided', 'withdrawn')),
  UNIQUE (workflow_id, decision_key)
);

-- Only a hash of each token is kept: a stolen database copy cannot be turned into working links.
CREATE TABLE decision_links (
  id                bigserial PRIMARY KEY,
  decision_point_id bigint NOT NULL REFERENCES decision_points(id),
  person_id         bigint NOT NULL REFERENCES people(id),
  token_hash        text NOT NULL UNIQUE,
  issue_key         text NOT NULL UNIQUE,
  expires_at        timestamptz NOT NULL,
  used_at           timestamptz,
  created_at        timestamptz NOT NULL DEFAULT now()
);

CREATE TABLE decisions (
  id                uuid PRIMARY KEY,
  decision_point_id bigint NOT NULL UNIQUE REFERENCES decision_points(id),
  person_id         bigint NOT NULL REFERENCES people(id),
  acting_as         text NOT NULL,
  outcome           text NOT NULL CHECK (outcome IN ('approve', 'reject', 'send_back', 'acknowledge')),
  reason            text,
  link_id           bigint REFERENCES decision_links(id),
  decided_at        timestamptz NOT NULL DEFAULT now(),
  acknowledged_at   timestamptz,
  CHECK (outcome NOT IN ('reject', 'send_back') OR length(coalesce(reason, '')) > 0)
);

CREATE TABLE outbox (
  id              bigserial PRIMARY KEY,
  idempotency_key text NOT NULL,
  organization_id bigint REFERENCES organizations(id),
  person_id       bigint REFERENCES people(id),
  channel         text NOT NULL CHECK (channel IN ('email', 'line', 'inbox')),
  to_address      text NOT NULL,
  subject         text NOT NULL,
  body_text       text NOT NULL,
  body_html       text,
  links           jsonb NOT NULL DEFAULT '[]'::jsonb,
  status          text NOT NULL DEFAULT 'pending' CHECK (status IN ('pending', 'sent', 'failed')),
  attempts        integer NOT NULL DEFAULT 0,
  last_error      text,
  created_at      timestamptz NOT NULL DEFAULT now(),
  sent_at         timestamptz,
  read_at         timestamptz,
  UNIQUE (idempotency_key, channel)
);
CREATE INDEX outbox_person ON outbox (person_id, created_at DESC);

-- Append-only and hash-chained: each row's hash covers its content and the previous row's hash, so an edited or
-- deleted row breaks the chain at that point (`npm run cli -- audit verify`).
CREATE TABLE audit_log (
  id              bigserial PRIMARY KEY,
  idempotency_key text NOT NULL UNIQUE,
  organization_id bigint REFERENCES organizations(id),
  occurred_at     timestamptz NOT NULL,
  actor           text NOT NULL,
  action          text NOT NULL,
  entity_type     text NOT NULL,
  entity_id       text NOT NULL,
  before          jsonb,
  after           jsonb,
  prev_hash       text NOT NULL,
  hash            text NOT NULL UNIQUE
);
CREATE INDEX audit_log_entity ON audit_log (entity_type, entity_id);

CREATE FUNCTION audit_log_append_only() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
  RAISE EXCEPTION 'audit_log is append-only';
END;
$$;
CREATE TRIGGER audit_log_no_update BEFORE UPDATE OR DELETE ON audit_log
  FOR EACH ROW EXECUTE FUNCTION audit_log_append_only();
