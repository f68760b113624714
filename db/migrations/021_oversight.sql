-- The province's and the district's view (สำนักงานส่งเสริมการปกครองท้องถิ่นจังหวัด / อำเภอ, สถ.จ. / สถ.อ.) over the
-- organisations that chose to share with it. An oversight officer is, like a platform administrator, a person of no
-- organisation (organization_id NULL), so no query that reads an organisation's people, items or reports by its id
-- ever finds them; what they see is the oversight summary and each organisation's public page, nothing else.

CREATE TABLE oversight_offices (
  id          bigserial PRIMARY KEY,
  level       text NOT NULL CHECK (level IN ('province', 'district')),
  province    text NOT NULL CHECK (btrim(province) <> ''),
  -- The district (อำเภอ) a district office covers; a province office covers the whole province.
  district    text CHECK (district IS NULL OR btrim(district) <> ''),
  name        text NOT NULL CHECK (btrim(name) <> ''),
  created_at  timestamptz NOT NULL DEFAULT now(),
  created_by  text NOT NULL,
  CHECK ((level = 'district') = (district IS NOT NULL))
);

CREATE TABLE oversight_officers (
  person_id   bigint PRIMARY KEY REFERENCES people(id),
  office_id   bigint NOT NULL REFERENCES oversight_offices(id),
  granted_at  timestamptz NOT NULL DEFAULT now(),
  -- person:<id> of the platform administrator who invited them.
  granted_by  text NOT NULL
);
CREATE INDEX oversight_officers_office ON oversight_officers (office_id);

-- An officer belongs to no organisation and is not a platform administrator: an officer who could also read one
-- organisation's data, or onboard organisations, would undo what the opt-in promises.
CREATE FUNCTION oversight_officer_has_no_organization() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
  IF EXISTS (SELECT 1 FROM people WHERE id = NEW.person_id AND organization_id IS NOT NULL) THEN
    RAISE EXCEPTION 'an oversight officer belongs to no organisation (person %)', NEW.person_id;
  END IF;
  IF EXISTS (SELECT 1 FROM platform_admins WHERE person_id = NEW.person_id) THEN
    RAISE EXCEPTION 'an oversight officer is not a platform administrator (person %)', NEW.person_id;
  END IF;
  RETURN NEW;
END $$;
CREATE TRIGGER oversight_officers_no_organization BEFORE INSERT OR UPDATE ON oversight_officers
  FOR EACH ROW EXECUTE FUNCTION oversight_officer_has_no_organization();

-- A person of no organisation keeps none later: moving an officer into an organisation would bring their office's
-- view along into it.
CREATE FUNCTION oversight_people_stay_without_organization() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
  IF NEW.organization_id IS NOT NULL AND EXISTS (SELECT 1 FROM oversight_officers WHERE person_id = NEW.id) THEN
    RAISE EXCEPTION 'an oversight officer belongs to no organisation (person %)', NEW.id;
  END IF;
  RETURN NEW;
END $$;
CREATE TRIGGER people_oversight_no_organization BEFORE UPDATE OF organization_id ON people
  FOR EACH ROW EXECUTE FUNCTION oversight_people_stay_without_organization();

-- An organisation's consent to be shown to the oversight office of its province and district. One row while it
-- shares; revoking deletes the row. Every grant and revocation is in the audit log (oversight_shared /
-- oversight_unshared), which is the history.
CREATE TABLE oversight_shares (
  organization_id  bigint PRIMARY KEY REFERENCES organizations(id),
  shared_at        timestamptz NOT NULL DEFAULT now(),
  shared_by        bigint NOT NULL REFERENCES people(id)
);
