-- 013: the resale marketplace (spec/MARKET.md): listings, orders with holds,
-- payments, idempotency keys and the transactional outbox. The state changes
-- themselves are the functions of 014, so that every rule holds in one
-- transaction whoever calls them (the API, marquee-expire, a manual fix).

-- The ISO 4217 currencies a ticket may be priced in: every active national
-- currency (fund codes, precious metals and test codes left out), with its
-- number of minor units. Prices are integers in those units.
CREATE TABLE currencies (
    code        text PRIMARY KEY CHECK (code ~ '^[A-Z]{3}$'),
    minor_units smallint NOT NULL CHECK (minor_units BETWEEN 0 AND 4)
);
INSERT INTO currencies (code, minor_units) VALUES
    ('AED', 2), ('AFN', 2), ('ALL', 2), ('AMD', 2), ('AOA', 2), ('ARS', 2), ('AUD', 2),
    ('AWG', 2), ('AZN', 2), ('BAM', 2), ('BBD', 2), ('BDT', 2), ('BGN', 2), ('BHD', 3),
    ('BIF', 0), ('BMD', 2), ('BND', 2), ('BOB', 2), ('BRL', 2), ('BSD', 2), ('BTN', 2),
    ('BWP', 2), ('BYN', 2), ('BZD', 2), ('CAD', 2), ('CDF', 2), ('CHF', 2), ('CLP', 0),
    ('CNY', 2), ('COP', 2), ('CRC', 2), ('CUP', 2), ('CVE', 2), ('CZK', 2), ('DJF', 0),
    ('DKK', 2), ('DOP', 2), ('DZD', 2), ('EGP', 2), ('ERN', 2), ('ETB', 2), ('EUR', 2),
    ('FJD', 2), ('FKP', 2), ('GBP', 2), ('GEL', 2), ('GHS', 2), ('GIP', 2), ('GMD', 2),
    ('GNF', 0), ('GTQ', 2), ('GYD', 2), ('HKD', 2), ('HNL', 2), ('HTG', 2), ('HUF', 2),
    ('IDR', 2), ('ILS', 2), ('INR', 2), ('IQD', 3), ('IRR', 2), ('ISK', 0), ('JMD', 2),
    ('JOD', 3), ('JPY', 0), ('KES', 2), ('KGS', 2), ('KHR', 2), ('KMF', 0), ('KPW', 2),
    ('KRW', 0), ('KWD', 3), ('KYD', 2), ('KZT', 2), ('LAK', 2), ('LBP', 2), ('LKR', 2),
    ('LRD', 2), ('LSL', 2), ('LYD', 3), ('MAD', 2), ('MDL', 2), ('MGA', 2), ('MKD', 2),
    ('MMK', 2), ('MNT', 2), ('MOP', 2), ('MRU', 2), ('MUR', 2), ('MVR', 2), ('MWK', 2),
    ('MXN', 2), ('MYR', 2), ('MZN', 2), ('NAD', 2), ('NGN', 2), ('NIO', 2), ('NOK', 2),
    ('NPR', 2), ('NZD', 2), ('OMR', 3), ('PAB', 2), ('PEN', 2), ('PGK', 2), ('PHP', 2),
    ('PKR', 2), ('PLN', 2), ('PYG', 0), ('QAR', 2), ('RON', 2), ('RSD', 2), ('RUB', 2),
    ('RWF', 0), ('SAR', 2), ('SBD', 2), ('SCR', 2), ('SDG', 2), ('SEK', 2), ('SGD', 2),
    ('SHP', 2), ('SLE', 2), ('SOS', 2), ('SRD', 2), ('SSP', 2), ('STN', 2), ('SVC', 2),
    ('SYP', 2), ('SZL', 2), ('THB', 2), ('TJS', 2), ('TMT', 2), ('TND', 3), ('TOP', 2),
    ('TRY', 2), ('TTD', 2), ('TWD', 2), ('TZS', 2), ('UAH', 2), ('UGX', 0), ('USD', 2),
    ('UYU', 2), ('UZS', 2), ('VES', 2), ('VND', 0), ('VUV', 0), ('WST', 2), ('XAF', 0),
    ('XCD', 2), ('XCG', 2), ('XOF', 0), ('XPF', 0), ('YER', 2), ('ZAR', 2), ('ZMW', 2),
    ('ZWG', 2);

-- A listing. status is what was last written: a 'reserved' ticket whose
-- held_until has passed is available again at once, before any job marks its
-- order expired (marquee_ticket_status below is the one place that says so).
CREATE TABLE tickets (
    id          uuid PRIMARY KEY DEFAULT gen_random_uuid(),
    session_id  text NOT NULL REFERENCES event_sessions (id),
    event_id    text NOT NULL REFERENCES events (id),
    seller_id   uuid NOT NULL REFERENCES users (id),
    title       text NOT NULL CHECK (length(title) BETWEEN 1 AND 200),
    section     text CHECK (length(section) BETWEEN 1 AND 50),
    seat_row    text CHECK (length(seat_row) BETWEEN 1 AND 50),
    seat        text CHECK (length(seat) BETWEEN 1 AND 50),
    price_cents bigint NOT NULL CHECK (price_cents BETWEEN 1 AND 10000000),
    currency    text NOT NULL REFERENCES currencies (code),
    status      text NOT NULL DEFAULT 'available'
                CHECK (status IN ('available', 'reserved', 'sold', 'withdrawn')),
    held_until  timestamptz CHECK ((status = 'reserved') = (held_until IS NOT NULL)),
    version     integer NOT NULL DEFAULT 1,
    created_at  timestamptz NOT NULL DEFAULT now(),
    updated_at  timestamptz NOT NULL DEFAULT now()
);
-- What a session or an event has on offer, cheapest first; reserved tickets
-- are in it too, since their hold may have lapsed.
CREATE INDEX tickets_session_offer ON tickets (session_id, price_cents, id)
    WHERE status IN ('available', 'reserved');
