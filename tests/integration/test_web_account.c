/*
 * The account pages against the real stack, as a browser without script
 * would use them: /login and /register (CSRF, field errors, what is kept,
 * where the reader lands), POST /logout, /favorites and POST /favorites
 * (sign-in required, the API sees the changes, nobody sees another's).
 */
#include "config.h"
#include "core/common.h"
#include "tests/integration/itest.h"
#include "tests/integration/itest_session.h"
#include "infra/json.h"

static struct arena A;
static char EVENTS[21][65]; /* upcoming events of the test data, 21 for two pages */

/* A browser's cookie jar: the two cookies the site sets. */
struct browser {
    char session[1024]; /* as struct itest_user.token */
    char csrf[96];
};

static void keep_cookie(char *slot, size_t n, const struct http_resp *r, const char *name)
{
    const char *v = itest_set_cookie(&A, r, name, NULL);
    if (v)
        snprintf(slot, n, "%s", v); /* "" when the site clears it */
}

/* A request with the jar's cookies (form: a form body, or NULL); keeps
 * what the answer sets. */
static void visit(struct browser *b, const char *method, const char *path, const char *form,
                  const char *extra, struct http_resp *r)
{
    char cookie[1400];
    const char *headers[3] = { NULL };
    int n = 0;
    snprintf(cookie, sizeof(cookie), "Cookie: session=%s; csrf=%s", b->session, b->csrf);
    if (*b->session || *b->csrf)
        headers[n++] = cookie;
    if (extra)
        headers[n++] = extra;
    for (int i = 0;; i++) {
        CU_ASSERT_EQUAL_FATAL(http_request_ex(method, path, headers,
                                              "application/x-www-form-urlencoded", form,
                                              form ? strlen(form) : 0, r),
                              0);
        if (i == 10 || !itest_retry_later(r)) /* nginx's limit on sign-in attempts */
            break;
    }
    keep_cookie(b->session, sizeof(b->session), r, "session");
    keep_cookie(b->csrf, sizeof(b->csrf), r, "csrf");
}

static bool has(const struct http_resp *r, const char *s)
{
    bool yes = r->body.data && strstr(r->body.data, s);
    if (!yes)
        fprintf(stderr, "  expected \"%s\" in the answer (%ld)\n", s, r->status);
    return yes;
}

static const char *location(const struct http_resp *r)
{
    const char *l = http_header(&A, r, "Location");
    return l ? l : "";
}

/* The csrf_token a form of the page carries, or "". */
static const char *form_token(const struct http_resp *r)
{
    const char *k = "name=\"csrf_token\" value=\"";
    const char *s = r->body.data ? strstr(r->body.data, k) : NULL;
    if (!s)
        return "";
    s += strlen(k);
    return arena_strndup(&A, s, strcspn(s, "\""));
}

static const char *enc(const char *s)
{
    return itest_url_encode(&A, s);
}

/* GETs the form at path into a fresh jar; its token. */
static const char *open_form(struct browser *b, const char *path)
{
    struct http_resp r;
    memset(b, 0, sizeof(*b));
    visit(b, "GET", path, NULL, NULL, &r);
    CU_ASSERT_EQUAL(r.status, 200);
    const char *t = form_token(&r);
    http_resp_release(&r);
    return t;
}

/* Signs u in through the form (a fresh jar); the answer's status. */
static long sign_in(struct browser *b, const struct itest_user *u, const char *password,
                    const char *next, struct http_resp *r)
{
    const char *t = open_form(b, "/login");
    const char *form = arena_printf(&A, "csrf_token=%s&login=%s&password=%s&next=%s", t,
                                    enc(u->username), enc(password), enc(next));
    visit(b, "POST", "/login", form, NULL, r);
    return r->status;
}

