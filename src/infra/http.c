#include "config.h"
#include "core/common.h"
#include "infra/http.h"
#include "core/arena.h"
#include "core/buf.h"

#include <curl/curl.h>
#include <strings.h>

void http_client_init(struct http_client *c)
{
    c->curl = NULL;
}

void http_client_release(struct http_client *c)
{
    if (c->curl)
        curl_easy_cleanup(c->curl);
    c->curl = NULL;
}

static size_t on_body(char *data, size_t size, size_t n, void *arg)
{
    struct buf *b = arg;
    /* Returning less than given makes curl stop with CURLE_WRITE_ERROR. */
    return buf_append(b, data, size * n) == ST_OK ? size * n : 0;
}

static size_t on_header(char *data, size_t size, size_t n, void *arg)
{
    buf_append(arg, data, size * n);
    return size * n;
}

static struct curl_slist *header_list(const char *const *headers, bool has_body)
{
    struct curl_slist *list = NULL;
    /* curl would otherwise send "Expect: 100-continue" and wait for it. */
    list = curl_slist_append(list, "Expect:");
    for (; headers && *headers; headers++)
        list = curl_slist_append(list, *headers);
    if (has_body && !headers)
        list = curl_slist_append(list, "Content-Type: application/json");
    return list;
}

static void setup(CURL *h, const struct http_req *req, struct http_result *resp,
                  struct curl_slist *list)
{
    curl_easy_reset(h);
    curl_easy_setopt(h, CURLOPT_URL, req->url);
    curl_easy_setopt(h, CURLOPT_NOSIGNAL, 1L); /* the workers own their signals */
    curl_easy_setopt(h, CURLOPT_CONNECTTIMEOUT_MS,
                     req->connect_timeout_ms ? req->connect_timeout_ms : HTTP_CONNECT_TIMEOUT_MS);
    curl_easy_setopt(h, CURLOPT_TIMEOUT_MS, req->timeout_ms ? req->timeout_ms : HTTP_TIMEOUT_MS);
    curl_easy_setopt(h, CURLOPT_PROTOCOLS_STR, "http,https");
    curl_easy_setopt(h, CURLOPT_HTTPHEADER, list);
    curl_easy_setopt(h, CURLOPT_WRITEFUNCTION, on_body);
    curl_easy_setopt(h, CURLOPT_WRITEDATA, resp->body);
    curl_easy_setopt(h, CURLOPT_HEADERFUNCTION, on_header);
    curl_easy_setopt(h, CURLOPT_HEADERDATA, resp->head);
    curl_easy_setopt(h, CURLOPT_USERAGENT, "marquee/" PACKAGE_VERSION);
    curl_easy_setopt(h, CURLOPT_ACCEPT_ENCODING, ""); /* whatever curl can decode */
    if (strcmp(req->method, "HEAD") == 0)
        curl_easy_setopt(h, CURLOPT_NOBODY, 1L);
    else if (strcmp(req->method, "GET") != 0)
        curl_easy_setopt(h, CURLOPT_CUSTOMREQUEST, req->method);
    if (req->body) {
        curl_easy_setopt(h, CURLOPT_POSTFIELDS, req->body);
        curl_easy_setopt(h, CURLOPT_POSTFIELDSIZE_LARGE, (curl_off_t)req->body_len);
    }
}

enum status http_do(struct http_client *c, struct arena *a, const struct http_req *req,
                    struct http_result *resp)
{
    memset(resp, 0, sizeof(*resp));
    resp->body = buf_new_arena(a, req->max_body ? req->max_body : HTTP_MAX_BODY);
    resp->head = buf_new_arena(a, 64 * 1024);
    if (!c->curl && !(c->curl = curl_easy_init())) {
        snprintf(resp->error, sizeof(resp->error), "cannot create a curl handle");
        return ST_UPSTREAM;
    }
    struct curl_slist *list = header_list(req->headers, req->body != NULL);
    setup(c->curl, req, resp, list);
    CURLcode rc = curl_easy_perform(c->curl);
    curl_easy_setopt(c->curl, CURLOPT_HTTPHEADER, NULL);
    curl_slist_free_all(list);
    curl_easy_getinfo(c->curl, CURLINFO_TOTAL_TIME, &resp->seconds);
    curl_easy_getinfo(c->curl, CURLINFO_PRETRANSFER_TIME, &resp->sent_seconds);
    if (rc != CURLE_OK) {
        if (rc == CURLE_WRITE_ERROR && resp->body->failed)
            snprintf(resp->error, sizeof(resp->error), "response body over %zu bytes",
                     resp->body->max);
        else
            snprintf(resp->error, sizeof(resp->error), "%s", curl_easy_strerror(rc));
        return rc == CURLE_URL_MALFORMAT || rc == CURLE_UNSUPPORTED_PROTOCOL ? ST_INVALID
                                                                             : ST_UPSTREAM;
    }
    curl_easy_getinfo(c->curl, CURLINFO_RESPONSE_CODE, &resp->status);
    return ST_OK;
}

const char *http_result_header(struct arena *a, const struct http_result *resp, const char *name)
{
    size_t nlen = strlen(name);
    const char *p = resp->head ? resp->head->data : "";
    const char *found = NULL;
    size_t flen = 0;
    /* The last occurrence wins: after a redirect or 100, earlier blocks are stale. */
    while (*p) {
        const char *eol = strchr(p, '\n');
        size_t len = eol ? (size_t)(eol - p) : strlen(p);
        if (len > nlen && p[nlen] == ':' && strncasecmp(p, name, nlen) == 0) {
            found = p + nlen + 1;
            flen = len - nlen - 1;
            while (flen && (*found == ' ' || *found == '\t'))
                found++, flen--;
            while (flen && (found[flen - 1] == '\r' || found[flen - 1] == ' '))
                flen--;
        }
        p += len + (eol ? 1 : 0);
    }
    return found ? arena_strndup(a, found, flen) : NULL;
}

const char *http_url_for_log(struct arena *a, const char *url)
{
    const char *scheme = strstr(url, "://");
    const char *host = scheme ? scheme + 3 : url;
    size_t end = strcspn(host, "?#");
    const char *at = memchr(host, '@', strcspn(host, "/?#"));
    const char *from = at ? at + 1 : host;
    return arena_printf(a, "%.*s%.*s", scheme ? (int)(host - url) : 0, url,
                        (int)(host + end - from), from);
}
