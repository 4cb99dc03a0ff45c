-- +goose Up
-- The staff's worklist asks for the open cases of one handler, most urgent first.
CREATE INDEX complaints_handler_idx ON complaints (handler_id, handling_deadline_at)
    WHERE status IN ('received', 'in_treatment', 'advised');
-- Enforced advices wait for their organisation to confirm execution.
CREATE INDEX advices_enforced_idx ON advices (deadline_at, id) WHERE status = 'enforced';

-- +goose Down
DROP INDEX advices_enforced_idx;
DROP INDEX complaints_handler_idx;