static void login_form_carries_the_csrf_token(void)
{
    struct browser b = { 0 };
    struct http_resp r;
    visit(&b, "GET", "/login?next=%2Fgenres%2FRock", NULL, NULL, &r);
    CU_ASSERT_EQUAL(r.status, 200);
    CU_ASSERT_EQUAL(strlen(b.csrf), 32);
    CU_ASSERT_STRING_EQUAL(form_token(&r), b.csrf);
    CU_ASSERT_STRING_EQUAL(http_header(&A, &r, "Cache-Control"), "no-store");
    CU_ASSERT(has(&r, "<label for=\"login\">"));
    CU_ASSERT(has(&r, "autocomplete=\"username\""));
    CU_ASSERT(has(&r, "autocomplete=\"current-password\""));
    CU_ASSERT(has(&r, "name=\"next\" value=\"/genres/Rock\""));
    CU_ASSERT(has(&r, "<meta name=\"robots\" content=\"noindex\">"));
    http_resp_release(&r);
    visit(&b, "GET", "/register", NULL, NULL, &r);
    CU_ASSERT_STRING_EQUAL(form_token(&r), b.csrf); /* the same cookie, kept */
    CU_ASSERT(has(&r, "autocomplete=\"email\""));
    CU_ASSERT(has(&r, "autocomplete=\"new-password\""));
    http_resp_release(&r);
}

/* A sign-in without the token, with a wrong one, or without the cookie is
 * refused before the password is looked at. */
static void posts_without_the_token_are_403(void)
{
    struct itest_user u;
    struct browser b;
    struct http_resp r;
    CU_ASSERT_TRUE_FATAL(itest_new_user("wa_csrf", &u));
    const char *creds = arena_printf(&A, "login=%s&password=%s", u.username, enc(u.password));
    const char *bodies[] = {
        creds,
        arena_printf(&A, "%s&csrf_token=%s", creds, "0123456789abcdef0123456789abcdef"),
    };
    for (size_t i = 0; i < 2; i++) {
        open_form(&b, "/login");
        visit(&b, "POST", "/login", bodies[i], NULL, &r);
        CU_ASSERT_EQUAL(r.status, 403);
        CU_ASSERT(has(&r, "This form has expired"));
        CU_ASSERT_STRING_EQUAL(b.session, "");
        http_resp_release(&r);
    }
    /* A real token, sent by a browser that does not hold its cookie. */
    const char *t = open_form(&b, "/login");
    struct browser none = { 0 };
    visit(&none, "POST", "/login", arena_printf(&A, "%s&csrf_token=%s", creds, t), NULL, &r);
    CU_ASSERT_EQUAL(r.status, 403);
    CU_ASSERT_STRING_EQUAL(none.session, "");
    http_resp_release(&r);
    /* Not a form at all. */
    visit(&none, "POST", "/login", NULL, "Content-Type: application/json", &r);
    CU_ASSERT(r.status == 400 || r.status == 403);
    http_resp_release(&r);
}

static void wrong_passwords_keep_the_login_not_the_password(void)
{
    struct itest_user u;
    struct browser b;
    struct http_resp r;
    CU_ASSERT_TRUE_FATAL(itest_new_user("wa_wrong", &u));
    CU_ASSERT_EQUAL(sign_in(&b, &u, "not-the-password-42", "/", &r), 422);
    CU_ASSERT(has(&r, "Email/username or password is wrong"));
    CU_ASSERT(has(&r, "id=\"error-summary\""));
    CU_ASSERT(has(&r, "<a href=\"#login\">"));
    CU_ASSERT(has(&r, "id=\"login-error\""));
    CU_ASSERT(has(&r, "aria-describedby=\"login-error\" aria-invalid=\"true\""));
    CU_ASSERT(has(&r, arena_printf(&A, "value=\"%s\"", u.username)));
    CU_ASSERT_PTR_NULL(strstr(r.body.data, "not-the-password-42"));
    CU_ASSERT_STRING_EQUAL(b.session, "");
    CU_ASSERT(has(&r, "<title>Error: Sign in - Marquee</title>"));
    http_resp_release(&r);
    /* An unknown login reads the same. */
    struct itest_user ghost = u;
    itest_unique(ghost.username, sizeof(ghost.username), "wa_ghost");
    CU_ASSERT_EQUAL(sign_in(&b, &ghost, "whatever-pw", "/", &r), 422);
    CU_ASSERT(has(&r, "Email/username or password is wrong"));
    http_resp_release(&r);
    /* Empty fields are named. */
    const char *t = open_form(&b, "/login");
    visit(&b, "POST", "/login", arena_printf(&A, "csrf_token=%s&login=&password=", t), NULL, &r);
    CU_ASSERT_EQUAL(r.status, 422);
    CU_ASSERT(has(&r, "Enter your email or username"));
    CU_ASSERT(has(&r, "id=\"password-error\""));
    http_resp_release(&r);
    itest_reset_login_limits();
}

