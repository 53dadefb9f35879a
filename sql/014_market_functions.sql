-- 014: the marketplace's state changes (spec/MARKET.md), one function each.
--
-- Each runs in its caller's transaction, locks what it changes, checks the
-- rules against now() under those locks, and writes the outbox rows of the
-- change in the same transaction. They answer with a result word the API
-- maps to a status ('ok', 'not_found', 'forbidden', ...), never with an error
-- for a broken rule, so the caller can tell every case apart.
--
-- Locks are always taken in the same order: the buyer's users row, then the
-- ticket, then its orders, then their payments. Two functions never wait for
-- each other in opposite orders, so they cannot deadlock.
--
-- Invariant kept by every function: a ticket is 'reserved' exactly while one
-- of its orders is 'created', and then held_until = that order's expires_at.
-- A hold that has lapsed is released (order 'expired', ticket 'available') by
-- whichever function next locks the ticket, or by marquee-expire.

CREATE FUNCTION marquee_iso(t timestamptz) RETURNS text
LANGUAGE sql IMMUTABLE AS $$
    SELECT to_char(t AT TIME ZONE 'UTC', 'YYYY-MM-DD"T"HH24:MI:SS"Z"')
$$;

-- The envelope of spec/MARKET.md, written to the outbox; NOTIFY wakes
-- marquee-relay when the transaction commits (Postgres folds the repeats of
-- one transaction into one notification).
CREATE FUNCTION marquee_emit(p_type text, p_aggregate text, p_version integer, p_data jsonb)
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
    PERFORM pg_notify('marquee_outbox', '');
END;
$$;

CREATE FUNCTION marquee_ticket_json(t tickets) RETURNS jsonb
LANGUAGE sql STABLE AS $$
    SELECT jsonb_build_object(
        'id', t.id, 'sessionId', t.session_id, 'eventId', t.event_id, 'sellerId', t.seller_id,
        'title', t.title, 'section', t.section, 'row', t.seat_row, 'seat', t.seat,
        'priceCents', t.price_cents, 'currency', t.currency,
        'status', marquee_ticket_status(t.status, t.held_until), 'version', t.version,
        'createdAt', marquee_iso(t.created_at), 'updatedAt', marquee_iso(t.updated_at))
$$;

CREATE FUNCTION marquee_order_json(o orders) RETURNS jsonb
LANGUAGE sql STABLE AS $$
    SELECT jsonb_build_object(
        'id', o.id, 'ticketId', o.ticket_id, 'buyerId', o.buyer_id, 'status', o.status,
        'amountCents', o.amount_cents, 'currency', o.currency,
        'expiresAt', marquee_iso(o.expires_at), 'version', o.version,
        'createdAt', marquee_iso(o.created_at), 'updatedAt', marquee_iso(o.updated_at))
$$;

-- A ticket's new state: version + 1 and its outbox row (ticket.withdrawn, or
-- ticket.updated for every other change, reservations and sales included, so
-- a consumer sees every version).
CREATE FUNCTION marquee_ticket_set(p_ticket uuid, p_status text, p_held_until timestamptz)
RETURNS tickets
LANGUAGE plpgsql AS $$
DECLARE
    t tickets;
BEGIN
    UPDATE tickets
       SET status = p_status, held_until = p_held_until, version = version + 1, updated_at = now()
     WHERE id = p_ticket
    RETURNING * INTO t;
    PERFORM marquee_emit(CASE WHEN p_status = 'withdrawn' THEN 'ticket.withdrawn'
                              ELSE 'ticket.updated' END,
                         t.id::text, t.version, marquee_ticket_json(t));
    RETURN t;
END;
$$;

-- An order's new state ('cancelled', 'expired', 'complete'): version + 1 and
-- its outbox row.
CREATE FUNCTION marquee_order_set(p_order uuid, p_status text) RETURNS orders
LANGUAGE plpgsql AS $$
DECLARE
    o orders;
BEGIN
    UPDATE orders SET status = p_status, version = version + 1, updated_at = now()
     WHERE id = p_order
    RETURNING * INTO o;
    PERFORM marquee_emit(CASE p_status WHEN 'complete' THEN 'order.completed'
                                       ELSE 'order.' || p_status END,
                         o.id::text, o.version, marquee_order_json(o));
    RETURN o;
