/*
 * pay_stripe.c - the `stripe` payment provider: PaymentIntents over HTTPS
 * (tests/fixtures/stripe/stripe-notes.md is the contract spoken here).
 *
 * A charge is one POST /v1/payment_intents with confirm=true and Stripe's
 * Idempotency-Key set to our payment id, so every retry, every lookup that
 * re-sends it and every retried buyer request for the same payment reaches
 * the same PaymentIntent: Stripe replays the first answer instead of
 * charging again.
 *
 * Time: the caller is an HTTP request (nginx gives up after 10 s), so
 * STRIPE_TIMEOUT_MS bounds one provider call as a whole, its retries
 * included; each try gets what is left of it. A call that runs out of time
 * or tries answers PAY_UNKNOWN and the payment stays pending until a lookup
 * settles it.
 *
 * STRIPE_SECRET_KEY only ever travels in the Authorization header: it is
 * not logged, and answers carry only messages written here, never Stripe's
 * text (whose 401 message quotes part of the key).
 */
#include "config.h"
#include "core/common.h"
#include "app/market/pay.h"
#include "core/arena.h"
#include "core/buf.h"
#include "core/conf.h"
#include "core/log.h"
#include "core/str.h"
#include "core/timeutil.h"
#include "infra/http.h"
#include "infra/json.h"

#include <ctype.h>
#include <errno.h>
#include <time.h>

/* Pinned so that a new default API version on Stripe's side cannot change
 * the answers we classify. */
#define STRIPE_VERSION "2024-06-20"

#define STRIPE_TRIES      3
#define STRIPE_BACKOFF_MS 150 /* before the 2nd try; doubled before the 3rd */
#define STRIPE_MIN_TRY_MS 100 /* a try with less time left than this is not started */
#define STRIPE_CONNECT_MS 1000
#define STRIPE_MAX_BODY   (256u << 10)
#define STRIPE_FORM_MAX   4096

#define MSG_DECLINED "your card was declined"

struct stripe_call {
    const char *op;       /* charge, lookup, refund: for the log */
    const char *method;   /* POST or GET */
    const char *path;     /* after STRIPE_URL */
    const char *form;     /* POST body, or NULL */
    const char *idem_key; /* Idempotency-Key, or NULL */
};

/* What one call came to, for the log line. */
struct stripe_seen {
    long http; /* last HTTP status, 0 for none */
    int tries;
    const char *error; /* Stripe's error code/type or curl's reason (never a message) */
};

static void sleep_ms(int64_t ms)
{
    struct timespec ts = { (time_t)(ms / 1000), (long)(ms % 1000) * 1000000L };
    while (nanosleep(&ts, &ts) != 0 && errno == EINTR)
        ;
}

static struct json_object *parse_body(struct pay_ctx *ctx, const struct http_result *res)
{
    char err[128];
    if (!res->body || res->body->len == 0)
        return NULL;
    return json_parse(ctx->arena, res->body->data, res->body->len, err, sizeof(err));
}

/* Stripe's error.code, else error.type, else NULL: safe to log. */
static const char *error_code(struct json_object *o)
{
    const char *code = json_path_str(o, "error.code");
    return code ? code : json_path_str(o, "error.type");
}

/* Worth another try with the same key: Stripe did not (finish to) answer. */
static bool retryable(enum status st, const struct http_result *res, struct json_object *o)
{
    if (st != ST_OK)
        return true; /* no answer: refused, reset, timed out */
    if (res->status >= 500 || res->status == 429)
        return true;
    if (res->status == 409) {
        const char *code = json_path_str(o, "error.code");
        return code && strcmp(code, "idempotency_key_in_use") == 0;
    }
    return false;
}

/*
 * Sends call with up to STRIPE_TRIES tries (the same Idempotency-Key every
 * time) within STRIPE_TIMEOUT_MS. ST_OK with res and body when an answer that
 * is not worth retrying arrived (or the last one did); ST_UPSTREAM when the
 * last try got no answer.
 */
static enum status stripe_send(struct pay_ctx *ctx, const struct stripe_call *call,
                               struct http_result *res, struct json_object **body,
                               struct stripe_seen *seen)
{
    const struct config *cfg = ctx->cfg;
    const char *base = cfg->stripe_url;
    size_t blen = strlen(base);
    while (blen > 0 && base[blen - 1] == '/')
        blen--;
    const char *url = arena_printf(ctx->arena, "%.*s%s", (int)blen, base, call->path);
    const char *headers[5];
    size_t nh = 0;
    headers[nh++] = arena_printf(ctx->arena, "Authorization: Bearer %s",
                                 cfg->stripe_secret_key ? cfg->stripe_secret_key : "");
    headers[nh++] = "Stripe-Version: " STRIPE_VERSION;
    if (call->form)
        headers[nh++] = "Content-Type: application/x-www-form-urlencoded";
    if (call->idem_key)
        headers[nh++] = arena_printf(ctx->arena, "Idempotency-Key: %s", call->idem_key);
    headers[nh] = NULL;

