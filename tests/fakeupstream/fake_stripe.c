/*
 * fake_stripe.c - the fake Stripe of fake_stripe.h: an accept thread, one
 * thread per connection (HTTP/1.1 with keep-alive and Content-Length
 * bodies), and the PaymentIntents, refunds and idempotency keys in memory
 * under one mutex.
 */
#include "config.h"
#include "core/common.h"
#include "tests/fakeupstream/fake_stripe.h"
#include "core/buf.h"
#include "core/jsonw.h"
#include "core/str.h"

#include <arpa/inet.h>
#include <errno.h>
#include <netinet/in.h>
#include <netinet/tcp.h>
#include <poll.h>
#include <pthread.h>
#include <strings.h>
#include <sys/socket.h>
#include <time.h>
#include <unistd.h>

#define HEAD_MAX   16384
#define BODY_MAX   65536
#define IDLE_MS    30000
#define MAX_CONNS  64
#define MAX_KEYS   4096
#define MAX_PIS    4096
#define MAX_FAULTS 64
#define FIELD_MAX  256

enum fault { F_NONE, F_500, F_500_SAVED, F_429, F_409, F_401, F_SLOW, F_DROP, F_DROP_AFTER };
static const char *const fault_names[] = { "none", "500",  "500_saved", "429",       "409",
                                           "401",  "slow", "drop",      "drop_after" };

enum fixture {
    FX_INTENT,
    FX_REFUND,
    FX_400_IDEM,
    FX_400_MISSING,
    FX_401,
    FX_402,
    FX_409,
    FX_429,
    FX_500,
    NFX
};
static const char *const fixture_files[NFX] = {
    "payment_intent.succeeded.json",
    "refund.succeeded.json",
    "error.400.idempotency_error.json",
    "error.400.resource_missing.json",
    "error.401.invalid_api_key.json",
    "error.402.card_declined.json",
    "error.409.idempotency_key_in_use.json",
    "error.429.rate_limit.json",
    "error.500.api_error.json",
};

/* An idempotency key and the answer saved for it. */
struct idem {
    char key[FIELD_MAX];
    char *params; /* method, path and body of the first request */
    bool running;
    int status;
    char *body;
    int64_t requests, charges, refunds;
};

struct intent {
    char id[40];
    char *body; /* as GET answers it */
    bool paid, refunded;
    int64_t amount;
};

struct fake_stripe {
    struct fake_stripe_opts o;
    char *fx[NFX];
    int lfd, port;
    char url[64];
    pthread_t acceptor;
    pthread_mutex_t mu;
    pthread_cond_t cv; /* stopping, connection count */
    bool stopping;
    int conns[MAX_CONNS], nconns;
    enum fault faults[MAX_FAULTS];
    int nfaults;
    struct idem *keys;
    int nkeys;
    struct intent *pis;
    int npis;
    int64_t requests, charges, refunds, seq;
    char *last;
};

struct req {
    char method[8];
    char path[FIELD_MAX * 2], query[FIELD_MAX * 2];
    char auth[FIELD_MAX], idem[FIELD_MAX];
    char *body;
    size_t body_len;
    bool keep;
};

struct answer {
    int status;
    struct buf body;
    bool drop; /* close without answering */
};

/* ---- small helpers ---- */

static enum fault fault_parse(const char *s, size_t n)
{
    for (size_t i = 1; i < MQ_ARRAY_LEN(fault_names); i++) {
        if (strlen(fault_names[i]) == n && strncmp(s, fault_names[i], n) == 0)
            return (enum fault)i;
    }
    return F_NONE;
}

/* Appends s as the inside of a JSON string (no quotes). */
static void put_escaped(struct buf *b, const char *s)
{
    struct buf t;
    buf_init(&t, 0);
    json_escape(&t, s, strlen(s));
    if (t.len >= 2)
        buf_append(b, t.data + 1, t.len - 2);
    buf_release(&t);
}

/* Copies tmpl into out, replacing every from[i] with to[i] (taken as is). */
static void subst(struct buf *out, const char *tmpl, const char *const *from, const char *const *to,
                  size_t n)
{
    for (const char *p = tmpl; *p;) {
        size_t i = 0;
        for (; i < n; i++) {
            size_t len = strlen(from[i]);
            if (strncmp(p, from[i], len) == 0) {
                buf_puts(out, to[i]);
                p += len;
                break;
            }
        }
        if (i == n)
            buf_putc(out, *p++);
    }
}

