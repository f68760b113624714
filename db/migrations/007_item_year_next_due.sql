-- The due date of what an in-progress item-year now waits for (domain/lateness.ts nextDue: the owner's phase or
-- earliest pending step, or the approver's decision), written with every projection. The item-year is overdue once
-- it is past, so the overdue metric counts every organisation from this index instead of reading every state.
ALTER TABLE item_years ADD COLUMN next_due_at timestamptz;
CREATE INDEX item_years_next_due ON item_years (next_due_at, organization_id) WHERE next_due_at IS NOT NULL;

-- Rows projected before this column existed get it once here, by nextDue's rule written in SQL; every later write
-- comes from nextDue itself (db/queries/item-years.ts applyItemYearState).
UPDATE item_years y SET next_due_at = to_timestamp(d.due_ms / 1000.0)
FROM (
  SELECT id,
         CASE
           WHEN phase IN ('proposal', 'committee', 'evaluation', 'report') THEN (state->>'phaseDueAtMs')::bigint
           WHEN phase IN ('approval', 'committee_signoff', 'report_ack') THEN (state->'openDecision'->>'dueAtMs')::bigint
           WHEN phase = 'execution' THEN (SELECT min((s->>'dueAtMs')::bigint)
                                          FROM jsonb_array_elements(state->'steps') s WHERE s->>'status' = 'pending')
         END AS due_ms
  FROM item_years WHERE status = 'in_progress'
) d
WHERE d.id = y.id AND d.due_ms IS NOT NULL;
