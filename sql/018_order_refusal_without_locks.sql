-- 018: marquee_order_create refuses a listing that is not available before
-- it takes any lock (the rush: bench/rush.sh). Otherwise as in 014.

CREATE OR REPLACE FUNCTION marquee_order_create(p_buyer uuid, p_ticket uuid, p_hold_seconds integer,
                                     p_max_holds integer,
                                     OUT result text, OUT o orders, OUT t tickets)
LANGUAGE plpgsql AS $$
BEGIN
    -- Held by someone else now, sold or withdrawn: refused without a lock.
    -- Taking the locks first made every refusal a write (row locks are
    -- WAL-logged), so each one waited for a WAL flush at commit: in a rush
    -- most answers are refusals. Whatever this snapshot missed (a hold
    -- released a moment ago) is the same as arriving a moment earlier; an
    -- order is still only made under the locks below, which check again.
    SELECT * INTO t FROM tickets WHERE id = p_ticket;
    IF FOUND AND t.seller_id <> p_buyer
       AND marquee_ticket_status(t.status, t.held_until) <> 'available' THEN
        result := 'not_available';
        RETURN;
    END IF;
    PERFORM 1 FROM users WHERE id = p_buyer FOR NO KEY UPDATE;
    SELECT * INTO t FROM tickets WHERE id = p_ticket FOR UPDATE;
    IF NOT FOUND THEN
        result := 'not_found';
        RETURN;
    ELSIF t.seller_id = p_buyer THEN
        result := 'own_ticket';
        RETURN;
    END IF;
    t := marquee_ticket_release_lapsed(t);
    IF t.status <> 'available' THEN
        result := 'not_available';
    ELSIF EXISTS (SELECT 1 FROM event_sessions WHERE id = t.session_id AND start_at <= now()) THEN
        result := 'session_started';
    ELSIF (SELECT count(*) FROM orders
            WHERE buyer_id = p_buyer AND status = 'created' AND expires_at > now())
          >= p_max_holds THEN
        result := 'too_many_holds';
    ELSE
        INSERT INTO orders (ticket_id, buyer_id, amount_cents, currency, expires_at)
        VALUES (t.id, p_buyer, t.price_cents, t.currency,
                now() + make_interval(secs => p_hold_seconds))
        RETURNING * INTO o;
        PERFORM marquee_emit('order.created', o.id::text, o.version, marquee_order_json(o));
        t := marquee_ticket_set(t.id, 'reserved', o.expires_at);
        result := 'ok';
    END IF;
END;
$$;