/* Percent-decodes s[0..n) into out (size outlen), '+' as a space. */
static void form_decode(const char *s, size_t n, char *out, size_t outlen)
{
    size_t o = 0;
    for (size_t i = 0; i < n && o + 1 < outlen; i++) {
        unsigned hi, lo;
        if (s[i] == '%' && i + 2 < n && sscanf(s + i + 1, "%1x%1x", &hi, &lo) == 2) {
            out[o++] = (char)(hi * 16 + lo);
            i += 2;
        } else {
            out[o++] = s[i] == '+' ? ' ' : s[i];
        }
    }
    out[o] = '\0';
}

/* The value of form field name in body (names and values decoded, so
 * "metadata[x]" and "metadata%5Bx%5D" are the same field), or "". */
static void form_get(const char *body, const char *name, char *out, size_t outlen)
{
    char key[FIELD_MAX];
    out[0] = '\0';
    for (const char *p = body; p && *p;) {
        size_t n = strcspn(p, "&");
        const char *eq = memchr(p, '=', n);
        if (eq) {
            form_decode(p, (size_t)(eq - p), key, sizeof(key));
            if (strcmp(key, name) == 0) {
                form_decode(eq + 1, n - (size_t)(eq + 1 - p), out, outlen);
                return;
            }
        }
        p += n + (p[n] == '&');
    }
}

static char *read_file(const char *path)
{
    FILE *fp = fopen(path, "rb");
    struct buf b;
    char chunk[4096];
    size_t n;

    if (!fp)
        return NULL;
    buf_init(&b, 0);
    while ((n = fread(chunk, 1, sizeof(chunk), fp)) > 0)
        buf_append(&b, chunk, n);
    fclose(fp);
    return b.cap ? b.data : strdup(""); /* malloc'd by the buf */
}

static int send_all(int fd, const char *p, size_t n)
{
    while (n > 0) {
        ssize_t w = send(fd, p, n, MSG_NOSIGNAL);
        if (w < 0 && errno == EINTR)
            continue;
        if (w <= 0)
            return -1;
        p += w;
        n -= (size_t)w;
    }
    return 0;
}

/* Waits ms or until the server stops (under f->mu). */
static void wait_ms(struct fake_stripe *f, int ms)
{
    struct timespec until;
    clock_gettime(CLOCK_REALTIME, &until);
    until.tv_sec += ms / 1000;
    until.tv_nsec += (long)(ms % 1000) * 1000000L;
    if (until.tv_nsec >= 1000000000L)
        until.tv_sec++, until.tv_nsec -= 1000000000L;
    while (!f->stopping && pthread_cond_timedwait(&f->cv, &f->mu, &until) == 0)
        ;
}

static struct idem *idem_find(struct fake_stripe *f, const char *key)
{
    for (int i = 0; i < f->nkeys; i++) {
        if (strcmp(f->keys[i].key, key) == 0)
            return &f->keys[i];
    }
    return NULL;
}

static struct intent *intent_find(struct fake_stripe *f, const char *id)
{
    for (int i = 0; i < f->npis; i++) {
        if (strcmp(f->pis[i].id, id) == 0)
            return &f->pis[i];
    }
    return NULL;
}

/* ---- the endpoints (under f->mu) ---- */

static void missing(struct fake_stripe *f, struct answer *a, int status, const char *param,
                    const char *what, const char *id)
{
    struct buf esc;
    buf_init(&esc, 0);
    put_escaped(&esc, id);
    const char *from[] = { "\"payment_method\"", "PaymentMethod", "pm_bogus" };
    const char *to[] = { param, what, esc.data };
    a->status = status;
    subst(&a->body, f->fx[FX_400_MISSING], from, to, MQ_ARRAY_LEN(from));
    buf_release(&esc);
}

static void invalid_param(struct answer *a, const char *param, const char *msg)
{
    a->status = 400;
    buf_printf(&a->body,
               "{\n  \"error\": {\n    \"type\": \"invalid_request_error\",\n"
               "    \"param\": \"%s\",\n    \"message\": \"%s\"\n  }\n}",
               param, msg);
}

