-- Session 35 (seedaudit23, kz.qaqpa.channel.ChannelNotifications): the applicant's БИН, where a legal entity applies
-- (seed 003's archival certificate for legal entities, seed 004's БСН applicants), kept with the application as its
-- ИИН is. The portal's «Қызметтер алу тарихы» / «История получения услуг» (seed 000 para 9, seed 001 para 10 / 9,
-- seed 002 para 11, seed 003 para 10) shows the status of an application made on another channel too: the gateway's
-- status notice to the portal names the applicant, the entity by its БИН. NULL: a person applied, or the application
-- was stored before this version (its notices name the ИИН only).
ALTER TABLE application ADD COLUMN applicant_bin CHAR(12);