END;
$$;

-- With the ticket locked: a reservation whose hold has passed ends here (its
-- order expired, the ticket available again). Returns the ticket as it is now.
CREATE FUNCTION marquee_ticket_release_lapsed(t tickets) RETURNS tickets
LANGUAGE plpgsql AS $$
DECLARE
    v_order uuid;
BEGIN
    IF t.status <> 'reserved' OR t.held_until > now() THEN
        RETURN t;
    END IF;
    FOR v_order IN
        SELECT id FROM orders WHERE ticket_id = t.id AND status = 'created' FOR UPDATE
    LOOP
        PERFORM marquee_order_set(v_order, 'expired');
    END LOOP;
    RETURN marquee_ticket_set(t.id, 'available', NULL);
END;
$$;

CREATE FUNCTION marquee_ticket_create(p_seller uuid, p_session text, p_price bigint,
                                      p_currency text, p_title text, p_section text,
                                      p_row text, p_seat text,
                                      OUT result text, OUT t tickets)
LANGUAGE plpgsql AS $$
DECLARE
    s record;
BEGIN
    SELECT es.event_id, es.start_at, es.status, e.name INTO s
      FROM event_sessions es JOIN events e ON e.id = es.event_id
     WHERE es.id = p_session;
    IF NOT FOUND THEN
        result := 'session_not_found';
    ELSIF s.start_at <= now() THEN
        result := 'session_started';
    ELSIF s.status = 'cancelled' THEN
        result := 'session_cancelled';
    ELSIF NOT EXISTS (SELECT 1 FROM currencies WHERE code = p_currency) THEN
        result := 'currency';
    ELSE
        INSERT INTO tickets (session_id, event_id, seller_id, title, section, seat_row, seat,
                             price_cents, currency)
        VALUES (p_session, s.event_id, p_seller, coalesce(p_title, left(s.name, 200)),
                p_section, p_row, p_seat, p_price, p_currency)
        RETURNING * INTO t;
        PERFORM marquee_emit('ticket.created', t.id::text, t.version, marquee_ticket_json(t));
        result := 'ok';
    END IF;
END;
$$;

-- NULL leaves a field as it is; an empty section, row or seat clears it.
-- p_version NULL: no If-Match.
CREATE FUNCTION marquee_ticket_update(p_ticket uuid, p_seller uuid, p_version integer,
                                      p_price bigint, p_title text, p_section text,
                                      p_row text, p_seat text,
                                      OUT result text, OUT t tickets)
LANGUAGE plpgsql AS $$
BEGIN
    SELECT * INTO t FROM tickets WHERE id = p_ticket FOR UPDATE;
    IF NOT FOUND THEN
        result := 'not_found';
        RETURN;
    ELSIF t.seller_id <> p_seller THEN
        result := 'forbidden';
        RETURN;
    END IF;
    t := marquee_ticket_release_lapsed(t);
    IF t.status <> 'available' THEN
        result := 'not_available';
    ELSIF p_version IS NOT NULL AND p_version <> t.version THEN
        result := 'version';
    ELSE
        UPDATE tickets
           SET price_cents = coalesce(p_price, price_cents),
               title = coalesce(p_title, title),
               section = CASE WHEN p_section IS NULL THEN section ELSE nullif(p_section, '') END,
               seat_row = CASE WHEN p_row IS NULL THEN seat_row ELSE nullif(p_row, '') END,
               seat = CASE WHEN p_seat IS NULL THEN seat ELSE nullif(p_seat, '') END,
               version = version + 1,
               updated_at = now()
         WHERE id = p_ticket
        RETURNING * INTO t;
        PERFORM marquee_emit('ticket.updated', t.id::text, t.version, marquee_ticket_json(t));
        result := 'ok';
    END IF;
END;
$$;

-- Withdrawing a withdrawn ticket again changes nothing and is 'ok'.
CREATE FUNCTION marquee_ticket_withdraw(p_ticket uuid, p_seller uuid, OUT result text)
LANGUAGE plpgsql AS $$
DECLARE
    t tickets;