/* POST /v1/payment_intents; false for a request that fails validation
 * (Stripe saves no idempotent result for those). */
static bool create_intent(struct fake_stripe *f, const struct req *r, struct idem *k,
                          struct answer *a)
{
    char amount[32], currency[16], pm[FIELD_MAX], confirm[16], redirects[16], order[FIELD_MAX],
        payment[FIELD_MAX], pi[40], ch[40];
    int64_t amt;
    const char *b = r->body ? r->body : "";

    form_get(b, "amount", amount, sizeof(amount));
    form_get(b, "currency", currency, sizeof(currency));
    form_get(b, "payment_method", pm, sizeof(pm));
    form_get(b, "confirm", confirm, sizeof(confirm));
    form_get(b, "automatic_payment_methods[allow_redirects]", redirects, sizeof(redirects));
    form_get(b, "metadata[order_id]", order, sizeof(order));
    form_get(b, "metadata[payment_id]", payment, sizeof(payment));
    if (str_to_i64(amount, &amt) != ST_OK || amt < 1) {
        invalid_param(a, "amount", "Invalid positive integer");
        return false;
    }
    if (strlen(currency) != 3 || currency[0] < 'a' || currency[0] > 'z') {
        invalid_param(a, "currency", "Invalid currency");
        return false;
    }
    if (strcmp(confirm, "true") != 0) {
        invalid_param(a, "confirm", "this fake only serves confirm=true");
        return false;
    }
    if (strcmp(redirects, "never") != 0) {
        invalid_param(a, "return_url",
                      "You must provide a `return_url` when confirming a PaymentIntent "
                      "with the payment method type card.");
        return false;
    }
    bool ok = strcmp(pm, "pm_card_visa") == 0;
    bool action = strcmp(pm, "pm_card_authenticationRequired") == 0;
    bool declined = strcmp(pm, "pm_card_chargeDeclined") == 0;
    bool funds = strcmp(pm, "pm_card_chargeDeclinedInsufficientFunds") == 0;
    if (!ok && !action && !declined && !funds) {
        missing(f, a, 400, "\"payment_method\"", "PaymentMethod", pm);
        return true;
    }
    if (f->npis == MAX_PIS) {
        a->status = 500;
        buf_puts(&a->body, f->fx[FX_500]);
        return true;
    }
    f->seq++;
    snprintf(pi, sizeof(pi), "pi_3Fake%016lld", (long long)f->seq);
    snprintf(ch, sizeof(ch), "ch_3Fake%016lld", (long long)f->seq);
    struct buf eo, ep, amt_s, amt_r, cur, body;
    buf_init(&eo, 0), buf_init(&ep, 0), buf_init(&amt_s, 0), buf_init(&amt_r, 0);
    buf_init(&cur, 0), buf_init(&body, 0);
    put_escaped(&eo, order);
    put_escaped(&ep, payment);
    buf_printf(&amt_s, "\"amount\": %lld", (long long)amt);
    buf_printf(&amt_r, "\"amount_received\": %lld", (long long)(ok ? amt : 0));
    buf_printf(&cur, "\"currency\": \"%s\"", currency);
    const char *status = ok       ? "\"status\": \"succeeded\""
                         : action ? "\"status\": \"requires_action\""
                                  : "\"status\": \"requires_payment_method\"";
    const char *from[] = { "pi_3QxExampleSucceeded01",
                           "pi_3QxExampleDeclined01",
                           "ch_3QxExampleSucceeded01",
                           "ch_3QxExampleDeclined01",
                           "\"amount\": 4500",
                           "\"amount_received\": 4500",
                           "\"currency\": \"eur\"",
                           "6f1c2f8e-2b7a-4c43-9d5e-0c1c6b0d9a11",
                           "a8e0f1d2-5b44-4f8e-8a43-2d8d7a1e3c55",
                           "\"status\": \"succeeded\"",
                           "generic_decline" };
    const char *to[] = { pi,
                         pi,
                         ch,
                         ch,
                         amt_s.data,
                         amt_r.data,
                         cur.data,
                         eo.data,
                         ep.data,
                         status,
                         funds ? "insufficient_funds" : "generic_decline" };
    subst(&body, f->fx[FX_INTENT], from, to, MQ_ARRAY_LEN(from));
    struct intent *it = &f->pis[f->npis++];
    memset(it, 0, sizeof(*it));
    snprintf(it->id, sizeof(it->id), "%s", pi);
    it->body = strdup(body.data);
    it->paid = ok;
    it->amount = amt;
    if (declined || funds) {
        a->status = 402;
        subst(&a->body, f->fx[FX_402], from, to, MQ_ARRAY_LEN(from));
    } else {
        a->status = 200;
        buf_puts(&a->body, body.data);
    }
    if (ok) {
        f->charges++;
        if (k)
            k->charges++;
    }
    buf_release(&eo), buf_release(&ep), buf_release(&amt_s), buf_release(&amt_r);
    buf_release(&cur), buf_release(&body);
    return true;
}