    int64_t budget_ms = cfg->stripe_timeout_ms > 0 ? cfg->stripe_timeout_ms : 10000;
    int64_t deadline = time_mono_us() + budget_ms * 1000;
    int64_t backoff = STRIPE_BACKOFF_MS;
    enum status st = ST_UPSTREAM;

    for (int try = 1; try <= STRIPE_TRIES; try++) {
        int64_t left = (deadline - time_mono_us()) / 1000;
        if (try > 1 && left < STRIPE_MIN_TRY_MS)
            break;
        if (left < 1)
            left = 1;
        struct http_req req = {
            .method = call->method,
            .url = url,
            .headers = headers,
            .body = call->form,
            .body_len = call->form ? strlen(call->form) : 0,
            .connect_timeout_ms = left < STRIPE_CONNECT_MS ? (long)left : STRIPE_CONNECT_MS,
            .timeout_ms = (long)left,
            .max_body = STRIPE_MAX_BODY,
        };
        st = http_do(ctx->http, ctx->arena, &req, res);
        seen->tries = try;
        seen->http = st == ST_OK ? res->status : 0;
        *body = st == ST_OK ? parse_body(ctx, res) : NULL;
        seen->error = st == ST_OK ? error_code(*body) : arena_strdup(ctx->arena, res->error);
        if (st == ST_INVALID)
            return st; /* curl refused the URL: a configuration error, nothing sent */
        if (!retryable(st, res, *body) || try == STRIPE_TRIES)
            break;
        left = (deadline - time_mono_us()) / 1000;
        if (left < backoff + STRIPE_MIN_TRY_MS)
            break;
        log_debug("stripe_retry", "op=%s try=%d http=%ld", call->op, try, seen->http);
        sleep_ms(backoff);
        backoff *= 2;
    }
    return st;
}

static const char *outcome_name(enum pay_outcome o)
{
    static const char *const names[] = { "succeeded", "declined", "invalid", "failed", "unknown" };
    return (size_t)o < MQ_ARRAY_LEN(names) ? names[o] : "?";
}

static void log_call(const struct stripe_call *call, const struct pay_charge *c,
                     const struct stripe_seen *seen, int64_t start_us, const struct pay_answer *out)
{
    char err[96], id[80], ref[80];
    enum log_level lvl = out->outcome == PAY_FAILED    ? LOG_ERROR
                         : out->outcome == PAY_UNKNOWN ? LOG_WARN
                                                       : LOG_INFO;
    log_event(lvl, "payment_provider",
              "provider=stripe op=%s payment_id=%s http=%ld tries=%d ms=%lld outcome=%s ref=%s "
              "error=%s",
              call->op, log_quote(id, sizeof(id), c->payment_id ? c->payment_id : "-"), seen->http,
              seen->tries, (long long)((time_mono_us() - start_us) / 1000),
              outcome_name(out->outcome), log_quote(ref, sizeof(ref), out->ref ? out->ref : "-"),
              log_quote(err, sizeof(err), seen->error ? seen->error : "-"));
}

/* The HTTP status of an answer, 0 when none arrived. */
static long http_of(enum status st, const struct http_result *res)
{
    return st == ST_OK ? res->status : 0;
}

/* A message for the buyer from Stripe's decline code; never Stripe's text. */
static const char *decline_message(const char *decline_code)
{
    static const struct {
        const char *code, *msg;
    } known[] = {
        { "insufficient_funds", "your card has insufficient funds" },
        { "expired_card", "your card has expired" },
        { "incorrect_cvc", "your card's security code is incorrect" },
        { "incorrect_number", "your card number is incorrect" },
        { "card_velocity_exceeded", "your card was declined: its limit was reached" },
    };
    for (size_t i = 0; decline_code && i < MQ_ARRAY_LEN(known); i++) {
        if (strcmp(decline_code, known[i].code) == 0)
            return known[i].msg;
    }
    return MSG_DECLINED;
}

/*
 * Maps a PaymentIntent (200) to an outcome. Only "succeeded" is paid.
 * "processing" is UNKNOWN, not declined: the charge may still succeed
 * (Stripe settles it later), and a payment left pending is settled by a
 * lookup, while a declined one would let the buyer pay a second time.
 * requires_payment_method (the attempt failed) and requires_action (3-D
 * Secure, which this flow cannot complete: allow_redirects=never) are not
 * paid and nothing was taken: DECLINED, so the buyer may try another card.
 */
