-- +goose Up
-- The staff's worklist asks for the open cases of one handler, most urgent first.
CREATE INDEX complaints_handler_idx ON complaints (handler_id, handling_deadline_at)
    WHERE status IN ('received', 'in_treatment', 'advised');
-- Complaints near or past their handling term (the worklist and GET /api/v1/watch), by last day.
CREATE INDEX complaints_open_term_idx ON complaints (handling_last_day, id)
    WHERE status IN ('received', 'in_treatment');
-- Enforced advices wait for their organisation to confirm execution.
CREATE INDEX advices_enforced_idx ON advices (deadline_at, id) WHERE status = 'enforced';

-- +goose Down
DROP INDEX advices_enforced_idx;
DROP INDEX complaints_open_term_idx;
DROP INDEX complaints_handler_idx;
