-- 002: helpers for marquee-ingest (Layer 1).

-- Start time of an event that has no dates.start.dateTime: its local date
-- and time (midnight when the time is unknown) in its IANA zone. An unknown
-- zone yields NULL rather than failing the whole page's upsert.
CREATE FUNCTION marquee_local_to_utc(d date, t time, tz text) RETURNS timestamptz
LANGUAGE plpgsql STABLE PARALLEL SAFE AS $$
BEGIN
    IF d IS NULL OR tz IS NULL THEN
        RETURN NULL;
    END IF;
    RETURN (d + COALESCE(t, time '00:00')) AT TIME ZONE tz;
EXCEPTION
    WHEN invalid_parameter_value OR datetime_field_overflow THEN
        RETURN NULL;
END;
$$;
