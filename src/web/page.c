/*
 * The frame every page shares: reader, layout, forms, errors.
 */
#include "config.h"
#include "core/common.h"
#include "web/page.h"
#include "core/arena.h"
#include "core/conf.h"
#include "core/log.h"
#include "core/str.h"
#include "server/auth.h"
#include "server/body.h"
#include "server/cache.h"
#include "server/worker.h"
#include "web/assets.h"
#include "web/html.h"
#include "web/templates.h"

static bool hsts(const struct page *p)
{
    return p->req->ctx->cfg->cookie_secure != 0;
}

int page_open(struct page *p, struct request *req, struct response *res)
{
    *p = (struct page){ .req = req, .res = res };
    enum status st = auth_identify(req);
    p->user = req->user;
    if (st != ST_OK) {
        page_error(p, st, "We could not check your session just now. Please try again.");
        return -1;
    }
    return 0;
}

const char *page_here(const struct page *p)
{
    /* A cached page is keyed by the parameters its route reads: its links
     * must not carry the others of whoever asked first. */
    const char *q = p->req->route && p->req->route->cache ? cache_query(p->req)
                                                          : request_header(p->req, "QUERY_STRING");
    if (!q || !*q)
        return p->req->path;
    return arena_printf(p->req->arena, "%s?%s", p->req->path, q);
}

const char *page_safe_next(const char *next)
{
    if (!next || next[0] != '/' || next[1] == '/' || next[1] == '\\')
        return "/";
    for (const char *c = next; *c; c++)
        if ((unsigned char)*c < 0x20 || *c == '\\')
            return "/";
    return next;
}

const char *page_csrf(struct page *p)
{
    if (!p->csrf)
        p->csrf = auth_csrf_token(p->req, p->res);
    return p->csrf;
}

static void write_nav(struct page *p)
{
    if (p->user) {
        tpl_layout_nav_user(p->o, p->user->username, page_csrf(p));
        return;
    }
    /* The sign-in pages send the reader back where they came from. */
    const char *path = p->req->path;
    bool account = strcmp(path, "/login") == 0 || strcmp(path, "/register") == 0;
    tpl_layout_nav_anon(p->o,
                        account ? page_safe_next(request_query(p->req, "next")) : page_here(p));
}

void page_begin_status(struct page *p, int status, const struct page_meta *m)
{
    const char *base = p->req->ctx->cfg->public_url;
    const char *path = m->path ? m->path : p->req->path;
    p->o = reply_html(p->res, status, hsts(p));
    const char *canonical = arena_printf(p->req->arena, "%s%s", base, path);
    tpl_layout_head(p->o, m->title, m->description ? m->description : "", canonical, asset_css,
                    asset_js, asset_icon);
    if (m->og_image)
        tpl_layout_og(p->o, m->og_type ? m->og_type : "website", m->og_image);
    if (m->noindex || status != 200)
        tpl_layout_noindex(p->o);
    html_raw(p->o, m->head_extra);
    tpl_layout_body(p->o, m->q ? m->q : "");
    write_nav(p);
    tpl_layout_main(p->o);
}

void page_begin(struct page *p, const struct page_meta *m)
{
    page_begin_status(p, 200, m);
}

void page_end(struct page *p)
{
    tpl_layout_end(p->o);
}

void page_error(struct page *p, enum status st, const char *message)
{
    static const char *const headings[] = {
        [ST_NOT_FOUND] = "Page not found",   [ST_DENIED] = "Not allowed",
        [ST_CSRF] = "This form has expired", [ST_UNAVAILABLE] = "We are having trouble",
        [ST_INVALID] = "Bad request",
    };
    const char *h = (size_t)st < sizeof(headings) / sizeof(headings[0]) && headings[st]
                        ? headings[st]
                        : "Something went wrong";
    if (st == ST_INTERNAL || !message)
        message = "Something went wrong on our side. Please try again in a moment.";
    p->res->error = st;
    page_begin_status(p, status_http(st), &(struct page_meta){ .title = h, .noindex = true });
    tpl_error_page(p->o, h, message);
    page_end(p);
}

void page_not_found(struct request *req, struct response *res)
{
    struct page p;
    if (page_open(&p, req, res) == 0)
        page_error(&p, ST_NOT_FOUND, "There is no page at this address. It may have moved.");
}

void page_redirect(struct page *p, const char *location)
{
    p->res->status = 303;
    p->res->content_type = "text/html; charset=utf-8";
    buf_reset(&p->res->body);
    response_header(p->res, "Location", location);
}

int page_need_user(struct page *p)
{
    if (p->user)
        return 0;
    struct buf *to = buf_new_arena(p->req->arena, 0);
    buf_puts(to, "/login?next=");
    html_url(to, page_here(p));
    page_redirect(p, to->data);
    return -1;
}

int page_form(struct page *p)
{
    const char *type = request_header(p->req, "CONTENT_TYPE");
    if (!type || strncmp(type, "application/x-www-form-urlencoded", 33) != 0) {
        page_error(p, ST_INVALID, "This address only takes a form sent from our pages.");
        return -1;
    }
    if (!auth_csrf_ok(p->req)) {
        page_error(p, ST_CSRF,
                   "For your safety, forms expire. Go back, reload the page and send it again.");
        return -1;
    }
    return 0;
}

const char *page_field(struct page *p, const char *name)
{
    const char *v = body_form_field(p->req, name);
    return v ? v : "";
}

int64_t page_number(struct page *p)
{
    const char *v = request_query(p->req, "page");
    int64_t n;
    if (!v)
        return 1;
    return str_to_i64(v, &n) == ST_OK && n >= 1 && n <= 1000000 ? n : 0;
}

static const char *pager_href(struct arena *a, const char *base, int64_t n)
{
    if (n == 1)
        return base;
    return arena_printf(a, "%s%cpage=%lld", base, strchr(base, '?') ? '&' : '?', (long long)n);
}

void page_pager(struct page *p, int64_t n, int64_t last, const char *base)
{
    struct arena *a = p->req->arena;
    if (last <= 1)
        return;
    tpl_pager_open(p->o);
    if (n > 1)
        tpl_pager_prev(p->o, pager_href(a, base, n - 1));
    if (n < last)
        tpl_pager_next(p->o, pager_href(a, base, n + 1));
    tpl_pager_close(p->o, arena_printf(a, "Page %lld of %lld", (long long)n, (long long)last));
}