CREATE INDEX tickets_event_offer ON tickets (event_id, price_cents, id)
    WHERE status IN ('available', 'reserved');
CREATE INDEX tickets_seller ON tickets (seller_id, created_at DESC, id);

CREATE FUNCTION marquee_ticket_status(status text, held_until timestamptz) RETURNS text
LANGUAGE sql STABLE AS $$
    SELECT CASE WHEN status = 'reserved' AND held_until <= now() THEN 'available' ELSE status END
$$;

-- An order holds its ticket until expires_at. The partial unique index is
-- the last line of defence against two holds on one ticket: whatever the
-- code does, two 'created' orders for one ticket cannot both commit.
CREATE TABLE orders (
    id           uuid PRIMARY KEY DEFAULT gen_random_uuid(),
    ticket_id    uuid NOT NULL REFERENCES tickets (id),
    buyer_id     uuid NOT NULL REFERENCES users (id),
    status       text NOT NULL DEFAULT 'created'
                 CHECK (status IN ('created', 'cancelled', 'expired', 'complete')),
    amount_cents bigint NOT NULL CHECK (amount_cents > 0),
    currency     text NOT NULL REFERENCES currencies (code),
    expires_at   timestamptz NOT NULL,
    version      integer NOT NULL DEFAULT 1,
    created_at   timestamptz NOT NULL DEFAULT now(),
    updated_at   timestamptz NOT NULL DEFAULT now()
);
CREATE UNIQUE INDEX orders_one_created ON orders (ticket_id) WHERE status = 'created';
CREATE INDEX orders_buyer ON orders (buyer_id, created_at DESC, id);
CREATE INDEX orders_buyer_created ON orders (buyer_id) WHERE status = 'created';
CREATE INDEX orders_due ON orders (expires_at, id) WHERE status = 'created';

CREATE TABLE payments (
    id             uuid PRIMARY KEY DEFAULT gen_random_uuid(),
    order_id       uuid NOT NULL REFERENCES orders (id),
    buyer_id       uuid NOT NULL REFERENCES users (id),
    amount_cents   bigint NOT NULL CHECK (amount_cents > 0),
    currency       text NOT NULL REFERENCES currencies (code),
    status         text NOT NULL DEFAULT 'pending'
                   CHECK (status IN ('pending', 'succeeded', 'declined', 'failed', 'refunded')),
    provider       text NOT NULL,
    provider_ref   text,
    payment_method text NOT NULL,
    error          text,
    created_at     timestamptz NOT NULL DEFAULT now(),
    updated_at     timestamptz NOT NULL DEFAULT now()
);
CREATE INDEX payments_order ON payments (order_id);
-- An order is paid once.
CREATE UNIQUE INDEX payments_one_succeeded ON payments (order_id) WHERE status = 'succeeded';
-- Charges whose outcome is not known yet (a provider timeout), for reconciliation.
CREATE INDEX payments_pending ON payments (created_at) WHERE status = 'pending';

-- Idempotency-Key: the first answer to a (user, key), replayed to every
-- repeat of the same request for 24 hours. status_code is NULL while the
-- first request has not finished (a payment whose provider call is under
-- way, or was cut short: the next repeat reconciles resource_id).
CREATE TABLE idempotency_keys (
    user_id      uuid NOT NULL REFERENCES users (id) ON DELETE CASCADE,
    key          text NOT NULL CHECK (length(key) BETWEEN 1 AND 255),
    request_hash text NOT NULL,
    resource_id  uuid,
    status_code  integer,
    response     text,
    created_at   timestamptz NOT NULL DEFAULT now(),
    PRIMARY KEY (user_id, key)
);
CREATE INDEX idempotency_keys_created ON idempotency_keys (created_at);

-- The transactional outbox: one row per state change, written by the
-- transaction that made the change; marquee-relay publishes pending rows in
-- seq order to the Redis stream marquee:events and stamps sent_at.
CREATE TABLE outbox (
    seq          bigserial PRIMARY KEY,
    id           uuid NOT NULL UNIQUE DEFAULT gen_random_uuid(),
    type         text NOT NULL,
    aggregate_id text NOT NULL,
    version      integer NOT NULL,
    envelope     text NOT NULL,
    created_at   timestamptz NOT NULL DEFAULT now(),
    sent_at      timestamptz
);
CREATE INDEX outbox_pending ON outbox (seq) WHERE sent_at IS NULL;
CREATE INDEX outbox_sent ON outbox (sent_at) WHERE sent_at IS NOT NULL;