/* POST /v1/refunds (payment_intent=pi_...: the whole amount). */
static bool create_refund(struct fake_stripe *f, const struct req *r, struct idem *k,
                          struct answer *a)
{
    char pi[FIELD_MAX], order[FIELD_MAX], re[40];
    const char *b = r->body ? r->body : "";

    form_get(b, "payment_intent", pi, sizeof(pi));
    form_get(b, "metadata[order_id]", order, sizeof(order));
    if (!pi[0]) {
        invalid_param(a, "payment_intent", "Missing required param: payment_intent.");
        return false;
    }
    struct intent *it = intent_find(f, pi);
    if (!it) {
        missing(f, a, 400, "\"payment_intent\"", "PaymentIntent", pi);
        return true;
    }
    if (!it->paid || it->refunded) {
        a->status = 400;
        buf_printf(&a->body,
                   "{\n  \"error\": {\n    \"type\": \"invalid_request_error\",\n"
                   "    \"code\": \"%s\",\n    \"message\": \"%s\"\n  }\n}",
                   it->refunded ? "charge_already_refunded" : "payment_intent_unexpected_state",
                   it->refunded ? "This charge has already been refunded."
                                : "This PaymentIntent has no successful charge to refund.");
        return true;
    }
    f->seq++;
    snprintf(re, sizeof(re), "re_3Fake%016lld", (long long)f->seq);
    struct buf eo, amt_s;
    buf_init(&eo, 0), buf_init(&amt_s, 0);
    put_escaped(&eo, order);
    buf_printf(&amt_s, "\"amount\": %lld", (long long)it->amount);
    const char *from[] = { "re_3QxExampleRefund01", "pi_3QxExampleSucceeded01", "\"amount\": 4500",
                           "6f1c2f8e-2b7a-4c43-9d5e-0c1c6b0d9a11" };
    const char *to[] = { re, it->id, amt_s.data, eo.data };
    a->status = 200;
    subst(&a->body, f->fx[FX_REFUND], from, to, MQ_ARRAY_LEN(from));
    it->refunded = true;
    f->refunds++;
    if (k)
        k->refunds++;
    buf_release(&eo), buf_release(&amt_s);
    return true;
}

/* Runs an endpoint; false when the request failed validation. */
static bool execute(struct fake_stripe *f, const struct req *r, struct idem *k, struct answer *a)
{
    const char *prefix = "/v1/payment_intents/";
    if (strcmp(r->method, "POST") == 0 && strcmp(r->path, "/v1/payment_intents") == 0)
        return create_intent(f, r, k, a);
    if (strcmp(r->method, "POST") == 0 && strcmp(r->path, "/v1/refunds") == 0)
        return create_refund(f, r, k, a);
    if (strcmp(r->method, "GET") == 0 && str_starts_with(r->path, prefix)) {
        struct intent *it = intent_find(f, r->path + strlen(prefix));
        if (it) {
            a->status = 200;
            buf_puts(&a->body, it->body);
        } else {
            missing(f, a, 404, "\"intent\"", "payment_intent", r->path + strlen(prefix));
        }
        return true;
    }
    a->status = 404;
    buf_printf(&a->body,
               "{\n  \"error\": {\n    \"type\": \"invalid_request_error\",\n"
               "    \"message\": \"Unrecognized request URL (%s: %s).\"\n  }\n}",
               r->method, r->path);
    return false;
}

