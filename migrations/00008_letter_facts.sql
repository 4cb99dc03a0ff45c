-- +goose Up
-- Organisation addresses as PostNL wants them on an envelope: street and number (or Postbus),
-- postcode, and town on the last line. The one-line address moves over: "Zijlsingel 2, 2013 DN
-- Haarlem" splits into its three parts; a line that does not read that way stays whole in street,
-- with postcode and city empty, and the organisations page shows the address as incomplete.
ALTER TABLE organisations
    ADD COLUMN street   text NOT NULL DEFAULT '',
    ADD COLUMN postcode text NOT NULL DEFAULT '',
    ADD COLUMN city     text NOT NULL DEFAULT '';

UPDATE organisations o SET
    street   = btrim(m[1], ' ,'),
    postcode = m[2] || ' ' || upper(m[3]),
    city     = btrim(m[4])
FROM (SELECT id, regexp_match(btrim(address), '^(.*[^ ,])[ ,]+([1-9][0-9]{3}) ?([A-Za-z]{2}) +([^0-9,].*)$') AS m
      FROM organisations) p
WHERE p.id = o.id AND p.m IS NOT NULL;

UPDATE organisations SET street = btrim(address) WHERE street = '' AND btrim(address) <> '';

ALTER TABLE organisations DROP COLUMN address;

-- A notice keeps the facts its letter tells, as they were when its cause happened (the handler who
-- acted, organisation names, advice texts and last days, the ruling, the hearings), so that a letter
-- rendered later says what was true then. Notices written before this column have none: their
-- letters are rendered from the case as it stands.
ALTER TABLE notices ADD COLUMN facts jsonb;

-- +goose Down
ALTER TABLE notices DROP COLUMN facts;
ALTER TABLE organisations ADD COLUMN address text NOT NULL DEFAULT '';
UPDATE organisations SET address = concat_ws(', ', nullif(street, ''), nullif(btrim(postcode || ' ' || city), ''));
ALTER TABLE organisations DROP COLUMN street, DROP COLUMN postcode, DROP COLUMN city;
