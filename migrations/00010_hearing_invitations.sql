-- +goose Up
-- Invitations to a hearing (Awb 9:10), one row per invited party: a party that did not respond may
-- be passed over only when an invitation to it went out at least 5 working days before.
CREATE TABLE hearing_invitations (
    id              bigserial PRIMARY KEY,
    complaint_id    bigint NOT NULL REFERENCES complaints (id) ON DELETE CASCADE,
    party           text NOT NULL CHECK (party IN ('complainant', 'organisation')),
    organisation_id bigint REFERENCES organisations (id),
    hearing_on      date NOT NULL,
    hearing_time    text NOT NULL,
    place           text NOT NULL,
    sent_at         timestamptz NOT NULL,
    sent_by         bigint REFERENCES users (id),
    CHECK ((party = 'organisation') = (organisation_id IS NOT NULL))
);
CREATE INDEX hearing_invitations_complaint_idx ON hearing_invitations (complaint_id, id);

-- The invitations sent before this table existed, from their letters.
INSERT INTO hearing_invitations (complaint_id, party, organisation_id, hearing_on, hearing_time, place, sent_at)
SELECT n.complaint_id, n.recipient, n.organisation_id, (n.data ->> 'hearing_date')::date, n.data ->> 'hearing_time',
    n.data ->> 'hearing_place', n.created_at
FROM notices n
WHERE n.kind = 'hearing_invitation' AND n.recipient IN ('complainant', 'organisation')
    AND n.data ->> 'hearing_date' ~ '^\d{4}-\d{2}-\d{2}$'
ORDER BY n.id;

-- +goose Down
DROP TABLE hearing_invitations;
