-- +goose Up
-- Indexes the destruction of case files needs (issue 13, BenchmarkDestruction).
--
-- events.corrected_by refers to events (id) and had no index: deleting an event makes PostgreSQL
-- check that no event still points at it, and without this index every deleted event cost a scan
-- of the whole events table. Only a few events carry it, hence the partial index (the check's
-- corrected_by = $1 implies IS NOT NULL, so it is used).
CREATE INDEX events_corrected_by_idx ON events (corrected_by) WHERE corrected_by IS NOT NULL;
-- representations had only the partial index of active representations: deleting a case's ended
-- ones, and asking whether a case ever had a supporter (complaintWithSupporter), scanned the table.
CREATE INDEX representations_complaint_idx ON representations (complaint_id);

-- +goose Down
DROP INDEX representations_complaint_idx;
DROP INDEX events_corrected_by_idx;
