-- +goose Up
-- The supporter in the complaint procedure (issue 12 point 4, DOMAIN.md §7). A resident chooses a
-- member of the pool of client supporters, or names an informal representative (gemachtigde:
-- family, a carer), and consents that they act for them. No consent, no acting: a choice is always
-- a consent, and a choice without consent is not recorded.
--
-- complaints keeps the choice as it stands now:
--   supporter_id        the member of the pool chosen (NULL for none or an informal representative);
--                       a supporter account sees the case when users.supporter_id = complaints.supporter_id
--                       and supporter_consent is true;
--   supporter_relation  the informal representative's relation to the resident ('dochter', 'mantelzorger');
--   supporter_name ...  where the copies of the resident's letters go (recipient 'supporter'): for a
--                       member of the pool its name and e-mail address from the pool, for an informal
--                       representative what the resident gave; empty when nobody acts;
--   supporter_consent   true while a representation is active.
-- representations keeps every choice with its consent: given when, by which route, recorded by whom,
-- ended when, by which route and by whom. At most one is active (ended_at IS NULL) per complaint.
ALTER TABLE complaints ADD COLUMN supporter_id bigint REFERENCES supporters (id);
ALTER TABLE complaints ADD COLUMN supporter_relation text NOT NULL DEFAULT '';
CREATE INDEX complaints_supporter_id ON complaints (supporter_id) WHERE supporter_id IS NOT NULL;

CREATE TABLE representations (
    id                bigserial PRIMARY KEY,
    complaint_id      bigint NOT NULL REFERENCES complaints (id) ON DELETE CASCADE,
    kind              text NOT NULL CHECK (kind IN ('pool', 'informal')),
    supporter_id      bigint REFERENCES supporters (id),
    CHECK ((kind = 'pool') = (supporter_id IS NOT NULL)),
    -- The informal representative's name and relation (for a member of the pool: its name then).
    name              text NOT NULL CHECK (name <> ''),
    relation          text NOT NULL DEFAULT '',
    -- The consent: when it was given (recorded), by which route, and for a signed letter the day the
    -- letter reached the meldpunt; recorded_by is the account that recorded it (NULL: the resident).
    consent_at        timestamptz NOT NULL,
    consent_route     text NOT NULL CHECK (consent_route IN ('complaint_form', 'status_page', 'registration',
                          'signed_letter', 'supporter_filing', 'migration')),
    consent_received_on date,
    recorded_by       bigint REFERENCES users (id),
    -- The end: replaced by another choice, ended by the resident, or ended on a signed letter.
    ended_at          timestamptz,
    end_route         text NOT NULL DEFAULT '' CHECK (end_route IN ('', 'status_page', 'signed_letter', 'replaced')),
    end_received_on   date,
    ended_by          bigint REFERENCES users (id),
    CHECK ((ended_at IS NULL) = (end_route = ''))
);
CREATE UNIQUE INDEX representations_active ON representations (complaint_id) WHERE ended_at IS NULL;
CREATE INDEX representations_supporter ON representations (supporter_id) WHERE supporter_id IS NOT NULL;

-- What a supporter adds to a case: information and descriptions of documents (the documents
-- themselves reach the meldpunt by post or e-mail; the case keeps what they are).
CREATE TABLE supporter_contributions (
    id           bigserial PRIMARY KEY,
    complaint_id bigint NOT NULL REFERENCES complaints (id) ON DELETE CASCADE,
    supporter_id bigint NOT NULL REFERENCES supporters (id),
    user_id      bigint NOT NULL REFERENCES users (id),
    information  text NOT NULL DEFAULT '',
    documents    text[] NOT NULL DEFAULT '{}',
    CHECK (information <> '' OR cardinality(documents) > 0),
    created_at   timestamptz NOT NULL
);
CREATE INDEX supporter_contributions_complaint ON supporter_contributions (complaint_id, id);

-- Existing data: a supporter account staff linked to a case (supporter_user_id) becomes the choice of
-- that account's member of the pool; a supporter named on the form with consent becomes an informal
-- representation. Consent for these came before this record existed: route 'migration'.
UPDATE complaints c SET supporter_id = u.supporter_id
FROM users u WHERE u.id = c.supporter_user_id AND u.supporter_id IS NOT NULL;
UPDATE complaints c SET supporter_consent = true, supporter_name = s.name, supporter_email = s.email,
    supporter_phone = s.phone, supporter_street = '', supporter_postcode = '', supporter_city = ''
FROM supporters s WHERE s.id = c.supporter_id AND c.supporter_name = '';
INSERT INTO representations (complaint_id, kind, supporter_id, name, consent_at, consent_route)
SELECT c.id, CASE WHEN c.supporter_id IS NULL THEN 'informal' ELSE 'pool' END, c.supporter_id,
       c.supporter_name, c.received_at, 'migration'
FROM complaints c WHERE c.supporter_consent AND (c.supporter_name <> '' OR c.supporter_id IS NOT NULL);
-- A supporter named without consent before this change stays the copy recipient it was (the
-- letters already went to them, and the annual figures count them); it never had access.
DROP INDEX complaints_supporter_idx;
ALTER TABLE complaints DROP COLUMN supporter_user_id;

-- +goose Down
ALTER TABLE complaints ADD COLUMN supporter_user_id bigint REFERENCES users (id);
CREATE INDEX complaints_supporter_idx ON complaints (supporter_user_id) WHERE supporter_user_id IS NOT NULL;
DROP TABLE supporter_contributions;
DROP TABLE representations;
DROP INDEX complaints_supporter_id;
ALTER TABLE complaints DROP COLUMN supporter_relation;
ALTER TABLE complaints DROP COLUMN supporter_id;