static void classify_intent(struct arena *a, struct json_object *pi, struct pay_answer *out)
{
    const char *status = json_path_str(pi, "status");
    const char *id = json_path_str(pi, "id");

    out->ref = id ? arena_strdup(a, id) : NULL;
    if (!status || !id) {
        out->outcome = PAY_UNKNOWN; /* an answer we cannot read: may be charged */
    } else if (strcmp(status, "succeeded") == 0) {
        out->outcome = PAY_SUCCEEDED;
    } else if (strcmp(status, "requires_payment_method") == 0 || strcmp(status, "canceled") == 0) {
        out->outcome = PAY_DECLINED;
        out->message = decline_message(json_path_str(pi, "last_payment_error.decline_code"));
    } else if (strcmp(status, "requires_action") == 0) {
        out->outcome = PAY_DECLINED;
        out->message = "your card needs an authentication step we do not support: "
                       "please use another card";
    } else {
        out->outcome = PAY_UNKNOWN; /* processing, requires_capture, ... */
    }
}

void pay_stripe_charge_answer(struct arena *a, enum status st, long http, struct json_object *o,
                              struct pay_answer *out)
{
    const char *type = json_path_str(o, "error.type");
    const char *param = json_path_str(o, "error.param");

    if (st != ST_OK) {
        out->outcome = st == ST_INVALID ? PAY_FAILED : PAY_UNKNOWN;
    } else if (http == 200) {
        classify_intent(a, o, out);
    } else if (http == 402 || (type && strcmp(type, "card_error") == 0)) {
        const char *pi = json_path_str(o, "error.payment_intent.id");
        out->outcome = PAY_DECLINED;
        out->ref = pi ? arena_strdup(a, pi) : NULL;
        out->message = decline_message(json_path_str(o, "error.decline_code"));
    } else if (http == 400 && param && strcmp(param, "payment_method") == 0) {
        out->outcome = PAY_INVALID;
        out->message = "this payment method is not accepted";
    } else if (http >= 500 || http == 429 || http == 409) {
        out->outcome = PAY_UNKNOWN; /* still no verdict after the retries */
    } else {
        out->outcome = PAY_FAILED; /* 401, 403, 404, 400 idempotency_error, ... */
    }
}

static const char *form_charge(struct pay_ctx *ctx, const struct pay_charge *c)
{
    struct buf *f = buf_new_arena(ctx->arena, STRIPE_FORM_MAX);
    char amount[24], currency[8];
    size_t i = 0;

    snprintf(amount, sizeof(amount), "%lld", (long long)c->amount_cents);
    for (; c->currency && c->currency[i] && i + 1 < sizeof(currency); i++)
        currency[i] = (char)tolower((unsigned char)c->currency[i]);
    currency[i] = '\0';
    str_form_add(f, "amount", amount);
    str_form_add(f, "currency", currency);
    str_form_add(f, "payment_method", c->method);
    str_form_add(f, "confirm", "true");
    str_form_add(f, "automatic_payment_methods[enabled]", "true");
    str_form_add(f, "automatic_payment_methods[allow_redirects]", "never");
    str_form_add(f, "metadata[order_id]", c->order_id ? c->order_id : "");
    str_form_add(f, "metadata[payment_id]", c->payment_id);
    return f->failed ? NULL : f->data;
}

/* The checks Stripe would fail with a 400 anyway, made before any call. */
static bool charge_ok(const struct pay_charge *c, struct pay_answer *out)
{
    if (!c->method || !*c->method) {
        out->outcome = PAY_INVALID;
        out->message = "a payment method is required";
        return false;
    }
    if (!c->payment_id || !*c->payment_id || c->amount_cents <= 0 || !c->currency ||
        strlen(c->currency) != 3) {
        out->outcome = PAY_FAILED;
        return false;
    }
    return true;
}

/* POST /v1/payment_intents, keyed by the payment id. */
static enum status stripe_create(struct pay_ctx *ctx, const struct pay_charge *c, const char *op,
                                 struct pay_answer *out)
{
    struct stripe_seen seen = { 0 };
    struct http_result res;
    struct json_object *o = NULL;
    int64_t start = time_mono_us();
    enum status st;

    memset(out, 0, sizeof(*out));
    out->outcome = PAY_FAILED; /* until something was sent */
    if (!charge_ok(c, out)) {
        log_call(&(struct stripe_call){ .op = op }, c, &seen, start, out);
        return ST_OK;
    }
    struct stripe_call call = {
        .op = op,
        .method = "POST",
        .path = "/v1/payment_intents",
        .form = form_charge(ctx, c),
        .idem_key = c->payment_id,
    };
    if (!call.form)
        return ST_NOMEM;
    st = stripe_send(ctx, &call, &res, &o, &seen);
    pay_stripe_charge_answer(ctx->arena, st, http_of(st, &res), o, out);
    log_call(&call, c, &seen, start, out);
    return ST_OK;
}

