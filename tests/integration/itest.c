#include "config.h"
#include "core/common.h"
#include "tests/integration/itest.h"
#include "core/timeutil.h"
#include "infra/json.h"

#include <curl/curl.h>
#include <json-c/json.h>
#include <strings.h>
#include <unistd.h>

static size_t on_body(char *data, size_t size, size_t n, void *arg)
{
    buf_append(arg, data, size * n);
    return size * n;
}

static void copy_header_value(char *dst, size_t dstlen, const char *line, size_t len)
{
    const char *v = memchr(line, ':', len);
    if (!v)
        return;
    v++;
    while (*v == ' ')
        v++;
    size_t vlen = (size_t)(line + len - v);
    while (vlen > 0 && (v[vlen - 1] == '\r' || v[vlen - 1] == '\n'))
        vlen--;
    snprintf(dst, dstlen, "%.*s", (int)vlen, v);
}

static size_t on_header(char *data, size_t size, size_t n, void *arg)
{
    struct http_resp *r = arg;
    size_t len = size * n;
    buf_append(&r->headers, data, len);
    if (len > 6 && strncasecmp(data, "allow:", 6) == 0)
        copy_header_value(r->allow, sizeof(r->allow), data, len);
    if (len > 13 && strncasecmp(data, "content-type:", 13) == 0)
        copy_header_value(r->content_type, sizeof(r->content_type), data, len);
    if (len > 12 && strncasecmp(data, "retry-after:", 12) == 0)
        copy_header_value(r->retry_after, sizeof(r->retry_after), data, len);
    if (len > 8 && strncasecmp(data, "x-cache:", 8) == 0)
        copy_header_value(r->x_cache, sizeof(r->x_cache), data, len);
    if (len > 11 && strncasecmp(data, "set-cookie:", 11) == 0 && r->nset_cookie < 4) {
        copy_header_value(r->set_cookie[r->nset_cookie], sizeof(r->set_cookie[0]), data, len);
        r->nset_cookie++;
    }
    return len;
}

int http_request(const char *method, const char *path, const char *body, size_t body_len,
                 struct http_resp *resp)
{
    return http_request_ex(method, path, NULL, NULL, body, body_len, resp);
}

/* The loopback address requests leave from: itest_from_fresh_address. */
static char source_addr[32];

const char *itest_from_fresh_address(void)
{
    static unsigned n;
    unsigned k = (unsigned)getpid() * 7919u + (unsigned)time(NULL) * 31u + ++n * 104729u;
    snprintf(source_addr, sizeof(source_addr), "127.%u.%u.%u", 1 + k % 254, (k >> 8) % 256,
             1 + (k >> 16) % 254);
    return source_addr;
}

void itest_from_default_address(void)
{
    source_addr[0] = '\0';
}

int http_request_ex(const char *method, const char *path, const char *const *extra,
                    const char *content_type, const char *body, size_t body_len,
                    struct http_resp *resp)
{
    char ct[256];
    const char *base = getenv("MQ_BASE_URL");
    char url[16384];
    struct curl_slist *headers = NULL;

    memset(resp, 0, sizeof(*resp));
    buf_init(&resp->body, 0);
    buf_init(&resp->headers, 0);
    snprintf(url, sizeof(url), "%s%s", base ? base : "http://127.0.0.1:18080", path);
    CURL *c = curl_easy_init();
    if (!c)
        return -1;
    curl_easy_setopt(c, CURLOPT_URL, url);
    curl_easy_setopt(c, CURLOPT_CUSTOMREQUEST, method);
    if (source_addr[0])
        curl_easy_setopt(c, CURLOPT_INTERFACE, source_addr);
    curl_easy_setopt(c, CURLOPT_TIMEOUT_MS, 10000L);
    curl_easy_setopt(c, CURLOPT_CONNECTTIMEOUT_MS, 2000L);
    curl_easy_setopt(c, CURLOPT_WRITEFUNCTION, on_body);
    curl_easy_setopt(c, CURLOPT_WRITEDATA, &resp->body);
    curl_easy_setopt(c, CURLOPT_HEADERFUNCTION, on_header);
    curl_easy_setopt(c, CURLOPT_HEADERDATA, resp);
    curl_easy_setopt(c, CURLOPT_NOSIGNAL, 1L);
    if (strcmp(method, "HEAD") == 0)
        curl_easy_setopt(c, CURLOPT_NOBODY, 1L);
    /* Tests check that a change shows at once: ask nginx for a fresh answer
     * unless the test speaks of caching itself (nginx/marquee.conf). */
    bool fresh = true;
    for (; extra && *extra; extra++) {
        headers = curl_slist_append(headers, *extra);
        fresh = fresh && strncasecmp(*extra, "Cache-Control:", 14) != 0;
    }
    if (fresh)
        headers = curl_slist_append(headers, "Cache-Control: no-cache");
    if (body) {
        snprintf(ct, sizeof(ct), "Content-Type: %s",
                 content_type ? content_type : "application/json");
        headers = curl_slist_append(headers, ct);
        curl_easy_setopt(c, CURLOPT_POSTFIELDS, body);
        curl_easy_setopt(c, CURLOPT_POSTFIELDSIZE, (long)body_len);
    }
    curl_easy_setopt(c, CURLOPT_HTTPHEADER, headers);
    CURLcode rc = curl_easy_perform(c);
    if (rc == CURLE_OK)
        curl_easy_getinfo(c, CURLINFO_RESPONSE_CODE, &resp->status);
    curl_easy_getinfo(c, CURLINFO_TOTAL_TIME, &resp->seconds);
    curl_slist_free_all(headers);
    curl_easy_cleanup(c);
    return rc == CURLE_OK ? 0 : -1;
}