static void sign_in_lands_where_the_reader_was(void)
{
    struct itest_user u;
    struct browser b;
    struct http_resp r;
    CU_ASSERT_TRUE_FATAL(itest_new_user("wa_next", &u));
    CU_ASSERT_EQUAL(sign_in(&b, &u, u.password, "/genres/Rock?page=2", &r), 303);
    CU_ASSERT_STRING_EQUAL(location(&r), "/genres/Rock?page=2");
    CU_ASSERT_NOT_EQUAL(strlen(b.session), 0);
    http_resp_release(&r);
    visit(&b, "GET", "/favorites", NULL, NULL, &r);
    CU_ASSERT_EQUAL(r.status, 200);
    CU_ASSERT(has(&r, u.username)); /* the header names them */
    http_resp_release(&r);
    /* Signed in, /login and /register send the reader on. */
    visit(&b, "GET", "/login?next=%2Ffavorites", NULL, NULL, &r);
    CU_ASSERT_EQUAL(r.status, 303);
    CU_ASSERT_STRING_EQUAL(location(&r), "/favorites");
    http_resp_release(&r);
    visit(&b, "GET", "/register?next=https%3A%2F%2Fevil.example", NULL, NULL, &r);
    CU_ASSERT_EQUAL(r.status, 303);
    CU_ASSERT_STRING_EQUAL(location(&r), "/");
    http_resp_release(&r);
}

/* Only same-site paths are return targets. */
static void foreign_return_targets_land_on_home(void)
{
    static const char *const evil[] = { "//evil.example", "https://evil.example/x",
                                        "/\\evil.example", "javascript:alert(1)" };
    struct itest_user u;
    struct browser b;
    struct http_resp r;
    CU_ASSERT_TRUE_FATAL(itest_new_user("wa_evil", &u));
    for (size_t i = 0; i < sizeof(evil) / sizeof(evil[0]); i++) {
        CU_ASSERT_EQUAL(sign_in(&b, &u, u.password, evil[i], &r), 303);
        CU_ASSERT_STRING_EQUAL(location(&r), "/");
        http_resp_release(&r);
    }
    memset(&b, 0, sizeof(b));
    visit(&b, "GET", arena_printf(&A, "/login?next=%s", enc(evil[0])), NULL, NULL, &r);
    CU_ASSERT(has(&r, "name=\"next\" value=\"/\""));
    http_resp_release(&r);
}

