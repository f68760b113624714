-- A plan version stored from an upload the coordinator confirmed waits for the นายก's approval (a decision point,
-- purpose 'plan'). Versions loaded by the CLI or the seed ask nobody: their approval_status stays null.
ALTER TABLE plan_versions
  ADD COLUMN approval_status      text CHECK (approval_status IN ('pending', 'approved', 'rejected', 'sent_back')),
  ADD COLUMN approval_decision_id uuid REFERENCES decisions(id),
  ADD COLUMN approval_decided_at  timestamptz;

-- Which version a confirmed upload became: the import page shows it, and a second confirmation finds it.
ALTER TABLE plan_imports ADD COLUMN plan_version_id bigint REFERENCES plan_versions(id);
