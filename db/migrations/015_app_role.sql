-- The application (API, worker) connects as sujarit_app, a role that owns nothing: the tables belong to the role that
-- runs these migrations. An owner may ALTER TABLE ... DISABLE TRIGGER and then rewrite the audit log; sujarit_app
-- may not, and it has no UPDATE, DELETE or TRUNCATE on audit_log at all, so neither a bug nor an attacker holding
-- the application's own credentials can change what was logged. The role is created here without a login; the
-- application's start-up (db/app-role.ts) gives it one, with a password derived from APP_SECRET, unless the operator
-- names an existing role in DATABASE_APP_URL (then: GRANT sujarit_app TO that_role).
DO $$
BEGIN
  IF NOT EXISTS (SELECT 1 FROM pg_roles WHERE rolname = 'sujarit_app') THEN
    CREATE ROLE sujarit_app NOLOGIN NOSUPERUSER NOCREATEDB NOCREATEROLE NOREPLICATION NOBYPASSRLS;
  END IF;
EXCEPTION
  -- Two databases of one cluster migrating at once (tests, a second organisation's database) both found it missing.
  WHEN duplicate_object OR unique_violation THEN NULL;
END
$$;

GRANT USAGE ON SCHEMA public TO sujarit_app;
GRANT SELECT, INSERT, UPDATE, DELETE ON ALL TABLES IN SCHEMA public TO sujarit_app;
GRANT USAGE, SELECT ON ALL SEQUENCES IN SCHEMA public TO sujarit_app;
REVOKE UPDATE, DELETE, TRUNCATE ON audit_log FROM sujarit_app;
-- The migrator's own bookkeeping is the owner's: the application never migrates as itself.
REVOKE INSERT, UPDATE, DELETE ON schema_migrations FROM sujarit_app;

-- Tables and sequences later migrations create get the same grants; a new append-only table revokes its own.
ALTER DEFAULT PRIVILEGES IN SCHEMA public GRANT SELECT, INSERT, UPDATE, DELETE ON TABLES TO sujarit_app;
ALTER DEFAULT PRIVILEGES IN SCHEMA public GRANT USAGE, SELECT ON SEQUENCES TO sujarit_app;