static void registration_errors_sit_next_to_their_fields(void)
{
    struct itest_user taken;
    struct browser b;
    struct http_resp r;
    char name[40];

    CU_ASSERT_TRUE_FATAL(itest_new_user("wa_taken", &taken));
    const char *t = open_form(&b, "/register?next=%2Ffavorites");
    visit(&b, "POST", "/register",
          arena_printf(&A, "csrf_token=%s&email=no-at-sign&username=has+space&password=short7", t),
          NULL, &r);
    CU_ASSERT_EQUAL(r.status, 422);
    CU_ASSERT(has(&r, "id=\"email-error\""));
    CU_ASSERT(has(&r, "id=\"username-error\""));
    CU_ASSERT(has(&r, "id=\"password-error\""));
    CU_ASSERT(has(&r, "aria-describedby=\"password-hint password-error\" aria-invalid=\"true\""));
    CU_ASSERT(has(&r, "value=\"no-at-sign\""));
    CU_ASSERT(has(&r, "value=\"has space\""));
    CU_ASSERT_PTR_NULL(strstr(r.body.data, "short7"));
    CU_ASSERT_STRING_EQUAL(b.session, "");
    http_resp_release(&r);

    /* A duplicate names its field; the rest is kept. */
    itest_unique(name, sizeof(name), "wa_reg");
    const char *email = arena_printf(&A, "%s@example.org", name);
    visit(&b, "POST", "/register",
          arena_printf(&A, "csrf_token=%s&email=%s&username=%s&password=long+enough+pw&next=%s", t,
                       enc(email), enc(taken.username), enc("/favorites")),
          NULL, &r);
    CU_ASSERT_EQUAL(r.status, 422);
    CU_ASSERT(has(&r, "Username is already taken"));
    CU_ASSERT(has(&r, "id=\"username-error\""));
    CU_ASSERT_PTR_NULL(strstr(r.body.data, "id=\"email-error\""));
    CU_ASSERT(has(&r, arena_printf(&A, "value=\"%s\"", email)));
    http_resp_release(&r);

    visit(&b, "POST", "/register",
          arena_printf(&A, "csrf_token=%s&email=%s&username=%s&password=long+enough+pw&next=%s", t,
                       enc(email), name, enc("/favorites")),
          NULL, &r);
    CU_ASSERT_EQUAL(r.status, 303);
    CU_ASSERT_STRING_EQUAL(location(&r), "/favorites");
    CU_ASSERT_NOT_EQUAL(strlen(b.session), 0);
    http_resp_release(&r);
    /* Signed in, and the API knows them. */
    struct itest_user u = { 0 };
    snprintf(u.token, sizeof(u.token), "%s", b.session);
    itest_as(&u, AS_BEARER, "GET", "/api/auth/me", NULL, &r);
    CU_ASSERT_EQUAL(r.status, 200);
    CU_ASSERT(has(&r, name));
    http_resp_release(&r);
}

static void logout_revokes_the_session(void)
{
    struct itest_user u;
    struct browser b, old;
    struct http_resp r;
    CU_ASSERT_TRUE_FATAL(itest_new_user("wa_out", &u));
    CU_ASSERT_EQUAL(sign_in(&b, &u, u.password, "/", &r), 303);
    http_resp_release(&r);
    old = b;
    /* Without the token nothing happens. */
    visit(&b, "POST", "/logout", "csrf_token=", NULL, &r);
    CU_ASSERT_EQUAL(r.status, 403);
    http_resp_release(&r);
    visit(&b, "GET", "/favorites", NULL, NULL, &r);
    CU_ASSERT_EQUAL(r.status, 200);
    http_resp_release(&r);

    visit(&b, "POST", "/logout", arena_printf(&A, "csrf_token=%s", b.csrf), NULL, &r);
    CU_ASSERT_EQUAL(r.status, 303);
    CU_ASSERT_STRING_EQUAL(location(&r), "/");
    CU_ASSERT_STRING_EQUAL(b.session, ""); /* cleared */
    http_resp_release(&r);
    /* The old cookie no longer signs anyone in. */
    visit(&old, "GET", "/favorites", NULL, NULL, &r);
    CU_ASSERT_EQUAL(r.status, 303);
    CU_ASSERT_STRING_EQUAL(location(&r), "/login?next=%2Ffavorites");
    http_resp_release(&r);
    /* Signing out without a session goes home. */
    struct browser none = { 0 };
    visit(&none, "POST", "/logout", "csrf_token=x", NULL, &r);
    CU_ASSERT_EQUAL(r.status, 303);
    CU_ASSERT_STRING_EQUAL(location(&r), "/");
    http_resp_release(&r);
}

