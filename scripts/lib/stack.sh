# shellcheck shell=bash
# The whole stack: `up`, `down`, and the steps between starting services and serving.

migrate() {
    need_prog marquee-migrate
    say "migrate: sql/"
    quiet "$VAR/log/migrate.log" prog marquee-migrate --dir "$ROOT/sql"
}

# load_data DIR EVENTS SEED: generates a catalogue into DIR and runs it through the
# pipeline (genres, ingest, sync), as cron would against Ticketmaster.
load_data() {
    local dir=$1 events=$2 seed=$3 p
    for p in marquee-datagen marquee-genres marquee-ingest marquee-sync; do need_prog "$p"; done
    rm -rf "$dir"
    mkdir -p "$(dirname "$dir")"
    say "data: marquee-datagen --events $events --seed $seed"
    quiet "$VAR/log/data.log" prog marquee-datagen --events "$events" --seed "$seed" --out "$dir"
    say "data: marquee-genres"
    quiet "$VAR/log/data-genres.log" prog marquee-genres --from-dir "$dir"
    say "data: marquee-ingest"
    quiet "$VAR/log/data-ingest.log" prog marquee-ingest --from-dir "$dir"
    say "data: marquee-sync"
    quiet "$VAR/log/data-sync.log" prog marquee-sync
}

# load_sample_data: the dev stack's catalogue, loaded once (marker var/data/.loaded).
load_sample_data() {
    local events=${MARQUEE_SAMPLE_EVENTS:-2000} marker=$VAR/data/.loaded want
    want="seed=42 events=$events"
    if [ -f "$marker" ] && [ "$(<"$marker")" = "$want" ]; then
        say "data: sample already loaded ($want)"
        return 0
    fi
    load_data "$VAR/data/sample" "$events" 42
    echo "$want" >"$marker"
}

health_ok() { curl -fsS -o /dev/null --max-time 2 "http://127.0.0.1:$PORT/api/health" 2>/dev/null; }

wait_health() {
    say "health: waiting for http://127.0.0.1:$PORT/api/health"
    if ! wait_for 20 health_ok; then
        curl -sS --max-time 2 "http://127.0.0.1:$PORT/api/health" >&2 || true
        echo >&2
        tail -n 20 "$VAR/log/api.log" >&2 2>/dev/null || true
        tail -n 3 "$VAR/log/nginx-error.log" >&2 2>/dev/null || true
        die "no healthy answer from http://127.0.0.1:$PORT/api/health within 20s"
    fi
}

# stack_services: Postgres and Redis running, database present.
stack_services() {
    pg_start
    pg_ensure_db
    redis_start
}

# stack_serve: marquee-api and nginx running and healthy, marquee-relay running.
stack_serve() {
    api_start
    relay_start
    nginx_start
    wait_health
}

cmd_up() {
    ensure_packages
    build_tree "$BUILD"
    stack_services
    migrate
    load_sample_data
    stack_serve
    say "Marquee is up: http://127.0.0.1:$PORT"
}

stack_down() {
    relay_stop
    api_stop
    nginx_stop
    redis_stop
    pg_stop
}
