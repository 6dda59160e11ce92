-- Owned by delivery: whether a day's deliveries still have one pending. history asks this before it drops
-- a day (the day's delivery table is detached then, so it is named, not reached through the parent), and
-- so never reads the meaning of a delivery's status itself.
CREATE FUNCTION delivery_pending_on(day date) RETURNS boolean
LANGUAGE plpgsql STABLE AS $$
DECLARE
    pending boolean;
BEGIN
    EXECUTE format('SELECT EXISTS (SELECT 1 FROM %I WHERE status = ''PENDING'')',
                   'delivery_' || to_char(day, 'YYYYMMDD'))
       INTO pending;
    RETURN pending;
END
$$;