static enum status stripe_charge(struct pay_ctx *ctx, const struct pay_charge *c,
                                 struct pay_answer *out)
{
    return stripe_create(ctx, c, "charge", out);
}

/* With ref: GET the PaymentIntent. Without (the charge never answered):
 * the same create with the same key, which Stripe answers with the first
 * attempt's saved answer, or executes now if the first never arrived. */
static enum status stripe_lookup(struct pay_ctx *ctx, const struct pay_charge *c, const char *ref,
                                 struct pay_answer *out)
{
    struct stripe_seen seen = { 0 };
    struct http_result res;
    struct json_object *o = NULL;
    int64_t start = time_mono_us();
    struct buf *path;
    enum status st;

    if (!ref || !*ref)
        return stripe_create(ctx, c, "lookup", out);
    memset(out, 0, sizeof(*out));
    out->outcome = PAY_FAILED; /* until something was sent */
    path = buf_new_arena(ctx->arena, 512);
    buf_puts(path, "/v1/payment_intents/");
    if (str_url_encode(path, ref) != ST_OK)
        return ST_NOMEM;
    struct stripe_call call = { .op = "lookup", .method = "GET", .path = path->data };
    st = stripe_send(ctx, &call, &res, &o, &seen);
    pay_stripe_charge_answer(ctx->arena, st, http_of(st, &res), o, out);
    if (out->outcome == PAY_INVALID)
        out->outcome = PAY_FAILED; /* a GET names no payment method */
    log_call(&call, c, &seen, start, out);
    return ST_OK;
}

void pay_stripe_refund_answer(struct arena *a, enum status st, long http, struct json_object *o,
                              struct pay_answer *out)
{
    const char *status = json_path_str(o, "status");
    const char *code = json_path_str(o, "error.code");
    const char *id = json_path_str(o, "id");

    if (st != ST_OK) {
        out->outcome = st == ST_INVALID ? PAY_FAILED : PAY_UNKNOWN;
    } else if (http == 200 && status &&
               (strcmp(status, "succeeded") == 0 || strcmp(status, "pending") == 0)) {
        out->outcome = PAY_SUCCEEDED;
        out->ref = id ? arena_strdup(a, id) : NULL;
    } else if (http == 200 && !status) {
        out->outcome = PAY_UNKNOWN;
    } else if (http == 400 && code && strcmp(code, "charge_already_refunded") == 0) {
        out->outcome = PAY_SUCCEEDED; /* refunded before, under another key */
    } else if (http >= 500 || http == 429 || http == 409) {
        out->outcome = PAY_UNKNOWN;
    } else {
        out->outcome = PAY_FAILED; /* failed/canceled refund, 4xx */
    }
}

/* POST /v1/refunds for the whole PaymentIntent, keyed "refund-<payment id>". */
static enum status stripe_refund(struct pay_ctx *ctx, const struct pay_charge *c, const char *ref,
                                 struct pay_answer *out)
{
    struct stripe_seen seen = { 0 };
    struct http_result res;
    struct json_object *o = NULL;
    int64_t start = time_mono_us();
    struct buf *form = buf_new_arena(ctx->arena, STRIPE_FORM_MAX);
    enum status st;

    memset(out, 0, sizeof(*out));
    out->outcome = PAY_FAILED; /* until something was sent */
    struct stripe_call call = {
        .op = "refund",
        .method = "POST",
        .path = "/v1/refunds",
        .idem_key = arena_printf(ctx->arena, "refund-%s", c->payment_id ? c->payment_id : ""),
    };
    if (!ref || !*ref || !c->payment_id || !*c->payment_id) {
        out->outcome = PAY_FAILED; /* nothing to refund, or no key to do it once */
        log_call(&call, c, &seen, start, out);
        return ST_OK;
    }
    str_form_add(form, "payment_intent", ref);
    str_form_add(form, "metadata[order_id]", c->order_id ? c->order_id : "");
    str_form_add(form, "metadata[payment_id]", c->payment_id);
    if (form->failed)
        return ST_NOMEM;
    call.form = form->data;
    st = stripe_send(ctx, &call, &res, &o, &seen);
    pay_stripe_refund_answer(ctx->arena, st, http_of(st, &res), o, out);
    log_call(&call, c, &seen, start, out);
    return ST_OK;
}

const struct pay_provider pay_stripe = {
    .name = "stripe",
    .charge = stripe_charge,
    .lookup = stripe_lookup,
    .refund = stripe_refund,
};
