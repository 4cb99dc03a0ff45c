-- +goose Up
-- The real day of receipt (issue 10, point 5): a complaint registered by staff carries the day it
-- reached the meldpunt, and every term runs from that day. Existing complaints were received on the
-- day they were registered: the date of received_at in Amsterdam.
ALTER TABLE complaints ADD COLUMN received_on date;
UPDATE complaints SET received_on = (received_at AT TIME ZONE 'Europe/Amsterdam')::date;
ALTER TABLE complaints ALTER COLUMN received_on SET NOT NULL;

-- The last day of the four weeks in which the meldpunt decides that it will not deal with a
-- complaint (Awb 9:8). The store computes it with internal/term when a complaint is filed. For
-- existing complaints, and as the default for rows written by plain SQL (demo and benchmark seeds),
-- term_last_day computes it here the same way: start + days, moved past Saturdays, Sundays, the
-- holidays of the Algemene termijnenwet (Easter by the anonymous Gregorian algorithm, as
-- term.Easter) and the equated days (art. 1; art. 2 never matters for a term of four weeks).
-- +goose StatementBegin
CREATE FUNCTION term_last_day(start date, days int) RETURNS date LANGUAGE plpgsql STABLE AS $$
DECLARE
    d date := start + days;
    y int; a int; b int; c int; h int; l int; m int; easter date;
BEGIN
    LOOP
        IF extract(isodow FROM d) < 6 THEN
            y := extract(year FROM d);
            a := y % 19; b := y / 100; c := y % 100;
            h := (19 * a + b - b / 4 - (b - (b + 8) / 25 + 1) / 3 + 15) % 30;
            l := (32 + 2 * (b % 4) + 2 * (c / 4) - h - (c % 4)) % 7;
            m := (a + 11 * h + 22 * l) / 451;
            easter := make_date(y, (h + l - 7 * m + 114) / 31, (h + l - 7 * m + 114) % 31 + 1);
            EXIT WHEN NOT (
                (extract(month FROM d) = 1 AND extract(day FROM d) = 1)
                OR d = CASE WHEN extract(isodow FROM make_date(y, 4, 27)) = 7 THEN make_date(y, 4, 26)
                            ELSE make_date(y, 4, 27) END
                OR (extract(month FROM d) = 5 AND extract(day FROM d) = 5)
                OR (extract(month FROM d) = 12 AND extract(day FROM d) IN (25, 26))
                OR d IN (easter - 2, easter + 1, easter + 39, easter + 50)
                OR EXISTS (SELECT 1 FROM equated_days e WHERE e.day = d));
        END IF;
        d := d + 1;
    END LOOP;
    RETURN d;
END
$$;
-- +goose StatementEnd

ALTER TABLE complaints ADD COLUMN inadmissibility_last_day date;
UPDATE complaints SET inadmissibility_last_day = term_last_day(received_on, 28);
ALTER TABLE complaints ALTER COLUMN inadmissibility_last_day SET NOT NULL;

-- Rows written by plain SQL without these columns get the day of receipt and the inadmissibility
-- term as defaults (the store always writes both, and so do the bulk seeds of the benchmarks, so
-- that the trigger costs them nothing).
-- +goose StatementBegin
CREATE FUNCTION complaints_receipt_defaults() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
    NEW.received_on := coalesce(NEW.received_on, (NEW.received_at AT TIME ZONE 'Europe/Amsterdam')::date);
    NEW.inadmissibility_last_day := coalesce(NEW.inadmissibility_last_day, term_last_day(NEW.received_on, 28));
    RETURN NEW;
END
$$;
-- +goose StatementEnd
CREATE TRIGGER complaints_receipt_defaults BEFORE INSERT ON complaints
    FOR EACH ROW WHEN (NEW.received_on IS NULL OR NEW.inadmissibility_last_day IS NULL)
    EXECUTE FUNCTION complaints_receipt_defaults();
-- Complaints near or past the inadmissibility term (the worklist and GET /api/v1/watch).
CREATE INDEX complaints_inadmissibility_idx ON complaints (inadmissibility_last_day, id)
    WHERE status IN ('received', 'in_treatment');

-- The earlier complaint a complaint declared inadmissible as handled before repeats (Awb 9:8 lid 1 a).
ALTER TABLE complaints ADD COLUMN inadmissible_earlier_reference text NOT NULL DEFAULT '';

-- A letter to a recipient with neither a postal address nor an e-mail address waits as
-- 'no_address' (issue 10, point 9): it is not claimed, printed or failed until staff add an address.
ALTER TABLE notices DROP CONSTRAINT notices_status_check;
ALTER TABLE notices ADD CONSTRAINT notices_status_check
    CHECK (status IN ('pending', 'sent', 'print', 'posted', 'failed', 'no_address'));
CREATE INDEX notices_no_address_idx ON notices (id) WHERE status = 'no_address';

-- +goose Down
DROP INDEX notices_no_address_idx;
UPDATE notices SET status = 'pending' WHERE status = 'no_address';
ALTER TABLE notices DROP CONSTRAINT notices_status_check;
ALTER TABLE notices ADD CONSTRAINT notices_status_check
    CHECK (status IN ('pending', 'sent', 'print', 'posted', 'failed'));
ALTER TABLE complaints DROP COLUMN inadmissible_earlier_reference;
DROP TRIGGER complaints_receipt_defaults ON complaints;
DROP FUNCTION complaints_receipt_defaults();
DROP INDEX complaints_inadmissibility_idx;
ALTER TABLE complaints DROP COLUMN inadmissibility_last_day;
ALTER TABLE complaints DROP COLUMN received_on;
DROP FUNCTION term_last_day(date, int);