static void answer_fixture(struct fake_stripe *f, struct answer *a, int status, enum fixture fx,
                           const char *key)
{
    a->status = status;
    if (fx == FX_409 || fx == FX_400_IDEM) {
        const char *from[] = { "a8e0f1d2-5b44-4f8e-8a43-2d8d7a1e3c55" };
        const char *to[] = { key };
        subst(&a->body, f->fx[fx], from, to, 1);
    } else {
        buf_puts(&a->body, f->fx[fx]);
    }
}

/* The entry of an Idempotency-Key, created at its first request. */
static struct idem *idem_get(struct fake_stripe *f, const char *key)
{
    struct idem *k = idem_find(f, key);
    if (k || f->nkeys == MAX_KEYS)
        return k;
    k = &f->keys[f->nkeys++];
    memset(k, 0, sizeof(*k));
    snprintf(k->key, sizeof(k->key), "%s", key);
    return k;
}

/* A /v1 request: auth, faults, idempotency, then the endpoint. */
static void handle_api(struct fake_stripe *f, const struct req *r, struct answer *a)
{
    enum fault ft = F_NONE;
    struct idem *k = NULL;
    char want[FIELD_MAX + 16];
    struct buf params;

    buf_init(&params, 0);
    buf_printf(&params, "%s %s\n%s", r->method, r->path, r->body ? r->body : "");
    pthread_mutex_lock(&f->mu);
    f->requests++;
    if (f->nfaults > 0) {
        ft = f->faults[0];
        memmove(f->faults, f->faults + 1, (size_t)--f->nfaults * sizeof(f->faults[0]));
    }
    /* Stripe ignores the key on GET: nothing there has side effects */
    if (r->idem[0] && strcmp(r->method, "POST") == 0 && (k = idem_get(f, r->idem)))
        k->requests++;
    snprintf(want, sizeof(want), "Bearer %s", f->o.key ? f->o.key : "");
    if (ft == F_401 || (f->o.key && strcmp(r->auth, want) != 0)) {
        answer_fixture(f, a, 401, FX_401, NULL);
    } else if (ft == F_DROP) {
        a->drop = true;
    } else if (ft == F_500 || ft == F_429 || ft == F_409) {
        answer_fixture(f, a,
                       ft == F_500   ? 500
                       : ft == F_429 ? 429
                                     : 409,
                       ft == F_500   ? FX_500
                       : ft == F_429 ? FX_429
                                     : FX_409,
                       r->idem);
    } else if (k && k->running) {
        answer_fixture(f, a, 409, FX_409, r->idem);
    } else if (k && k->params && strcmp(k->params, params.data) != 0) {
        answer_fixture(f, a, 400, FX_400_IDEM, r->idem);
    } else if (k && k->params) {
        a->status = k->status; /* the first answer, replayed */
        buf_puts(&a->body, k->body);
        a->drop = ft == F_DROP_AFTER;
    } else {
        if (k) {
            k->running = true;
            k->params = strdup(params.data);
        }
        if (ft == F_SLOW)
            wait_ms(f, f->o.slow_ms);
        bool saved = true;
        if (ft == F_500_SAVED)
            answer_fixture(f, a, 500, FX_500, NULL);
        else
            saved = execute(f, r, k, a);
        if (k && saved) {
            k->status = a->status;
            k->body = strdup(a->body.data);
        } else if (k) {
            free(k->params); /* a validation error: nothing saved, as with Stripe */
            k->params = NULL;
        }
        if (k)
            k->running = false;
        a->drop = ft == F_DROP_AFTER;
    }
    if (f->o.log)
        fprintf(f->o.log, "fake-stripe %s %s idem=%s status=%d fault=%s\n", r->method, r->path,
                r->idem[0] ? r->idem : "-", a->drop ? 0 : a->status, fault_names[ft]);
    pthread_mutex_unlock(&f->mu);
    buf_release(&params);
}

