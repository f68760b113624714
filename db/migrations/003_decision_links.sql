-- Approvals by signed link: what reminders, renewals and the decision page need beyond 002.

-- Reminders and renewed links are issued long after the point was opened; they must know whose approvers to ask.
ALTER TABLE decision_points ADD COLUMN organization_id bigint REFERENCES organizations(id);
CREATE INDEX decision_points_item_year ON decision_points (item_year_id);

CREATE INDEX decision_links_point_person ON decision_links (decision_point_id, person_id);

-- The dev inbox and the in-app inbox list the newest messages first.
CREATE INDEX outbox_created ON outbox (created_at DESC, id DESC);
