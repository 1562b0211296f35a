-- Session 32 (terms18, docs/deadlines.md "A calendar or norm changed while applications are in flight"): a due time
-- that a term extension (TermExtension) set is data, whatever the route calls the extension's history step. extension
-- holds the extensions of the step, in order, applied to the due time its own norm gives: a norm ('15 calendar-days',
-- counted from the due time before it) or a date ('2026-05-03', the last day the provider named), separated by '; '
-- (kz.qaqpa.regulation.ExtendedTerm). The start's calendar replan makes an extended step again by them.
ALTER TABLE step_plan ADD COLUMN extension VARCHAR(1000);
-- Before this version the replan knew an extension only by its history step's '-extension' suffix, and kept such a
-- plan whole: the plans extended then are marked 'kept' (their open rows), and the replan keeps them as before.
UPDATE step_plan SET extension = 'kept' WHERE ended_at IS NULL AND correlation_id IN
  (SELECT correlation_id FROM status_history WHERE step_id LIKE '%-extension');
