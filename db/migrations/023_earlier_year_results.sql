-- What each item achieved in fiscal years before the organisation used the system, entered by the coordinator from
-- the old reports (the report's status, the money spent, a short result), so that the annual report can compare a
-- year with the one before it even when that year never ran here. One row per item and year; changes are audited.
CREATE TABLE earlier_year_results (
  id              bigserial PRIMARY KEY,
  organization_id bigint NOT NULL REFERENCES organizations(id),
  plan_id         bigint NOT NULL REFERENCES plans(id),
  item_code       text NOT NULL,
  fiscal_year     integer NOT NULL CHECK (fiscal_year BETWEEN 2500 AND 2700),
  status          text NOT NULL CHECK (status IN ('done', 'in_progress', 'not_started', 'cancelled')),
  budget_spent    numeric(14, 2) CHECK (budget_spent >= 0),
  result_text     text NOT NULL DEFAULT '',
  recorded_by     bigint NOT NULL REFERENCES people(id),
  recorded_at     timestamptz NOT NULL DEFAULT now(),
  UNIQUE (plan_id, item_code, fiscal_year)
);
CREATE INDEX earlier_year_results_by_year ON earlier_year_results (organization_id, fiscal_year);
