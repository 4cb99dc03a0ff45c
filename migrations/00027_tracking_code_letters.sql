-- +goose Up
-- The tracking code reaches every complainant in the acknowledgement (issue 14).
--
-- notices.pdf is the letter as the meldpunt keeps it (status page, staff, export): an
-- acknowledgement is kept there with its tracking code masked. print_pdf is the copy with the code
-- that staff print: it exists only while the letter waits in the print queue, and is wiped when the
-- letter is marked posted or goes back to the outbox to be written again.
ALTER TABLE notices ADD COLUMN print_pdf bytea;
-- Acknowledgements written before (a supporter's filing put the client's code in the notice): the
-- letter exists, so the clear code goes. Their stored PDFs are not rewritten here.
UPDATE notices SET data = (data - 'tracking_code') || '{"code_kept": "true"}'::jsonb
WHERE data ? 'tracking_code' AND pdf IS NOT NULL;

-- +goose Down
ALTER TABLE notices DROP COLUMN print_pdf;
