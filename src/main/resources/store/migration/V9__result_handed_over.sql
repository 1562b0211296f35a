-- Review finding 8: a result (or an interim answer) is handed over to the consumer once. The flag is set by the
-- channel's HANDED_OVER and cleared when a new result is stored (a later slip or the final result may be handed over).
ALTER TABLE application ADD COLUMN result_handed_over BOOLEAN DEFAULT FALSE NOT NULL;
