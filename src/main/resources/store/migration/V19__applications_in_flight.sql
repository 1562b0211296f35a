-- Session 31 (inflight17, kz.qaqpa.regulation.InFlightCheck): what the start's in-flight check reads.
-- result_awaits_hand_over: the application's current result is to be handed over to the consumer by an employee of
-- its channel (the channel's progress route has the hand-over step, seed 002 para 7 con-process-8, para 6
-- zhao-action-9), written with the result; a COMPLETED application with it still needs its channel until the
-- hand-over makes it ISSUED. FALSE where the result reaches the consumer through the channel itself (the portal's
-- personal cabinet): such an application stays COMPLETED for good and needs nothing more. NULL: a result stored
-- before this version, whether it awaits a hand-over is not known; the start settles it from the channel's route.
ALTER TABLE application ADD COLUMN result_awaits_hand_over BOOLEAN DEFAULT FALSE;
UPDATE application SET result_awaits_hand_over = NULL WHERE status_code = 'COMPLETED';
-- The check looks for the applications not yet final and the results awaiting a hand-over, a few among the many
-- final ones: by status and this mark, not by reading every application.
CREATE INDEX application_in_flight ON application (status_code, result_awaits_hand_over);