int http_get(const char *path, struct http_resp *resp)
{
    return http_request("GET", path, NULL, 0, resp);
}

void http_resp_release(struct http_resp *resp)
{
    buf_release(&resp->body);
    buf_release(&resp->headers);
}

const char *http_header(struct arena *a, const struct http_resp *r, const char *name)
{
    size_t n = strlen(name);
    for (const char *line = r->headers.data; line && *line;) {
        const char *end = strstr(line, "\r\n");
        size_t len = end ? (size_t)(end - line) : strlen(line);
        if (len > n && line[n] == ':' && strncasecmp(line, name, n) == 0) {
            char v[4096];
            copy_header_value(v, sizeof(v), line, len);
            return arena_strdup(a, v);
        }
        line = end ? end + 2 : line + len;
    }
    return NULL;
}

const char *itest_url_encode(struct arena *a, const char *s)
{
    struct buf *b = buf_new_arena(a, 0);
    for (const unsigned char *p = (const unsigned char *)s; *p; p++) {
        if ((*p >= 'a' && *p <= 'z') || (*p >= 'A' && *p <= 'Z') || (*p >= '0' && *p <= '9'))
            buf_putc(b, (char)*p);
        else
            buf_printf(b, "%%%02X", *p);
    }
    return b->data;
}

struct json_object *http_get_json(struct arena *a, const char *path, long *status)
{
    struct http_resp r;
    char err[128];
    struct json_object *o = NULL;
    *status = 0;
    if (http_get(path, &r) == 0) {
        *status = r.status;
        o = json_parse(a, r.body.data, r.body.len, err, sizeof(err));
        if (!o)
            fprintf(stderr, "GET %s: invalid JSON (%s): %.200s\n", path, err, r.body.data);
    }
    http_resp_release(&r);
    return o;
}

void assert_400_field(const char *path, const char *field)
{
    struct arena a;
    long status;
    arena_init(&a, 0);
    struct json_object *o = http_get_json(&a, path, &status);
    CU_ASSERT_EQUAL(status, 400);
    const char *got = json_path_str(json_arr_get(json_path(o, "errors"), 0), "field");
    const char *code = json_path_str(json_arr_get(json_path(o, "errors"), 0), "code");
    CU_ASSERT_PTR_NOT_NULL(got);
    CU_ASSERT_PTR_NOT_NULL(code);
    if (got && code) {
        CU_ASSERT_STRING_EQUAL(got, field);
        CU_ASSERT_STRING_EQUAL(code, "validation");
    }
    if (status != 400 || !got || strcmp(got, field) != 0)
        fprintf(stderr, "  %s: expected 400 on field %s, got %ld %s\n", path, field, status,
                got ? got : "(no field)");
    arena_release(&a);
}

bool itest_poll(bool (*cond)(void *arg), void *arg, int timeout_ms, int step_ms)
{
    int64_t deadline = time_mono_us() + (int64_t)timeout_ms * 1000;
    for (;;) {
        if (cond(arg))
            return true;
        if (time_mono_us() >= deadline)
            return false;
        usleep((useconds_t)step_ms * 1000);
    }
}

int itest_dev(const char *cmd)
{
    const char *dev = getenv("MQ_DEV");
    char line[1024];
    if (!dev)
        return -1;
    snprintf(line, sizeof(line), "'%s' %s >/dev/null 2>&1", dev, cmd);
    return system(line);
}

const char *itest_database_url(void)
{
    const char *u = getenv("DATABASE_URL");
    return u ? u : "host=127.0.0.1 port=15433 dbname=marquee user=marquee";
}

int itest_register(const char *suite, const struct itest_case *cases, int (*setup)(void),
                   int (*teardown)(void))
{
    CU_pSuite s = CU_add_suite(suite, setup, teardown);
    if (!s)
        return -1;
    for (; cases->name; cases++) {
        if (!CU_add_test(s, cases->name, cases->fn))
            return -1;
    }
    return 0;
}
