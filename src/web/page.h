/*
 * page.h - what every page handler uses: who is reading, the frame of the
 * page (layout template), forms (CSRF, post/redirect/get) and the HTML
 * error pages. A handler:
 *
 *   struct page p;
 *   if (page_open(&p, req, res))       // identifies the reader
 *       return;
 *   ...call the domain's store...
 *   page_begin(&p, &(struct page_meta){ .title = ..., .path = ... });
 *   tpl_...(p.o, ...);                 // content, escaped by the templates
 *   page_end(&p);
 */
#ifndef MQ_PAGE_H
#define MQ_PAGE_H

#include "core/common.h"
#include "core/status.h"
#include "server/request.h"
#include "server/response.h"

struct auth_user;

struct page {
    struct request *req;
    struct response *res;
    struct buf *o;                /* the body, once page_begin ran */
    const struct auth_user *user; /* the signed-in reader, or NULL */
    const char *csrf;             /* the form token (signed-in pages, forms), or NULL */
};

struct page_meta {
    const char *title;       /* the whole <title> */
    const char *description; /* meta description, og:description */
    const char *path;        /* canonical path, e.g. "/events/ab12"; NULL: the request's */
    const char *og_type;     /* "website" when NULL */
    const char *og_image;    /* absolute URL or NULL */
    const char *head_extra;  /* raw HTML for <head> (JSON-LD), made escaped by the caller */
    const char *q;           /* the site search box's value */
    bool noindex;            /* forms and personal pages */
};

/* Identifies the reader (a session cookie, see auth_identify). On a failure
 * to check the session it renders the 503 page and returns -1. */
int page_open(struct page *p, struct request *req, struct response *res);

/* Writes the page head, header and opens <main>, status 200. */
void page_begin(struct page *p, const struct page_meta *m);
/* The same with another status (a form with errors is a 422). */
void page_begin_status(struct page *p, int status, const struct page_meta *m);
/* Closes <main>, adds the footer. */
void page_end(struct page *p);

/* A whole error page for st (404, 403, 500, 503, ...) with message. */
void page_error(struct page *p, enum status st, const char *message);
/* The route table's 404 page for a path nothing matches. */
void page_not_found(struct request *req, struct response *res);

/* 303 See Other to location (a same-site path). */
void page_redirect(struct page *p, const char *location);
/* A page that needs a signed-in reader: 0 when there is one, else a
 * redirect to /login?next=<this page> and -1. */
int page_need_user(struct page *p);

/* A form post: parses the form body and checks its CSRF token. On failure
 * renders the 400/403 page and returns -1. */
int page_form(struct page *p);
/* The form field name ("" when missing). */
const char *page_field(struct page *p, const char *name);

/* The path and query string of this request ("/genres/Rock?page=2"). */
const char *page_here(const struct page *p);
/* next if it is a same-site path ("/..." but not "//..." or "/\..."), else "/". */
const char *page_safe_next(const char *next);

/* The reader's form token (sets the csrf cookie when there is none yet). */
const char *page_csrf(struct page *p);

/* ?page=N of a paged list: 1 when absent, 0 when it is not a page number. */
int64_t page_number(struct page *p);

/* The catalogue's pager (templates/catalogue.html): Previous, Next and
 * "Page n of last", nothing when there is one page. base is the list's
 * path and query without `page`. */
void page_pager(struct page *p, int64_t n, int64_t last, const char *base);

#endif
