-- The audit chain becomes keyed: new rows carry an HMAC-SHA256 under a key the database does not hold (AUDIT_KEY, or
-- one derived from APP_SECRET), so a database user who rewrites rows cannot compute the hashes that would make them
-- pass `npm run cli -- audit verify`. Rows written before this migration keep their plain SHA-256 and stay
-- verifiable; once a keyed row exists, a plain one after it is a forgery.
ALTER TABLE audit_log ADD COLUMN scheme text NOT NULL DEFAULT 'sha256' CHECK (scheme IN ('sha256', 'hmac-sha256'));
ALTER TABLE audit_log ALTER COLUMN scheme DROP DEFAULT;

-- The row trigger does not see TRUNCATE; a statement trigger does.
CREATE TRIGGER audit_log_no_truncate BEFORE TRUNCATE ON audit_log
  FOR EACH STATEMENT EXECUTE FUNCTION audit_log_append_only();