static void favorites_need_a_signed_in_reader(void)
{
    struct browser b = { 0 };
    struct http_resp r;
    visit(&b, "GET", "/favorites", NULL, NULL, &r);
    CU_ASSERT_EQUAL(r.status, 303);
    CU_ASSERT_STRING_EQUAL(location(&r), "/login?next=%2Ffavorites");
    http_resp_release(&r);
    const char *next = arena_printf(&A, "/events/%s", EVENTS[0]);
    visit(&b, "POST", "/favorites",
          arena_printf(&A, "event_id=%s&action=add&next=%s", EVENTS[0], enc(next)), NULL, &r);
    CU_ASSERT_EQUAL(r.status, 303);
    CU_ASSERT_STRING_EQUAL(location(&r), arena_printf(&A, "/login?next=%s", enc(next)));
    http_resp_release(&r);
}

/* The jar of a user made through the API. */
static void jar_of(const struct itest_user *u, struct browser *b)
{
    snprintf(b->session, sizeof(b->session), "%s", u->token);
    snprintf(b->csrf, sizeof(b->csrf), "%s", u->csrf);
}

static long post_favorite(struct browser *b, const char *event, const char *action,
                          const char *next, const char *extra, struct http_resp *r)
{
    visit(b, "POST", "/favorites",
          arena_printf(&A, "csrf_token=%s&event_id=%s&action=%s&next=%s", b->csrf, event, action,
                       enc(next)),
          extra, r);
    return r->status;
}

/* The event ids in u's favorites as the API lists them (first page). */
static const char *api_favorites(const struct itest_user *u)
{
    struct http_resp r;
    itest_as(u, AS_BEARER, "GET", arena_printf(&A, "/api/users/%s/favorites", u->id), NULL, &r);
    CU_ASSERT_EQUAL(r.status, 200);
    const char *s = arena_strdup(&A, r.body.data ? r.body.data : "");
    http_resp_release(&r);
    return s;
}

static void favorites_change_through_the_form(void)
{
    struct itest_user u;
    struct browser b;
    struct http_resp r;
    CU_ASSERT_TRUE_FATAL(itest_new_user("wa_fav", &u));
    jar_of(&u, &b);
    const char *back = arena_printf(&A, "/events/%s", EVENTS[0]);
    CU_ASSERT_EQUAL(post_favorite(&b, EVENTS[0], "add", back, NULL, &r), 303);
    CU_ASSERT_STRING_EQUAL(location(&r), back);
    http_resp_release(&r);
    CU_ASSERT_PTR_NOT_NULL(strstr(api_favorites(&u), EVENTS[0]));

    visit(&b, "GET", "/favorites", NULL, NULL, &r);
    CU_ASSERT_EQUAL(r.status, 200);
    CU_ASSERT_STRING_EQUAL(http_header(&A, &r, "Cache-Control"), "private, no-store");
    CU_ASSERT_STRING_EQUAL(r.x_cache, "");
    CU_ASSERT(has(&r, "1 event<"));
    CU_ASSERT(has(&r, arena_printf(&A, "name=\"event_id\" value=\"%s\"", EVENTS[0])));
    CU_ASSERT(has(&r, "name=\"action\" value=\"remove\""));
    CU_ASSERT(has(&r, "aria-pressed=\"true\""));
    http_resp_release(&r);

    /* The script's request: 204 instead of the redirect. */
    CU_ASSERT_EQUAL(
        post_favorite(&b, EVENTS[0], "remove", "/favorites", "X-Requested-With: fetch", &r), 204);
    http_resp_release(&r);
    CU_ASSERT_PTR_NULL(strstr(api_favorites(&u), EVENTS[0]));
    visit(&b, "GET", "/favorites", NULL, NULL, &r);
    CU_ASSERT(has(&r, "You have no favorites yet"));
    CU_ASSERT(has(&r, "href=\"/\""));
    http_resp_release(&r);

    /* Unknown events, bad actions, missing tokens and foreign targets. */
    char unknown[65];
    memset(unknown, '0', 64);
    unknown[64] = '\0';
    CU_ASSERT_EQUAL(post_favorite(&b, unknown, "add", "/", NULL, &r), 404);
    CU_ASSERT(has(&r, "Page not found"));
    http_resp_release(&r);
    CU_ASSERT_EQUAL(post_favorite(&b, EVENTS[0], "toggle", "/", NULL, &r), 400);
    http_resp_release(&r);
    visit(&b, "POST", "/favorites", arena_printf(&A, "event_id=%s&action=add&next=%%2F", EVENTS[0]),
          NULL, &r);
    CU_ASSERT_EQUAL(r.status, 403);
    http_resp_release(&r);
    CU_ASSERT_PTR_NULL(strstr(api_favorites(&u), EVENTS[0]));
    CU_ASSERT_EQUAL(post_favorite(&b, EVENTS[1], "add", "//evil.example", NULL, &r), 303);
    CU_ASSERT_STRING_EQUAL(location(&r), "/");
    http_resp_release(&r);
}