BEGIN
    SELECT * INTO t FROM tickets WHERE id = p_ticket FOR UPDATE;
    IF NOT FOUND THEN
        result := 'not_found';
        RETURN;
    ELSIF t.seller_id <> p_seller THEN
        result := 'forbidden';
        RETURN;
    END IF;
    t := marquee_ticket_release_lapsed(t);
    IF t.status = 'withdrawn' THEN
        result := 'ok';
    ELSIF t.status <> 'available' THEN
        result := 'not_available';
    ELSE
        PERFORM marquee_ticket_set(t.id, 'withdrawn', NULL);
        result := 'ok';
    END IF;
END;
$$;

-- Reserves a ticket for p_hold_seconds. The buyer's row is locked first, so
-- one buyer's concurrent orders count their holds one at a time and cannot
-- pass p_max_holds together.
CREATE FUNCTION marquee_order_create(p_buyer uuid, p_ticket uuid, p_hold_seconds integer,
                                     p_max_holds integer,
                                     OUT result text, OUT o orders, OUT t tickets)
LANGUAGE plpgsql AS $$
BEGIN
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

-- Locks an order's ticket and then the order, releasing a lapsed hold on
-- the way. known is false for an unknown order.
CREATE FUNCTION marquee_order_lock(p_order uuid, OUT known boolean, OUT t tickets, OUT o orders)
LANGUAGE plpgsql AS $$
DECLARE
    v_ticket uuid;
BEGIN
    SELECT ticket_id INTO v_ticket FROM orders WHERE id = p_order;
    known := v_ticket IS NOT NULL;
    IF NOT known THEN
        RETURN;
    END IF;
    SELECT * INTO t FROM tickets WHERE id = v_ticket FOR UPDATE;
    t := marquee_ticket_release_lapsed(t);
    SELECT * INTO o FROM orders WHERE id = p_order FOR UPDATE;
END;
$$;

-- 'ok' cancelled now; 'noop' already cancelled or expired; 'complete'.
CREATE FUNCTION marquee_order_cancel(p_buyer uuid, p_order uuid, OUT result text)
LANGUAGE plpgsql AS $$
DECLARE
    l record;
BEGIN
    SELECT * INTO l FROM marquee_order_lock(p_order);
    IF NOT l.known THEN
        result := 'not_found';
    ELSIF (l.o).buyer_id <> p_buyer THEN
        result := 'forbidden';
    ELSIF (l.o).status = 'complete' THEN
        result := 'complete';
    ELSIF (l.o).status <> 'created' THEN
        result := 'noop';
    ELSE
        PERFORM marquee_order_set((l.o).id, 'cancelled');
        PERFORM marquee_ticket_set((l.t).id, 'available', NULL);
        result := 'ok';
    END IF;
END;
$$;

-- marquee-expire: ends up to p_limit lapsed holds, oldest first, and returns
-- how many it ended. Tickets another transaction holds are left for the next
-- run (that transaction releases the hold itself if it needs the ticket).
CREATE FUNCTION marquee_orders_expire(p_limit integer) RETURNS integer
LANGUAGE plpgsql AS $$
DECLARE
    v_ticket uuid;
    t tickets;
    n integer := 0;
BEGIN
    FOR v_ticket IN
        SELECT ticket_id FROM orders
         WHERE status = 'created' AND expires_at <= now()
         ORDER BY expires_at, id
         LIMIT p_limit
    LOOP
        SELECT * INTO t FROM tickets WHERE id = v_ticket FOR UPDATE SKIP LOCKED;
        IF FOUND AND t.status = 'reserved' AND t.held_until <= now() THEN
            PERFORM marquee_ticket_release_lapsed(t);
            n := n + 1;
        END IF;
    END LOOP;
    RETURN n;
END;
$$;

-- Starts a payment: the order must be the buyer's, 'created' and within its
-- hold, with no other payment under way. Records the 'pending' payment the
-- provider is then asked to charge.
CREATE FUNCTION marquee_payment_begin(p_buyer uuid, p_order uuid, p_provider text,
                                      p_method text, OUT result text, OUT p payments)
LANGUAGE plpgsql AS $$
DECLARE
    l record;