static void handle_control(struct fake_stripe *f, const struct req *r, struct answer *a)
{
    if (strcmp(r->path, "/_fake/faults") == 0 && strcmp(r->method, "POST") == 0) {
        char spec[512];
        snprintf(spec, sizeof(spec), "%.*s", (int)r->body_len, r->body ? r->body : "");
        a->status = fake_stripe_faults(f, spec) == 0 ? 200 : 400;
        buf_puts(&a->body, a->status == 200 ? "{\"ok\":true}" : "{\"error\":\"unknown fault\"}");
    } else if (strcmp(r->path, "/_fake/stats") == 0) {
        char key[FIELD_MAX] = "";
        if (str_starts_with(r->query, "key="))
            snprintf(key, sizeof(key), "%s", r->query + 4);
        struct fake_stripe_stats s = fake_stripe_stats(f, key[0] ? key : NULL);
        a->status = 200;
        buf_printf(&a->body,
                   "{\"requests\":%lld,\"charges\":%lld,\"refunds\":%lld,\"faults_left\":%lld}",
                   (long long)s.requests, (long long)s.charges, (long long)s.refunds,
                   (long long)s.faults_left);
    } else {
        a->status = 404;
        buf_puts(&a->body, "{\"error\":\"no such control endpoint\"}");
    }
}

/* ---- HTTP ---- */

static void header_value(const char *head, const char *name, char *out, size_t outlen)
{
    size_t n = strlen(name);
    out[0] = '\0';
    for (const char *p = strstr(head, "\r\n"); p && p[2]; p = strstr(p + 2, "\r\n")) {
        const char *line = p + 2;
        if (strncasecmp(line, name, n) == 0 && line[n] == ':') {
            const char *v = line + n + 1;
            while (*v == ' ')
                v++;
            size_t len = strcspn(v, "\r\n");
            snprintf(out, outlen, "%.*s", (int)len, v);
            return;
        }
    }
}

/* Parses the head; false on a malformed one. */
static bool parse_head(const char *head, struct req *r)
{
    char target[FIELD_MAX * 2], len[32];
    memset(r, 0, sizeof(*r));
    if (sscanf(head, "%7s %511s", r->method, target) != 2)
        return false;
    char *q = strchr(target, '?');
    if (q) {
        snprintf(r->query, sizeof(r->query), "%s", q + 1);
        *q = '\0';
    }
    snprintf(r->path, sizeof(r->path), "%s", target);
    header_value(head, "Authorization", r->auth, sizeof(r->auth));
    header_value(head, "Idempotency-Key", r->idem, sizeof(r->idem));
    header_value(head, "Content-Length", len, sizeof(len));
    int64_t n = 0;
    if (len[0] && (str_to_i64(len, &n) != ST_OK || n < 0 || n > BODY_MAX))
        return false;
    r->body_len = (size_t)n;
    r->keep = !strcasestr(head, "\r\nConnection: close") && strstr(head, " HTTP/1.1\r\n");
    return true;
}

/* Reads until buf holds want bytes; false on EOF, idle or error. */
static bool read_until(int fd, char *buf, size_t *have, size_t cap, const char *stop, size_t want)
{
    for (;;) {
        if (stop && memmem(buf, *have, stop, strlen(stop)))
            return true;
        if (!stop && *have >= want)
            return true;
        if (*have + 1 >= cap)
            return false;
        struct pollfd p = { fd, POLLIN, 0 };
        if (poll(&p, 1, IDLE_MS) <= 0)
            return false;
        ssize_t n = read(fd, buf + *have, cap - 1 - *have);
        if (n < 0 && errno == EINTR)
            continue;
        if (n <= 0)
            return false;
        *have += (size_t)n;
        buf[*have] = '\0';
    }
}

static const char *reason(int status)
{
    switch (status) {
    case 200:
        return "OK";
    case 400:
        return "Bad Request";
    case 401:
        return "Unauthorized";
    case 402:
        return "Payment Required";
    case 404:
        return "Not Found";
    case 409:
        return "Conflict";
    case 429:
        return "Too Many Requests";
    default:
        return "Internal Server Error";
    }
}

struct conn {
    struct fake_stripe *f;
    int fd;
};

static void conn_forget(struct fake_stripe *f, int fd)
{
    pthread_mutex_lock(&f->mu);
    for (int i = 0; i < f->nconns; i++) {
        if (f->conns[i] == fd) {
            f->conns[i] = f->conns[--f->nconns];
            break;
        }
    }
    close(fd);
    pthread_cond_broadcast(&f->cv);
    pthread_mutex_unlock(&f->mu);
}

