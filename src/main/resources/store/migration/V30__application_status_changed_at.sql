-- Session 46 (status46): the moment an application's status (or its status text) last changed, on the gateway's
-- regulation clock (qaqpa.clock, GatewayClock), as the contract's MessageStatusInfo.statusDate means it («Дата
-- изменения статуса»): getMessageStatus answers it (kz.qaqpa.channel.MessageStatusQuery) and every status callback
-- carries the same moment of its change (kz.qaqpa.channel.ChannelNotifications). updated_at stays store time (the
-- system clock), which retention compares with its own cut (RetentionClock).
--
-- Rows stored before: their status_changed_at is their updated_at, the statusDate getMessageStatus answered for them
-- until now, so what a channel was already told does not change. On a gateway whose qaqpa.clock is empty (the
-- shipped setting) the regulation clock is the system clock and updated_at is that very moment (the intake wrote
-- its acceptance there, every later change its store time). A store run on a shifted clock (tests, replays) has no
-- better source: the status history's last step end is not always the status change (a questionnaire, a late
-- REGISTERED, a term extension's text come after it), and the clock's offset at each change is not kept.
ALTER TABLE application ADD COLUMN status_changed_at TIMESTAMP WITH TIME ZONE;
UPDATE application SET status_changed_at = updated_at;
ALTER TABLE application ALTER COLUMN status_changed_at SET NOT NULL;
