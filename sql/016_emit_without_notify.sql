-- 016: marquee_emit no longer NOTIFYs. A transaction that has called NOTIFY
-- takes a database-wide lock at commit and holds it through its WAL flush, so
-- every state change committed one at a time: measured on the bench machine,
-- one outbox row per transaction went from 2,850 to 490 commits/s with 16
-- writers (bench/README.md, "The relay"). marquee-relay polls every
-- RELAY_POLL_MS (20) instead, an index scan of the empty outbox_pending index
-- when idle; it still LISTENs on marquee_outbox, so a NOTIFY sent by hand
-- after a manual fix wakes it at once.
CREATE OR REPLACE FUNCTION marquee_emit(p_type text, p_aggregate text, p_version integer,
                                        p_data jsonb)
RETURNS void
LANGUAGE plpgsql AS $$
DECLARE
    v_id uuid := gen_random_uuid();
BEGIN
    INSERT INTO outbox (id, type, aggregate_id, version, envelope)
    VALUES (v_id, p_type, p_aggregate, p_version,
            jsonb_build_object('id', v_id, 'type', p_type, 'aggregateId', p_aggregate,
                               'version', p_version, 'occurredAt', marquee_iso(now()),
                               'data', p_data)::text);
END;
$$;