static void *serve_conn(void *arg)
{
    struct conn *c = arg;
    struct fake_stripe *f = c->f;
    size_t cap = HEAD_MAX + BODY_MAX + 1, have = 0;
    char *in = malloc(cap);
    struct req r;

    while (in) {
        in[have] = '\0';
        if (!read_until(c->fd, in, &have, cap, "\r\n\r\n", 0))
            break;
        size_t hlen = (size_t)((char *)memmem(in, have, "\r\n\r\n", 4) - in) + 4;
        char save = in[hlen];
        in[hlen] = '\0';
        bool ok = parse_head(in, &r);
        in[hlen] = save;
        if (!ok || !read_until(c->fd, in, &have, cap, NULL, hlen + r.body_len))
            break;
        char *body = strndup(in + hlen, r.body_len);
        r.body = body;
        struct answer a = { 0 };
        buf_init(&a.body, 0);
        if (str_starts_with(r.path, "/_fake/")) {
            handle_control(f, &r, &a);
        } else {
            pthread_mutex_lock(&f->mu);
            free(f->last);
            f->last = strndup(in, hlen + r.body_len);
            pthread_mutex_unlock(&f->mu);
            handle_api(f, &r, &a);
        }
        free(body);
        int rc = -1;
        if (!a.drop) {
            char head[256];
            int n =
                snprintf(head, sizeof(head),
                         "HTTP/1.1 %d %s\r\nContent-Type: application/json\r\n"
                         "Content-Length: %zu\r\nRequest-Id: req_fake\r\nConnection: %s\r\n\r\n",
                         a.status, reason(a.status), a.body.len, r.keep ? "keep-alive" : "close");
            rc = send_all(c->fd, head, (size_t)n) || send_all(c->fd, a.body.data, a.body.len);
        }
        buf_release(&a.body);
        if (rc != 0 || !r.keep)
            break;
        memmove(in, in + hlen + r.body_len, have - hlen - r.body_len);
        have -= hlen + r.body_len;
    }
    free(in);
    conn_forget(f, c->fd);
    free(c);
    return NULL;
}

static void *accept_loop(void *arg)
{
    struct fake_stripe *f = arg;
    for (;;) {
        int fd = accept4(f->lfd, NULL, NULL, SOCK_CLOEXEC);
        if (fd < 0) {
            if (errno == EINTR || errno == ECONNABORTED)
                continue;
            return NULL; /* the listening socket was shut down */
        }
        int one = 1; /* head and body go in two writes: no Nagle delay between them */
        setsockopt(fd, IPPROTO_TCP, TCP_NODELAY, &one, sizeof(one));
        pthread_mutex_lock(&f->mu);
        bool take = !f->stopping && f->nconns < MAX_CONNS;
        if (take)
            f->conns[f->nconns++] = fd;
        pthread_mutex_unlock(&f->mu);
        struct conn *c = take ? malloc(sizeof(*c)) : NULL;
        pthread_t t;
        if (!c) {
            if (take)
                conn_forget(f, fd);
            else
                close(fd);
            continue;
        }
        *c = (struct conn){ f, fd };
        if (pthread_create(&t, NULL, serve_conn, c) != 0) {
            free(c);
            conn_forget(f, fd);
            continue;
        }
        pthread_detach(t);
    }
}

/* ---- the public side ---- */

int fake_stripe_faults(struct fake_stripe *f, const char *spec)
{
    enum fault q[MAX_FAULTS];
    int n = 0;
    for (const char *p = spec; *p;) {
        size_t len = strcspn(p, ", \n");
        if (len > 0) {
            enum fault ft = fault_parse(p, len);
            if (ft == F_NONE || n == MAX_FAULTS)
                return -1;
            q[n++] = ft;
        }
        p += len + (p[len] != '\0');
    }
    pthread_mutex_lock(&f->mu);
    int ok = f->nfaults + n <= MAX_FAULTS ? 0 : -1;
    for (int i = 0; ok == 0 && i < n; i++)
        f->faults[f->nfaults++] = q[i];
    pthread_mutex_unlock(&f->mu);
    return ok;
}

