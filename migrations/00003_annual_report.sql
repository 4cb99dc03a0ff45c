-- +goose Up
-- Why an organisation rejected an advice, in a few fixed categories: the annual report summarises
-- rejections by these grounds, never by the organisation's free text.
ALTER TABLE advices ADD COLUMN rejection_ground text NOT NULL DEFAULT ''
    CHECK (rejection_ground IN ('', 'legal', 'financial', 'disputes_findings', 'already_remedied', 'not_feasible', 'other'));
UPDATE advices SET rejection_ground = 'other' WHERE status = 'rejected';
ALTER TABLE advices ADD CONSTRAINT advices_rejection_ground_check2 CHECK ((status = 'rejected') = (rejection_ground <> ''));

-- Follow-up of policy recommendations is updated by staff; the last change is kept on the row and
-- every change in the complaint's audit trail.
ALTER TABLE recommendations ADD COLUMN updated_at timestamptz;
ALTER TABLE recommendations ADD COLUMN updated_by bigint REFERENCES users (id);
CREATE INDEX recommendations_created_idx ON recommendations (created_at);

-- The annual report joins a year of complaints with their organisations and advices: with id and
-- verdict in the index on the date of receipt, those joins read the index instead of the wide
-- table (index-only scans).
DROP INDEX complaints_received_idx;
CREATE INDEX complaints_received_idx ON complaints (received_at) INCLUDE (id, verdict);

-- Per report year: the meldpunt's own closing text and whether the report is final.
CREATE TABLE annual_reports (
    year          int PRIMARY KEY CHECK (year BETWEEN 2000 AND 9999),
    closing_nl    text NOT NULL DEFAULT '',
    closing_en    text NOT NULL DEFAULT '',
    updated_at    timestamptz NOT NULL,
    updated_by    bigint REFERENCES users (id),
    finalised_at  timestamptz,
    finalised_by  bigint REFERENCES users (id),
    -- The figures as they were when the report was finalised: every final edition shows these.
    figures       jsonb,
    CHECK ((finalised_at IS NULL) = (figures IS NULL))
);

-- Every generated report, kept: a re-generation is a new version, never an overwrite.
CREATE TABLE report_versions (
    id             bigserial PRIMARY KEY,
    year           int NOT NULL,
    format         text NOT NULL CHECK (format IN ('pdf', 'csv', 'json')),
    language       text NOT NULL CHECK (language IN ('nl', 'en')),
    version        int NOT NULL CHECK (version > 0),
    draft          boolean NOT NULL,
    trigger        text NOT NULL CHECK (trigger IN ('request', 'schedule', 'command')),
    generated_at   timestamptz NOT NULL,
    generated_by   bigint REFERENCES users (id),
    sha256         bytea NOT NULL CHECK (length(sha256) = 32),
    figures_sha256 bytea NOT NULL CHECK (length(figures_sha256) = 32),
    size           int NOT NULL,
    content        bytea NOT NULL,
    UNIQUE (year, format, language, version)
);
-- Reports cannot be changed once written.
-- +goose StatementBegin
CREATE FUNCTION report_versions_immutable() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
    RAISE EXCEPTION 'report versions are never changed or deleted';
END $$;
-- +goose StatementEnd
CREATE TRIGGER report_versions_immutable BEFORE UPDATE OR DELETE ON report_versions
    FOR EACH ROW EXECUTE FUNCTION report_versions_immutable();
CREATE TRIGGER report_versions_not_truncated BEFORE TRUNCATE ON report_versions
    FOR EACH STATEMENT EXECUTE FUNCTION report_versions_immutable();

-- +goose Down
DROP TABLE report_versions, annual_reports;
DROP INDEX complaints_received_idx;
CREATE INDEX complaints_received_idx ON complaints (received_at);
DROP FUNCTION report_versions_immutable();
DROP INDEX recommendations_created_idx;
ALTER TABLE recommendations DROP COLUMN updated_by, DROP COLUMN updated_at;
ALTER TABLE advices DROP CONSTRAINT advices_rejection_ground_check2, DROP COLUMN rejection_ground;
