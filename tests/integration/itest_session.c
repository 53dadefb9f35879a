#include "config.h"
#include "core/common.h"
#include "tests/integration/itest_session.h"
#include "infra/json.h"
#include "infra/kv.h"

#include <unistd.h>

void itest_unique(char *out, size_t n, const char *prefix)
{
    static unsigned counter;
    snprintf(out, n, "%s%d_%u", prefix, (int)getpid() % 100000, ++counter);
}

struct json_object *itest_json(struct arena *a, const struct http_resp *r)
{
    char err[128];
    return json_parse(a, r->body.data, r->body.len, err, sizeof(err));
}

static const char *error_member(struct arena *a, const struct http_resp *r, const char *name)
{
    struct json_object *o = itest_json(a, r);
    const char *v = json_path_str(json_arr_get(json_path(o, "errors"), 0), name);
    return v ? v : "";
}

const char *itest_error_code(struct arena *a, const struct http_resp *r)
{
    return error_member(a, r, "code");
}

const char *itest_error_field(struct arena *a, const struct http_resp *r)
{
    return error_member(a, r, "field");
}

const char *itest_set_cookie(struct arena *a, const struct http_resp *r, const char *name,
                             const char **attrs)
{
    size_t n = strlen(name);
    for (int i = 0; i < r->nset_cookie; i++) {
        const char *c = r->set_cookie[i];
        if (strncmp(c, name, n) != 0 || c[n] != '=')
            continue;
        const char *semi = strchr(c, ';');
        size_t vlen = semi ? (size_t)(semi - c - n - 1) : strlen(c + n + 1);
        if (attrs)
            *attrs = semi ? arena_strdup(a, semi) : "";
        return arena_strndup(a, c + n + 1, vlen);
    }
    return NULL;
}

bool itest_retry_later(struct http_resp *r)
{
    long wait = strtol(r->retry_after, NULL, 10);
    if ((r->status != 429 && r->status != 503) || wait < 1 || wait > 5)
        return false;
    http_resp_release(r);
    sleep((unsigned)wait); /* what the answer asked for, not a guess */
    return true;
}

int itest_post_auth(const char *path, const char *body, struct http_resp *r)
{
    int rc;
    for (int i = 0; (rc = http_request("POST", path, body, strlen(body), r)) == 0 && i < 10 &&
                    itest_retry_later(r);
         i++)
        ;
    return rc;
}

bool itest_new_user(const char *prefix, struct itest_user *u)
{
    struct arena a;
    struct http_resp r;
    char body[512];
    bool ok = false;

    memset(u, 0, sizeof(*u));
    arena_init(&a, 0);
    itest_unique(u->username, sizeof(u->username), prefix);
    snprintf(u->email, sizeof(u->email), "%s@Example.COM", u->username);
    snprintf(u->password, sizeof(u->password), "pw of %s!", u->username);
    snprintf(body, sizeof(body), "{\"email\":\"%s\",\"username\":\"%s\",\"password\":\"%s\"}",
             u->email, u->username, u->password);
    itest_post_auth("/api/auth/register", body, &r);
    const char *id = json_path_str(itest_json(&a, &r), "user.id");
    const char *token = itest_set_cookie(&a, &r, "session", NULL);
    const char *csrf = itest_set_cookie(&a, &r, "csrf", NULL);
    if (r.status == 201 && id && token && csrf) {
        snprintf(u->id, sizeof(u->id), "%s", id);
        snprintf(u->token, sizeof(u->token), "%s", token);
        snprintf(u->csrf, sizeof(u->csrf), "%s", csrf);
        ok = true;
    } else {
        fprintf(stderr, "  register %s: %ld %.300s\n", u->username, r.status, r.body.data);
    }
    http_resp_release(&r);
    arena_release(&a);
    return ok;
}

long itest_login(struct itest_user *u)
{
    struct arena a;
    struct http_resp r;
    char body[512];

    arena_init(&a, 0);
    snprintf(body, sizeof(body), "{\"login\":\"%s\",\"password\":\"%s\"}", u->username,
             u->password);
    itest_post_auth("/api/auth/login", body, &r);
    struct json_object *o = itest_json(&a, &r);
    const char *token = json_path_str(o, "token"), *csrf = json_path_str(o, "csrfToken");
    if (r.status == 200 && token && csrf) {
        snprintf(u->token, sizeof(u->token), "%s", token);
        snprintf(u->csrf, sizeof(u->csrf), "%s", csrf);
    }
    long status = r.status;
    http_resp_release(&r);
    arena_release(&a);
    return status;
}

int itest_as(const struct itest_user *u, enum itest_auth how, const char *method, const char *path,
             const char *body, struct http_resp *r)
{
    char auth[1200], cookie[1400], csrf[160];
    const char *headers[4] = { NULL };
    int n = 0;

    if (how == AS_BEARER) {
        snprintf(auth, sizeof(auth), "Authorization: Bearer %s", u->token);
        headers[n++] = auth;
    } else if (how != AS_NOBODY) {
        snprintf(cookie, sizeof(cookie), "Cookie: session=%s; csrf=%s", u->token, u->csrf);
        headers[n++] = cookie;
        if (how == AS_COOKIE) {
            snprintf(csrf, sizeof(csrf), "X-CSRF-Token: %s", u->csrf);
            headers[n++] = csrf;
        }
    }
    return http_request_ex(method, path, headers, NULL, body, body ? strlen(body) : 0, r);
}

int itest_bearer(const char *token, const char *method, const char *path, struct http_resp *r)
{
    char auth[4200];
    const char *headers[] = { auth, NULL };
    snprintf(auth, sizeof(auth), "Authorization: Bearer %s", token);
    return http_request_ex(method, path, headers, NULL, NULL, 0, r);
}

void itest_kv(struct kv *kv)
{
    const char *url = getenv("REDIS_URL");
    kv_init(kv, url ? url : "redis://127.0.0.1:16380");
}

void itest_reset_login_limits(void)
{
    struct kv kv;
    itest_kv(&kv);
    kv_del(&kv, "rl:ip:127.0.0.1");
    kv_del(&kv, "rl:ip:::1");
    kv_release(&kv);
}