struct fake_stripe_stats fake_stripe_stats(struct fake_stripe *f, const char *key)
{
    struct fake_stripe_stats s = { 0 };
    pthread_mutex_lock(&f->mu);
    if (key) {
        struct idem *k = idem_find(f, key);
        if (k)
            s.requests = k->requests, s.charges = k->charges, s.refunds = k->refunds;
    } else {
        s.requests = f->requests, s.charges = f->charges, s.refunds = f->refunds;
    }
    s.faults_left = f->nfaults;
    pthread_mutex_unlock(&f->mu);
    return s;
}

char *fake_stripe_last_request(struct fake_stripe *f)
{
    pthread_mutex_lock(&f->mu);
    char *s = f->last ? strdup(f->last) : NULL;
    pthread_mutex_unlock(&f->mu);
    return s;
}

const char *fake_stripe_url(const struct fake_stripe *f)
{
    return f->url;
}

int fake_stripe_port(const struct fake_stripe *f)
{
    return f->port;
}

static int listen_on(struct fake_stripe *f)
{
    struct sockaddr_in sa = { .sin_family = AF_INET, .sin_port = htons((uint16_t)f->o.port) };
    socklen_t len = sizeof(sa);
    int one = 1;

    sa.sin_addr.s_addr = htonl(INADDR_LOOPBACK);
    f->lfd = socket(AF_INET, SOCK_STREAM | SOCK_CLOEXEC, 0);
    if (f->lfd < 0 || setsockopt(f->lfd, SOL_SOCKET, SO_REUSEADDR, &one, sizeof(one)) != 0 ||
        bind(f->lfd, (struct sockaddr *)&sa, sizeof(sa)) != 0 || listen(f->lfd, 64) != 0 ||
        getsockname(f->lfd, (struct sockaddr *)&sa, &len) != 0) {
        perror("fake-stripe: listen");
        return -1;
    }
    f->port = ntohs(sa.sin_port);
    snprintf(f->url, sizeof(f->url), "http://127.0.0.1:%d", f->port);
    return 0;
}

static void free_all(struct fake_stripe *f)
{
    for (int i = 0; i < NFX; i++)
        free(f->fx[i]);
    for (int i = 0; f->keys && i < f->nkeys; i++)
        free(f->keys[i].params), free(f->keys[i].body);
    for (int i = 0; f->pis && i < f->npis; i++)
        free(f->pis[i].body);
    free(f->keys);
    free(f->pis);
    free(f->last);
    if (f->lfd >= 0)
        close(f->lfd);
    pthread_mutex_destroy(&f->mu);
    pthread_cond_destroy(&f->cv);
    free(f);
}

struct fake_stripe *fake_stripe_start(const struct fake_stripe_opts *o)
{
    struct fake_stripe *f = calloc(1, sizeof(*f));
    char path[1024];

    if (!f)
        return NULL;
    f->o = *o;
    f->lfd = -1;
    if (f->o.slow_ms <= 0)
        f->o.slow_ms = 2000;
    pthread_mutex_init(&f->mu, NULL);
    pthread_cond_init(&f->cv, NULL);
    f->keys = calloc(MAX_KEYS, sizeof(*f->keys));
    f->pis = calloc(MAX_PIS, sizeof(*f->pis));
    for (int i = 0; i < NFX; i++) {
        snprintf(path, sizeof(path), "%s/%s", o->fixtures ? o->fixtures : ".", fixture_files[i]);
        if (!(f->fx[i] = read_file(path))) {
            fprintf(stderr, "fake-stripe: cannot read %s\n", path);
            free_all(f);
            return NULL;
        }
    }
    if (!f->keys || !f->pis || listen_on(f) != 0 ||
        pthread_create(&f->acceptor, NULL, accept_loop, f) != 0) {
        free_all(f);
        return NULL;
    }
    return f;
}

void fake_stripe_stop(struct fake_stripe *f)
{
    if (!f)
        return;
    shutdown(f->lfd, SHUT_RDWR);
    pthread_join(f->acceptor, NULL);
    pthread_mutex_lock(&f->mu);
    f->stopping = true;
    for (int i = 0; i < f->nconns; i++)
        shutdown(f->conns[i], SHUT_RDWR);
    pthread_cond_broadcast(&f->cv);
    while (f->nconns > 0)
        pthread_cond_wait(&f->cv, &f->mu);
    pthread_mutex_unlock(&f->mu);
    free_all(f);
}