BEGIN
    SELECT * INTO l FROM marquee_order_lock(p_order);
    IF NOT l.known THEN
        result := 'not_found';
    ELSIF (l.o).buyer_id <> p_buyer THEN
        result := 'forbidden';
    ELSIF (l.o).status = 'complete' THEN
        result := 'paid';
    ELSIF (l.o).status <> 'created' THEN
        result := 'order_' || (l.o).status;
    ELSIF EXISTS (SELECT 1 FROM payments WHERE order_id = p_order AND status = 'pending') THEN
        result := 'payment_pending';
    ELSE
        INSERT INTO payments (order_id, buyer_id, amount_cents, currency, provider,
                              payment_method)
        VALUES (p_order, p_buyer, (l.o).amount_cents, (l.o).currency, p_provider, p_method)
        RETURNING * INTO p;
        result := 'ok';
    END IF;
END;
$$;

-- Records the provider's answer for a pending payment. p_outcome:
-- 'succeeded', 'declined' or 'failed'. Result: the payment's status after
-- the call, or 'refund' when the charge succeeded but the order no longer
-- holds its ticket (the hold ended, or another payment completed it): the
-- caller must refund it and then call marquee_payment_refunded. A payment
-- that is no longer pending is left as it is.
CREATE FUNCTION marquee_payment_finish(p_payment uuid, p_outcome text, p_ref text,
                                       p_error text, OUT result text)
LANGUAGE plpgsql AS $$
DECLARE
    p payments;
    l record;
BEGIN
    SELECT * INTO p FROM payments WHERE id = p_payment;
    IF NOT FOUND THEN
        result := 'not_found';
        RETURN;
    END IF;
    SELECT * INTO l FROM marquee_order_lock(p.order_id);
    SELECT * INTO p FROM payments WHERE id = p_payment FOR UPDATE;
    IF p.status <> 'pending' THEN
        result := p.status;
    ELSIF p_outcome <> 'succeeded' THEN
        UPDATE payments SET status = p_outcome, provider_ref = coalesce(p_ref, provider_ref),
                            error = p_error, updated_at = now()
         WHERE id = p_payment;
        result := p_outcome;
    ELSIF (l.o).status <> 'created' THEN
        UPDATE payments SET provider_ref = coalesce(p_ref, provider_ref), updated_at = now()
         WHERE id = p_payment;
        result := 'refund';
    ELSE
        UPDATE payments SET status = 'succeeded', provider_ref = coalesce(p_ref, provider_ref),
                            updated_at = now()
         WHERE id = p_payment
        RETURNING * INTO p;
        PERFORM marquee_emit('payment.succeeded', p.id::text, 1, marquee_payment_json(p));
        PERFORM marquee_order_set((l.o).id, 'complete');
        PERFORM marquee_ticket_set((l.t).id, 'sold', NULL);
        result := 'succeeded';
    END IF;
END;
$$;

CREATE FUNCTION marquee_payment_json(p payments) RETURNS jsonb
LANGUAGE sql STABLE AS $$
    SELECT jsonb_build_object(
        'id', p.id, 'orderId', p.order_id, 'amountCents', p.amount_cents,
        'currency', p.currency, 'status', p.status, 'provider', p.provider,
        'providerRef', p.provider_ref, 'createdAt', marquee_iso(p.created_at))
$$;

-- After a refund of a late charge: the payment is 'refunded'.
CREATE FUNCTION marquee_payment_refunded(p_payment uuid, OUT result text)
LANGUAGE plpgsql AS $$
DECLARE
    p payments;
BEGIN
    UPDATE payments SET status = 'refunded', updated_at = now()
     WHERE id = p_payment AND status = 'pending'
    RETURNING * INTO p;
    IF FOUND THEN
        PERFORM marquee_emit('payment.refunded', p.id::text, 1, marquee_payment_json(p));
        result := 'refunded';
    ELSE
        SELECT status INTO result FROM payments WHERE id = p_payment;
    END IF;
END;
$$;

-- An order's status as the buyer sees it: a hold that has passed reads as
-- expired before marquee-expire has marked it.
CREATE FUNCTION marquee_order_status(status text, expires_at timestamptz) RETURNS text
LANGUAGE sql STABLE AS $$
    SELECT CASE WHEN status = 'created' AND expires_at <= now() THEN 'expired' ELSE status END
$$;
