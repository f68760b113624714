-- A version stored from an upload waits for the นายก's approval before it is the plan in force: plans.current_version_id
-- moves to it when it is approved, and in_force_at says when (versions loaded by the CLI or the seed are in force at
-- once, as before). An upload confirmed while the plan has a version in force is an amendment (แผนฯ แก้ไขเพิ่มเติม/
-- เปลี่ยนแปลง ครั้งที่ n) of that version: once approved it replaces the version then in force, and it is applied to the
-- running item-years (added items start, removed ones are cancelled, changed budgets reach their runs) once.
ALTER TABLE plan_versions
  ADD COLUMN amends_version_id    bigint REFERENCES plan_versions(id),
  ADD COLUMN amendment_number     integer CHECK (amendment_number > 0),
  ADD COLUMN in_force_at          timestamptz,
  ADD COLUMN replaced_version_id  bigint REFERENCES plan_versions(id),
  ADD COLUMN amendment_applied_at timestamptz,
  ADD CONSTRAINT plan_versions_amendment_numbered CHECK ((amends_version_id IS NULL) = (amendment_number IS NULL));

-- Versions in force today were made so when they were stored.
UPDATE plan_versions v SET in_force_at = v.loaded_at FROM plans p WHERE p.current_version_id = v.id;
