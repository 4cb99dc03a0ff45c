-- +goose Up
-- The public form cannot be used to mail-bomb or phish (issue 11, point 1).
--
-- public_emails are the e-mail addresses (lower case) that an anonymous sender typed on the public
-- form or the public API. A notice to one of them, written before staff took the case up, is
-- unverified: its e-mail is a short neutral notice (the letter itself is on the status page and
-- goes by post when there is a postal address), and at most a few such e-mails go to one address
-- per hour (public_mails). An unverified notice over that limit is not e-mailed: it goes to the
-- print queue when there is a postal address, else it is withheld (readable on the status page).
ALTER TABLE complaints ADD COLUMN public_emails text[] NOT NULL DEFAULT '{}';
ALTER TABLE notices ADD COLUMN unverified boolean NOT NULL DEFAULT false;
ALTER TABLE notices DROP CONSTRAINT notices_status_check;
ALTER TABLE notices ADD CONSTRAINT notices_status_check
    CHECK (status IN ('pending', 'sent', 'print', 'posted', 'failed', 'no_address', 'withheld'));

-- One row per e-mail sent (or being sent) to an address typed on the public form, by the address
-- as normalised (lower case, without a +tag); rows older than the window are deleted as new ones
-- come, so the table holds little more than an hour of addresses.
CREATE TABLE public_mails (
    notice_id  bigint PRIMARY KEY REFERENCES notices (id) ON DELETE CASCADE,
    address    text NOT NULL,
    sent_at    timestamptz NOT NULL
);
CREATE INDEX public_mails_address_idx ON public_mails (address, sent_at);
CREATE INDEX public_mails_sent_idx ON public_mails (sent_at);

-- One row per complaint filed without an account, by source (the client address; IPv6 by /64),
-- for the intake limit that holds across replicas; rows older than the window are deleted as new
-- ones come.
CREATE TABLE public_intakes (
    id         bigserial PRIMARY KEY,
    source     text NOT NULL,
    filed_at   timestamptz NOT NULL
);
CREATE INDEX public_intakes_source_idx ON public_intakes (source, filed_at);
CREATE INDEX public_intakes_filed_idx ON public_intakes (filed_at);

-- The key that signs the time a complaint form was handed out (the least fill time): one for
-- every replica, made by the first that needs it.
CREATE TABLE form_keys (
    id   smallint PRIMARY KEY CHECK (id = 1),
    key  bytea NOT NULL
);

-- +goose Down
DROP TABLE form_keys;
DROP TABLE public_intakes;
DROP TABLE public_mails;
UPDATE notices SET status = 'no_address' WHERE status = 'withheld';
ALTER TABLE notices DROP CONSTRAINT notices_status_check;
ALTER TABLE notices ADD CONSTRAINT notices_status_check
    CHECK (status IN ('pending', 'sent', 'print', 'posted', 'failed', 'no_address'));
ALTER TABLE notices DROP COLUMN unverified;
ALTER TABLE complaints DROP COLUMN public_emails;
