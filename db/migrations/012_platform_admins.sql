-- Onboarding organisations. A platform administrator creates an organisation and invites its coordinator; they are a
-- person of no organisation (organization_id NULL), so no query that reads an organisation's people, roles, items
-- or reports by its id ever finds them, and they can hold no role in any organisation.

ALTER TABLE people ALTER COLUMN organization_id DROP NOT NULL;
-- people_org_email keeps addresses unique within an organisation; NULLs are distinct there, so the same for the
-- platform's own people here.
CREATE UNIQUE INDEX people_platform_email ON people (lower(email)) WHERE organization_id IS NULL AND email IS NOT NULL;

CREATE TABLE platform_admins (
  person_id   bigint PRIMARY KEY REFERENCES people(id),
  granted_at  timestamptz NOT NULL DEFAULT now(),
  -- Who granted it: 'cli' (the first one, by someone with the server's database), or person:<id>.
  granted_by  text NOT NULL
);

-- A platform administrator belongs to no organisation, and a person of no organisation holds no organisation's role:
-- checked by the database, since a platform account that also read one organisation's data would undo isolation.
CREATE FUNCTION platform_people_have_no_organization() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
  IF TG_TABLE_NAME = 'platform_admins' THEN
    IF EXISTS (SELECT 1 FROM people WHERE id = NEW.person_id AND organization_id IS NOT NULL) THEN
      RAISE EXCEPTION 'a platform administrator belongs to no organisation (person %)', NEW.person_id;
    END IF;
  ELSIF NOT EXISTS (SELECT 1 FROM people WHERE id = NEW.person_id AND organization_id = NEW.organization_id) THEN
    RAISE EXCEPTION 'role of person % outside their organisation %', NEW.person_id, NEW.organization_id;
  END IF;
  RETURN NEW;
END $$;
CREATE TRIGGER platform_admins_no_organization BEFORE INSERT OR UPDATE ON platform_admins
  FOR EACH ROW EXECUTE FUNCTION platform_people_have_no_organization();
CREATE TRIGGER role_assignments_own_organization BEFORE INSERT OR UPDATE ON role_assignments
  FOR EACH ROW EXECUTE FUNCTION platform_people_have_no_organization();

-- อบต., เทศบาลตำบล, เทศบาลเมือง, เทศบาลนคร; NULL for organisations created by a plan import before onboarding.
ALTER TABLE organizations ADD COLUMN kind text
  CHECK (kind IN ('sao', 'subdistrict_municipality', 'town_municipality', 'city_municipality'));
