-- An item removed from the year by one amendment and put back by a later one runs again: the same item-year row (one
-- per item per year, as reports and the dashboard count them) gets a new workflow run under a new workflow id, and
-- run counts them. The earlier run's history stays in the audit log under its own workflow id.
ALTER TABLE item_years ADD COLUMN run integer NOT NULL DEFAULT 1 CHECK (run > 0);