/* Two readers, one worker pool: each page names only its own reader and
 * favorites. */
static void nobody_sees_another_readers_favorites(void)
{
    struct itest_user a, c;
    struct browser ba, bc;
    struct http_resp r;
    CU_ASSERT_TRUE_FATAL(itest_new_user("wa_alice", &a));
    CU_ASSERT_TRUE_FATAL(itest_new_user("wa_carol", &c));
    jar_of(&a, &ba);
    jar_of(&c, &bc);
    CU_ASSERT_EQUAL(post_favorite(&ba, EVENTS[2], "add", "/", NULL, &r), 303);
    http_resp_release(&r);
    CU_ASSERT_EQUAL(post_favorite(&bc, EVENTS[3], "add", "/", NULL, &r), 303);
    http_resp_release(&r);
    for (int i = 0; i < 6; i++) { /* several workers answer */
        visit(i % 2 ? &ba : &bc, "GET", "/favorites", NULL, NULL, &r);
        const struct itest_user *me = i % 2 ? &a : &c, *other = i % 2 ? &c : &a;
        CU_ASSERT(has(&r, me->username));
        CU_ASSERT(has(&r, EVENTS[i % 2 ? 2 : 3]));
        CU_ASSERT_PTR_NULL(strstr(r.body.data, other->username));
        CU_ASSERT_PTR_NULL(strstr(r.body.data, EVENTS[i % 2 ? 3 : 2]));
        http_resp_release(&r);
    }
    /* Removing one of Carol's ids as Alice changes nothing of Carol's. */
    CU_ASSERT_EQUAL(post_favorite(&ba, EVENTS[3], "remove", "/", NULL, &r), 303);
    http_resp_release(&r);
    CU_ASSERT_PTR_NOT_NULL(strstr(api_favorites(&c), EVENTS[3]));
}

