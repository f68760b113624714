-- The metrics endpoint counts these at every scrape across all organisations; partial indexes keep each count to
-- the few rows it is about (most outbox rows are sent, most decision points decided).
CREATE INDEX outbox_undelivered ON outbox (channel, status, created_at) WHERE status <> 'sent';
CREATE INDEX decision_points_open ON decision_points (organization_id) WHERE status = 'open';
