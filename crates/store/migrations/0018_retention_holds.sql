-- "Utsett sletting" (Personvern → Slettes snart): an Administrator keeps a candidate past their retention period
-- until a date, with a reason (e.g. a discrimination complaint in progress). Cleared when the candidate is
-- anonymised.
ALTER TABLE candidates ADD COLUMN retention_hold_until BIGINT;
ALTER TABLE candidates ADD COLUMN retention_hold_reason TEXT;
