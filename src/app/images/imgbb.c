#include "config.h"
#include "core/common.h"
#include "app/images/imgbb.h"
#include "core/arena.h"
#include "core/buf.h"
#include "infra/http.h"
#include "infra/json.h"

#define IMGBB_MAX_ANSWER  (256u << 10)
#define IMGBB_CONNECT_MS  3000
#define IMGBB_MAX_MESSAGE 200
#define IMGBB_KEY_REFUSED 100 /* Chevereto's "Invalid API v1 key." */

static bool unreserved(unsigned char c)
{
    return (c >= 'A' && c <= 'Z') || (c >= 'a' && c <= 'z') || (c >= '0' && c <= '9') || c == '-' ||
           c == '.' || c == '_' || c == '~';
}

static void form_escape(struct buf *b, const char *s)
{
    static const char hex[] = "0123456789ABCDEF";
    for (const unsigned char *p = (const unsigned char *)s; *p; p++) {
        if (unreserved(*p)) {
            buf_putc(b, (char)*p);
        } else {
            char e[3] = { '%', hex[*p >> 4], hex[*p & 15] };
            buf_append(b, e, 3);
        }
    }
}

const char *imgbb_form(struct arena *a, const char *key, const char *image)
{
    struct buf *b = buf_new_arena(a, 0);
    buf_puts(b, "key=");
    form_escape(b, key);
    buf_puts(b, "&image=");
    form_escape(b, image);
    return b->failed ? NULL : b->data;
}

/* A hosted URL we are willing to show: http(s), printable ASCII, bounded. */
static bool usable_url(const char *u)
{
    if (!u || (strncmp(u, "https://", 8) != 0 && strncmp(u, "http://", 7) != 0))
        return false;
    size_t n = strlen(u);
    if (n > IMGBB_MAX_URL || n <= 8)
        return false;
    for (size_t i = 0; i < n; i++) {
        if ((unsigned char)u[i] <= 0x20 || (unsigned char)u[i] >= 0x7f)
            return false;
    }
    return true;
}

/* At most IMGBB_MAX_MESSAGE bytes of s, never cutting a UTF-8 sequence
 * (the message is stored in a text column). */
static const char *clip(struct arena *a, const char *s)
{
    size_t n = strnlen(s, IMGBB_MAX_MESSAGE + 1);
    if (n > IMGBB_MAX_MESSAGE) {
        n = IMGBB_MAX_MESSAGE;
        while (n > 0 && ((unsigned char)s[n] & 0xc0) == 0x80)
            n--;
    }
    return arena_strndup(a, s, n);
}

static void fail(struct arena *a, struct imgbb_result *out, enum imgbb_outcome o, const char *why)
{
    out->outcome = o;
    out->message = clip(a, why);
}

static void parse_success(struct arena *a, struct json_object *root, struct imgbb_result *out)
{
    const char *url = json_path_str(root, "data.url");
    if (!json_path_bool(root, "success", false))
        fail(a, out, IMGBB_TRANSIENT, "answer without \"success\": true");
    else if (!usable_url(url))
        fail(a, out, IMGBB_TRANSIENT, url ? "data.url is not a usable URL" : "no data.url");
    else
        out->url = arena_strdup(a, url);
}

/* A 4xx: Chevereto's {"status_code":400,"error":{"message","code"}}. */
static void parse_error(struct arena *a, struct json_object *root, struct imgbb_result *out)
{
    double code = 0;
    const char *msg = json_path_str(root, "error.message");
    if (json_path_num(root, "error.code", &code) && code >= 0 && code < 1e6)
        out->code = (int)code;
    if (out->status == 429)
        out->outcome = IMGBB_RATE;
    else if (out->status == 401 || out->status == 403 || out->code == IMGBB_KEY_REFUSED)
        out->outcome = IMGBB_AUTH;
    else
        out->outcome = IMGBB_REJECTED;
    out->message =
        arena_printf(a, "HTTP %ld: %s", out->status, clip(a, msg ? msg : "(no error message)"));
}

void imgbb_parse(struct arena *a, long status, const char *body, size_t len,
                 struct imgbb_result *out)
{
    char err[128] = "no body";
    memset(out, 0, sizeof(*out));
    out->status = status;
    if (status >= 500 || status < 200 || (status >= 300 && status < 400)) {
        fail(a, out, IMGBB_TRANSIENT, arena_printf(a, "HTTP %ld", status));
        return;
    }
    struct json_object *root = body ? json_parse(a, body, len, err, sizeof(err)) : NULL;
    if (status >= 400) {
        parse_error(a, root, out);
        return;
    }
    if (!json_is_object(root))
        fail(a, out, IMGBB_TRANSIENT,
             arena_printf(a, "HTTP %ld with a malformed body: %s", status,
                          root ? "not an object" : err));
    else
        parse_success(a, root, out);
}

void imgbb_upload(struct http_client *c, struct arena *a, const struct imgbb_conf *conf,
                  const char *image, struct imgbb_result *out)
{
    static const char *const headers[] = { "Content-Type: application/x-www-form-urlencoded",
                                           "Accept: application/json", NULL };
    struct http_result resp;
    const char *body = imgbb_form(a, conf->key, image);
    size_t blen = strlen(conf->base_url);
    while (blen > 0 && conf->base_url[blen - 1] == '/')
        blen--;
    struct http_req req = {
        .method = "POST",
        .url = arena_printf(a, "%.*s/1/upload", (int)blen, conf->base_url),
        .headers = headers,
        .body = body,
        .body_len = body ? strlen(body) : 0,
        .connect_timeout_ms =
            conf->timeout_ms < IMGBB_CONNECT_MS ? conf->timeout_ms : IMGBB_CONNECT_MS,
        .timeout_ms = conf->timeout_ms,
        .max_body = IMGBB_MAX_ANSWER,
    };
    if (!body) {
        memset(out, 0, sizeof(*out));
        fail(a, out, IMGBB_TRANSIENT, "out of memory");
        return;
    }
    if (http_do(c, a, &req, &resp) != ST_OK) {
        memset(out, 0, sizeof(*out));
        fail(a, out, IMGBB_TRANSIENT, resp.error[0] ? resp.error : "no answer");
        return;
    }
    imgbb_parse(a, resp.status, resp.body->data, resp.body->len, out);
}

const char *imgbb_outcome_name(enum imgbb_outcome o)
{
    switch (o) {
    case IMGBB_OK:
        return "ok";
    case IMGBB_AUTH:
        return "key_refused";
    case IMGBB_RATE:
        return "rate_limited";
    case IMGBB_REJECTED:
        return "rejected";
    case IMGBB_TRANSIENT:
        return "unavailable";
    }
    return "unknown";
}