static void favorites_come_twenty_a_page(void)
{
    struct itest_user u;
    struct browser b;
    struct http_resp r;
    CU_ASSERT_TRUE_FATAL(itest_new_user("wa_many", &u));
    jar_of(&u, &b);
    for (int i = 0; i < 21; i++) {
        CU_ASSERT_EQUAL(post_favorite(&b, EVENTS[i], "add", "/", NULL, &r), 303);
        http_resp_release(&r);
    }
    visit(&b, "GET", "/favorites", NULL, NULL, &r);
    CU_ASSERT(has(&r, "21 events"));
    CU_ASSERT(has(&r, "Page 1 of 2"));
    CU_ASSERT(has(&r, "href=\"/favorites?page=2\" rel=\"next\""));
    CU_ASSERT_PTR_NULL(strstr(r.body.data, EVENTS[0])); /* the oldest is on page 2 */
    http_resp_release(&r);
    visit(&b, "GET", "/favorites?page=2", NULL, NULL, &r);
    CU_ASSERT(has(&r, "Page 2 of 2"));
    CU_ASSERT(has(&r, EVENTS[0]));
    http_resp_release(&r);
    /* A page emptied by removals sends the reader to the last one left. */
    CU_ASSERT_EQUAL(post_favorite(&b, EVENTS[0], "remove", "/favorites?page=2", NULL, &r), 303);
    CU_ASSERT_STRING_EQUAL(location(&r), "/favorites?page=2");
    http_resp_release(&r);
    visit(&b, "GET", "/favorites?page=2", NULL, NULL, &r);
    CU_ASSERT_EQUAL(r.status, 303);
    CU_ASSERT_STRING_EQUAL(location(&r), "/favorites");
    http_resp_release(&r);
    visit(&b, "GET", "/favorites?page=x", NULL, NULL, &r);
    CU_ASSERT_EQUAL(r.status, 404);
    http_resp_release(&r);
}

/* The page shares the API's limits: after 5 failures the form says how
 * long to wait, with Retry-After, even for the right password. */
static void failed_sign_ins_are_limited_on_the_page_too(void)
{
    struct itest_user u;
    struct browser b;
    struct http_resp r;
    itest_reset_login_limits();
    CU_ASSERT_TRUE_FATAL(itest_new_user("wa_limit", &u));
    for (int i = 0; i < 5; i++) {
        CU_ASSERT_EQUAL(sign_in(&b, &u, "wrong password", "/", &r), 422);
        http_resp_release(&r);
    }
    CU_ASSERT_EQUAL(sign_in(&b, &u, u.password, "/", &r), 429);
    CU_ASSERT(has(&r, "Too many failed sign-ins. Try again in 15 minutes."));
    CU_ASSERT_PTR_NOT_NULL(http_header(&A, &r, "Retry-After"));
    CU_ASSERT_STRING_EQUAL(b.session, "");
    http_resp_release(&r);
    itest_reset_login_limits();
}

static int setup(void)
{
    long st;
    arena_init(&A, 0);
    itest_reset_login_limits();
    struct json_object *items = json_path(http_get_json(&A, "/api/events?limit=21", &st), "items");
    if (st != 200 || json_arr_len(items) < 21)
        return -1;
    for (size_t i = 0; i < 21; i++)
        snprintf(EVENTS[i], sizeof(EVENTS[i]), "%s", json_path_str(json_arr_get(items, i), "id"));
    return 0;
}

static int teardown(void)
{
    itest_reset_login_limits();
    arena_release(&A);
    return 0;
}

int suite_web_account(void)
{
    static const struct itest_case cases[] = {
        { "the login form carries the CSRF token", login_form_carries_the_csrf_token },
        { "posts without the token are 403", posts_without_the_token_are_403 },
        { "wrong passwords keep the login, not the password",
          wrong_passwords_keep_the_login_not_the_password },
        { "sign-in lands where the reader was", sign_in_lands_where_the_reader_was },
        { "foreign return targets land on home", foreign_return_targets_land_on_home },
        { "registration errors sit next to their fields",
          registration_errors_sit_next_to_their_fields },
        { "logout revokes the session", logout_revokes_the_session },
        { "favorites need a signed-in reader", favorites_need_a_signed_in_reader },
        { "favorites change through the form", favorites_change_through_the_form },
        { "nobody sees another reader's favorites", nobody_sees_another_readers_favorites },
        { "favorites come twenty a page", favorites_come_twenty_a_page },
        { "failed sign-ins are limited on the page too",
          failed_sign_ins_are_limited_on_the_page_too },
        { NULL, NULL },
    };
    return itest_register("web/account", cases, setup, teardown);
}
