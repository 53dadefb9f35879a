/*
 * The payment providers: `test` (pure) and `stripe` against the fake
 * Stripe of tests/fakeupstream (in this process, on a loopback port),
 * which serves the shapes of tests/fixtures/stripe ($MQ_STRIPE_FIXTURES).
 */
#include "config.h"
#include "core/common.h"
#include "app/market/pay.h"
#include "core/arena.h"
#include "core/conf.h"
#include "core/timeutil.h"
#include "infra/http.h"
#include "tests/fakeupstream/fake_stripe.h"
#include "tests/unit/suites.h"
#include "tests/unit/testutil.h"

#include <fcntl.h>
#include <time.h>
#include <unistd.h>

#define KEY        "sk_test_51FakeSecretKeyForTests0000000000001234"
#define PAYMENT_ID "a8e0f1d2-5b44-4f8e-8a43-2d8d7a1e3c55"
#define ORDER_ID   "6f1c2f8e-2b7a-4c43-9d5e-0c1c6b0d9a11"

struct fx {
    struct fake_stripe *fake;
    struct config cfg;
    struct http_client http;
    struct arena arena;
    struct pay_ctx ctx;
    struct pay_charge charge;
};

/* Starts a fake Stripe and points a stripe provider context at it. */
static bool setup(struct fx *f, int timeout_ms, int slow_ms)
{
    const char *dir = getenv("MQ_STRIPE_FIXTURES");

    memset(f, 0, sizeof(*f));
    CU_ASSERT_PTR_NOT_NULL_FATAL(dir); /* a missing fixture is a failure, not a skip */
    struct fake_stripe_opts o = { .key = KEY, .fixtures = dir, .slow_ms = slow_ms };
    f->fake = fake_stripe_start(&o);
    CU_ASSERT_PTR_NOT_NULL_FATAL(f->fake);
    f->cfg.payment_provider = "stripe";
    f->cfg.stripe_secret_key = KEY;
    f->cfg.stripe_url = fake_stripe_url(f->fake);
    f->cfg.stripe_timeout_ms = timeout_ms;
    http_client_init(&f->http);
    arena_init(&f->arena, 0);
    f->ctx = (struct pay_ctx){ .cfg = &f->cfg, .http = &f->http, .arena = &f->arena };
    f->charge = (struct pay_charge){ .payment_id = PAYMENT_ID,
                                     .order_id = ORDER_ID,
                                     .amount_cents = 4500,
                                     .currency = "EUR",
                                     .method = "pm_card_visa" };
    return true;
}

static void teardown(struct fx *f)
{
    http_client_release(&f->http);
    arena_release(&f->arena);
    fake_stripe_stop(f->fake);
}

static struct fake_stripe_stats stats(struct fx *f, const char *key)
{
    return fake_stripe_stats(f->fake, key);
}

/* ---- capturing the log (stderr) ---- */

struct capture {
    int saved, fd;
    char path[64];
};

static void capture_start(struct capture *c)
{
    snprintf(c->path, sizeof(c->path), "/tmp/mq-test-pay-XXXXXX");
    c->fd = mkstemp(c->path);
    CU_ASSERT_FATAL(c->fd >= 0);
    fflush(stderr);
    c->saved = dup(STDERR_FILENO);
    dup2(c->fd, STDERR_FILENO);
}

/* The captured text (malloc'd). */
static char *capture_end(struct capture *c)
{
    fflush(stderr);
    dup2(c->saved, STDERR_FILENO);
    close(c->saved);
    close(c->fd);
    char *text = test_read_file(c->path, NULL);
    unlink(c->path);
    return text ? text : strdup("");
}

static int count_lines(const char *text, const char *needle)
{
    int n = 0;
    for (const char *p = text; (p = strstr(p, needle)); p++)
        n++;
    return n;
}

/* ---- the choice of provider and the test provider ---- */

static void the_setting_picks_the_provider(void)
{
    struct config cfg = { 0 };
    cfg.payment_provider = "test";
    CU_ASSERT_PTR_EQUAL(pay_provider_for(&cfg), &pay_test);
    cfg.payment_provider = "stripe";
    CU_ASSERT_PTR_EQUAL(pay_provider_for(&cfg), &pay_stripe);
    CU_ASSERT_STRING_EQUAL(pay_test.name, "test");
    CU_ASSERT_STRING_EQUAL(pay_stripe.name, "stripe");
}

static void the_test_provider_follows_the_payment_method(void)
{
    struct arena a;
    struct pay_ctx ctx = { .arena = &a };
    struct pay_charge c = { .payment_id = PAYMENT_ID,
                            .order_id = ORDER_ID,
                            .amount_cents = 4500,
                            .currency = "EUR",
                            .method = "pm_card_visa" };
    struct pay_answer out;

    arena_init(&a, 0);
    for (int i = 0; i < 2; i++) { /* asking again answers the same */
        CU_ASSERT_EQUAL(pay_test.charge(&ctx, &c, &out), ST_OK);
        CU_ASSERT_EQUAL(out.outcome, PAY_SUCCEEDED);
        CU_ASSERT_STRING_EQUAL(out.ref, "test_" PAYMENT_ID);
    }
    CU_ASSERT_EQUAL(pay_test.lookup(&ctx, &c, NULL, &out), ST_OK);
    CU_ASSERT_EQUAL(out.outcome, PAY_SUCCEEDED);
    CU_ASSERT_STRING_EQUAL(out.ref, "test_" PAYMENT_ID);
    CU_ASSERT_EQUAL(pay_test.refund(&ctx, &c, "test_" PAYMENT_ID, &out), ST_OK);
    CU_ASSERT_EQUAL(out.outcome, PAY_SUCCEEDED);
    c.method = "pm_card_chargeDeclined";
    CU_ASSERT_EQUAL(pay_test.charge(&ctx, &c, &out), ST_OK);
    CU_ASSERT_EQUAL(out.outcome, PAY_DECLINED);
    CU_ASSERT_PTR_NULL(out.ref);
    CU_ASSERT_STRING_EQUAL(out.message, "your card was declined");
    CU_ASSERT_EQUAL(pay_test.lookup(&ctx, &c, NULL, &out), ST_OK);
    CU_ASSERT_EQUAL(out.outcome, PAY_DECLINED);
    const char *others[] = { "pm_card_mastercard", "", "PM_CARD_VISA", NULL };
    for (size_t i = 0; i < MQ_ARRAY_LEN(others); i++) {
        c.method = others[i];
        CU_ASSERT_EQUAL(pay_test.charge(&ctx, &c, &out), ST_OK);
        CU_ASSERT_EQUAL(out.outcome, PAY_INVALID);
    }
    arena_release(&a);
}

/* ---- stripe: the request ---- */

static void a_charge_sends_the_documented_request(void)
{
    struct fx f;
    struct pay_answer out;

    setup(&f, 3000, 0);
    CU_ASSERT_EQUAL(pay_stripe.charge(&f.ctx, &f.charge, &out), ST_OK);
    CU_ASSERT_EQUAL(out.outcome, PAY_SUCCEEDED);
    CU_ASSERT_PTR_NOT_NULL_FATAL(out.ref);
    CU_ASSERT_TRUE(strncmp(out.ref, "pi_", 3) == 0);
    CU_ASSERT_PTR_NULL(out.message);
    char *req = fake_stripe_last_request(f.fake);
    CU_ASSERT_PTR_NOT_NULL_FATAL(req);
    CU_ASSERT_TRUE(strncmp(req, "POST /v1/payment_intents HTTP/1.1\r\n", 35) == 0);
    CU_ASSERT_PTR_NOT_NULL(strstr(req, "\r\nAuthorization: Bearer " KEY "\r\n"));
    CU_ASSERT_PTR_NOT_NULL(strstr(req, "\r\nStripe-Version: 20"));
    CU_ASSERT_PTR_NOT_NULL(strstr(req, "\r\nIdempotency-Key: " PAYMENT_ID "\r\n"));
    CU_ASSERT_PTR_NOT_NULL(strstr(req, "\r\nContent-Type: application/x-www-form-urlencoded\r\n"));
    CU_ASSERT_PTR_NOT_NULL(
        strstr(req, "\r\n\r\namount=4500&currency=eur&payment_method=pm_card_visa"
                    "&confirm=true&automatic_payment_methods%5Benabled%5D=true"
                    "&automatic_payment_methods%5Ballow_redirects%5D=never"
                    "&metadata%5Border_id%5D=" ORDER_ID "&metadata%5Bpayment_id%5D=" PAYMENT_ID));
    free(req);
    CU_ASSERT_EQUAL(stats(&f, PAYMENT_ID).charges, 1);
    teardown(&f);
}

static void the_same_payment_id_never_charges_twice(void)
{
    struct fx f;
    struct pay_answer first, again;

    setup(&f, 3000, 0);
    CU_ASSERT_EQUAL(pay_stripe.charge(&f.ctx, &f.charge, &first), ST_OK);
    CU_ASSERT_EQUAL(pay_stripe.charge(&f.ctx, &f.charge, &again), ST_OK);
    CU_ASSERT_EQUAL(first.outcome, PAY_SUCCEEDED);
    CU_ASSERT_EQUAL(again.outcome, PAY_SUCCEEDED);
    CU_ASSERT_STRING_EQUAL(first.ref, again.ref);
    CU_ASSERT_EQUAL(stats(&f, PAYMENT_ID).requests, 2);
    CU_ASSERT_EQUAL(stats(&f, PAYMENT_ID).charges, 1);
    /* the same key with other parameters is refused, and charges nothing */
    f.charge.amount_cents = 9900;
    CU_ASSERT_EQUAL(pay_stripe.charge(&f.ctx, &f.charge, &again), ST_OK);
    CU_ASSERT_EQUAL(again.outcome, PAY_FAILED);
    CU_ASSERT_EQUAL(stats(&f, NULL).charges, 1);
    teardown(&f);
}

/* ---- stripe: the answers ---- */

static void a_decline_is_buyer_safe(void)
{
    struct fx f;
    struct pay_answer out;

    setup(&f, 3000, 0);
    f.charge.method = "pm_card_chargeDeclined";
    CU_ASSERT_EQUAL(pay_stripe.charge(&f.ctx, &f.charge, &out), ST_OK);
    CU_ASSERT_EQUAL(out.outcome, PAY_DECLINED);
    CU_ASSERT_PTR_NOT_NULL_FATAL(out.message);
    CU_ASSERT_STRING_EQUAL(out.message, "your card was declined");
    CU_ASSERT_PTR_NOT_NULL_FATAL(out.ref); /* error.payment_intent.id */
    CU_ASSERT_TRUE(strncmp(out.ref, "pi_", 3) == 0);
    f.charge.payment_id = "b0000000-0000-4000-8000-000000000002";
    f.charge.method = "pm_card_chargeDeclinedInsufficientFunds";
    CU_ASSERT_EQUAL(pay_stripe.charge(&f.ctx, &f.charge, &out), ST_OK);
    CU_ASSERT_EQUAL(out.outcome, PAY_DECLINED);
    CU_ASSERT_STRING_EQUAL(out.message, "your card has insufficient funds");
    /* 3-D Secure cannot be completed here: not paid, the buyer may try another card */
    f.charge.payment_id = "b0000000-0000-4000-8000-000000000003";
    f.charge.method = "pm_card_authenticationRequired";
    CU_ASSERT_EQUAL(pay_stripe.charge(&f.ctx, &f.charge, &out), ST_OK);
    CU_ASSERT_EQUAL(out.outcome, PAY_DECLINED);
    CU_ASSERT_PTR_NOT_NULL(out.message);
    CU_ASSERT_EQUAL(stats(&f, NULL).charges, 0);
    teardown(&f);
}

static void an_unknown_payment_method_is_invalid(void)
{
    struct fx f;
    struct pay_answer out;

    setup(&f, 3000, 0);
    f.charge.method = "pm_bogus&amount=1";
    CU_ASSERT_EQUAL(pay_stripe.charge(&f.ctx, &f.charge, &out), ST_OK);
    CU_ASSERT_EQUAL(out.outcome, PAY_INVALID);
    char *req = fake_stripe_last_request(f.fake);
    CU_ASSERT_PTR_NOT_NULL(strstr(req, "payment_method=pm_bogus%26amount%3D1&"));
    free(req);
    f.charge.method = "";
    CU_ASSERT_EQUAL(pay_stripe.charge(&f.ctx, &f.charge, &out), ST_OK);
    CU_ASSERT_EQUAL(out.outcome, PAY_INVALID);
    CU_ASSERT_EQUAL(stats(&f, NULL).requests, 1); /* not sent */
    teardown(&f);
}

static void a_wrong_key_fails_and_is_never_shown(void)
{
    struct fx f;
    struct pay_answer out;
    struct capture cap;

    setup(&f, 3000, 0);
    f.cfg.stripe_secret_key = "sk_test_51WrongKeyWrongKeyWrongKey00000000009876";
    capture_start(&cap);
    CU_ASSERT_EQUAL(pay_stripe.charge(&f.ctx, &f.charge, &out), ST_OK);
    char *log = capture_end(&cap);
    CU_ASSERT_EQUAL(out.outcome, PAY_FAILED);
    CU_ASSERT_TRUE(!out.message || !strstr(out.message, "sk_"));
    CU_ASSERT_PTR_NULL(strstr(log, "sk_"));
    CU_ASSERT_PTR_NULL(strstr(log, "WrongKey")); /* no part of it (not digits: a pid could match) */
    CU_ASSERT_PTR_NOT_NULL(strstr(log, "http=401"));
    CU_ASSERT_EQUAL(stats(&f, PAYMENT_ID).requests, 1); /* a 401 is not retried */
    free(log);
    teardown(&f);
}

/* ---- stripe: retries ---- */

static void a_5xx_then_success_is_retried_with_the_same_key(void)
{
    struct fx f;
    struct pay_answer out;

    setup(&f, 3000, 0);
    CU_ASSERT_EQUAL(fake_stripe_faults(f.fake, "500"), 0);
    CU_ASSERT_EQUAL(pay_stripe.charge(&f.ctx, &f.charge, &out), ST_OK);
    CU_ASSERT_EQUAL(out.outcome, PAY_SUCCEEDED);
    CU_ASSERT_EQUAL(stats(&f, PAYMENT_ID).requests, 2); /* both under our payment id */
    CU_ASSERT_EQUAL(stats(&f, NULL).requests, 2);
    CU_ASSERT_EQUAL(stats(&f, PAYMENT_ID).charges, 1);
    teardown(&f);
}

static void a_429_and_a_409_are_retried(void)
{
    struct fx f;
    struct pay_answer out;

    setup(&f, 3000, 0);
    CU_ASSERT_EQUAL(fake_stripe_faults(f.fake, "429,409"), 0);
    CU_ASSERT_EQUAL(pay_stripe.charge(&f.ctx, &f.charge, &out), ST_OK);
    CU_ASSERT_EQUAL(out.outcome, PAY_SUCCEEDED);
    CU_ASSERT_EQUAL(stats(&f, PAYMENT_ID).requests, 3);
    CU_ASSERT_EQUAL(stats(&f, PAYMENT_ID).charges, 1);
    teardown(&f);
}

static void a_dropped_connection_is_retried_without_a_second_charge(void)
{
    struct fx f;
    struct pay_answer out;

    setup(&f, 3000, 0);
    CU_ASSERT_EQUAL(fake_stripe_faults(f.fake, "drop"), 0); /* before Stripe ran it */
    CU_ASSERT_EQUAL(pay_stripe.charge(&f.ctx, &f.charge, &out), ST_OK);
    CU_ASSERT_EQUAL(out.outcome, PAY_SUCCEEDED);
    CU_ASSERT_EQUAL(stats(&f, PAYMENT_ID).charges, 1);
    f.charge.payment_id = "b0000000-0000-4000-8000-000000000004";
    CU_ASSERT_EQUAL(fake_stripe_faults(f.fake, "drop_after"), 0); /* charged, answer lost */
    CU_ASSERT_EQUAL(pay_stripe.charge(&f.ctx, &f.charge, &out), ST_OK);
    CU_ASSERT_EQUAL(out.outcome, PAY_SUCCEEDED);
    CU_ASSERT_EQUAL(stats(&f, f.charge.payment_id).requests, 2);
    CU_ASSERT_EQUAL(stats(&f, f.charge.payment_id).charges, 1);
    CU_ASSERT_EQUAL(stats(&f, NULL).charges, 2);
    teardown(&f);
}

static void still_5xx_after_the_tries_is_unknown_and_bounded(void)
{
    struct fx f;
    struct pay_answer out;

    setup(&f, 2000, 0);
    CU_ASSERT_EQUAL(fake_stripe_faults(f.fake, "500,500,500,500"), 0);
    int64_t t0 = time_mono_us();
    CU_ASSERT_EQUAL(pay_stripe.charge(&f.ctx, &f.charge, &out), ST_OK);
    CU_ASSERT_TRUE(time_mono_us() - t0 < 2000 * 1000);
    CU_ASSERT_EQUAL(out.outcome, PAY_UNKNOWN);
    CU_ASSERT_PTR_NULL(out.ref);
    CU_ASSERT_EQUAL(stats(&f, PAYMENT_ID).requests, 3); /* bounded */
    CU_ASSERT_EQUAL(stats(&f, PAYMENT_ID).charges, 0);
    CU_ASSERT_EQUAL(stats(&f, NULL).faults_left, 1);
    /* the lookup re-sends the create under the same key */
    CU_ASSERT_EQUAL(fake_stripe_faults(f.fake, ""), 0);
    CU_ASSERT_EQUAL(pay_stripe.lookup(&f.ctx, &f.charge, NULL, &out), ST_OK); /* 4th 500 */
    CU_ASSERT_EQUAL(out.outcome, PAY_SUCCEEDED);
    CU_ASSERT_EQUAL(stats(&f, PAYMENT_ID).charges, 1);
    /* a 500 Stripe saved for the key is replayed: it stays unknown */
    f.charge.payment_id = "b0000000-0000-4000-8000-000000000005";
    CU_ASSERT_EQUAL(fake_stripe_faults(f.fake, "500_saved"), 0);
    CU_ASSERT_EQUAL(pay_stripe.charge(&f.ctx, &f.charge, &out), ST_OK);
    CU_ASSERT_EQUAL(out.outcome, PAY_UNKNOWN);
    CU_ASSERT_EQUAL(stats(&f, f.charge.payment_id).requests, 3);
    CU_ASSERT_EQUAL(stats(&f, f.charge.payment_id).charges, 0);
    teardown(&f);
}

/* Waits (bounded) until the fake has made n charges. */
static bool wait_for_charges(struct fx *f, int64_t n)
{
    for (int i = 0; i < 500; i++) {
        if (stats(f, NULL).charges >= n)
            return true;
        struct timespec ts = { 0, 10 * 1000000L };
        nanosleep(&ts, NULL);
    }
    return false;
}

static void a_timeout_is_unknown_and_a_lookup_finds_the_charge(void)
{
    struct fx f;
    struct pay_answer out;

    setup(&f, 300, 700); /* Stripe answers after 700 ms, we wait 300 ms in all */
    CU_ASSERT_EQUAL(fake_stripe_faults(f.fake, "slow"), 0);
    int64_t t0 = time_mono_us();
    CU_ASSERT_EQUAL(pay_stripe.charge(&f.ctx, &f.charge, &out), ST_OK);
    CU_ASSERT_TRUE(time_mono_us() - t0 < 600 * 1000);
    CU_ASSERT_EQUAL(out.outcome, PAY_UNKNOWN);
    CU_ASSERT_PTR_NULL(out.ref);
    /* Stripe went on and charged; the lookup, with the same key, finds it */
    CU_ASSERT_TRUE_FATAL(wait_for_charges(&f, 1));
    f.cfg.stripe_timeout_ms = 3000;
    CU_ASSERT_EQUAL(pay_stripe.lookup(&f.ctx, &f.charge, NULL, &out), ST_OK);
    CU_ASSERT_EQUAL(out.outcome, PAY_SUCCEEDED);
    CU_ASSERT_PTR_NOT_NULL_FATAL(out.ref);
    const char *ref = out.ref;
    CU_ASSERT_EQUAL(pay_stripe.lookup(&f.ctx, &f.charge, ref, &out), ST_OK); /* GET */
    CU_ASSERT_EQUAL(out.outcome, PAY_SUCCEEDED);
    CU_ASSERT_STRING_EQUAL(out.ref, ref);
    char *req = fake_stripe_last_request(f.fake);
    CU_ASSERT_TRUE(strncmp(req, "GET /v1/payment_intents/pi_", 27) == 0);
    free(req);
    CU_ASSERT_EQUAL(stats(&f, PAYMENT_ID).charges, 1); /* exactly one, after all that */
    CU_ASSERT_EQUAL(stats(&f, NULL).charges, 1);
    CU_ASSERT_EQUAL(pay_stripe.lookup(&f.ctx, &f.charge, "pi_NoSuchIntent", &out), ST_OK);
    CU_ASSERT_EQUAL(out.outcome, PAY_FAILED);
    teardown(&f);
}

/* ---- stripe: refunds ---- */

static void a_refund_is_keyed_and_idempotent(void)
{
    struct fx f;
    struct pay_answer out, first;

    setup(&f, 3000, 0);
    CU_ASSERT_EQUAL(pay_stripe.charge(&f.ctx, &f.charge, &out), ST_OK);
    CU_ASSERT_EQUAL_FATAL(out.outcome, PAY_SUCCEEDED);
    const char *ref = out.ref;
    CU_ASSERT_EQUAL(fake_stripe_faults(f.fake, "500"), 0);
    CU_ASSERT_EQUAL(pay_stripe.refund(&f.ctx, &f.charge, ref, &first), ST_OK);
    CU_ASSERT_EQUAL(first.outcome, PAY_SUCCEEDED);
    CU_ASSERT_TRUE(first.ref && strncmp(first.ref, "re_", 3) == 0);
    char *req = fake_stripe_last_request(f.fake);
    CU_ASSERT_TRUE(strncmp(req, "POST /v1/refunds HTTP/1.1\r\n", 27) == 0);
    CU_ASSERT_PTR_NOT_NULL(strstr(req, "\r\nIdempotency-Key: refund-" PAYMENT_ID "\r\n"));
    CU_ASSERT_PTR_NOT_NULL(strstr(req, "\r\n\r\npayment_intent="));
    free(req);
    CU_ASSERT_EQUAL(pay_stripe.refund(&f.ctx, &f.charge, ref, &out), ST_OK);
    CU_ASSERT_EQUAL(out.outcome, PAY_SUCCEEDED);
    CU_ASSERT_STRING_EQUAL(out.ref, first.ref);
    CU_ASSERT_EQUAL(stats(&f, "refund-" PAYMENT_ID).refunds, 1);
    CU_ASSERT_EQUAL(stats(&f, NULL).refunds, 1);
    teardown(&f);
}

/* ---- stripe: the log ---- */

static void one_log_line_per_call_and_never_the_key(void)
{
    struct fx f;
    struct pay_answer out;
    struct capture cap;

    setup(&f, 3000, 0);
    capture_start(&cap);
    pay_stripe.charge(&f.ctx, &f.charge, &out);
    fake_stripe_faults(f.fake, "500,500,500");
    f.charge.payment_id = "b0000000-0000-4000-8000-000000000006";
    pay_stripe.charge(&f.ctx, &f.charge, &out);
    f.charge.method = "pm_card_chargeDeclined";
    f.charge.payment_id = "b0000000-0000-4000-8000-000000000007";
    pay_stripe.charge(&f.ctx, &f.charge, &out);
    char *log = capture_end(&cap);
    CU_ASSERT_EQUAL(count_lines(log, "event=payment_provider provider=stripe op=charge"), 3);
    CU_ASSERT_PTR_NOT_NULL(strstr(log, "payment_id=" PAYMENT_ID " http=200 tries=1 ms="));
    CU_ASSERT_PTR_NOT_NULL(strstr(log, "outcome=succeeded"));
    CU_ASSERT_PTR_NOT_NULL(strstr(log, "http=500 tries=3"));
    CU_ASSERT_PTR_NOT_NULL(strstr(log, "outcome=unknown"));
    CU_ASSERT_PTR_NOT_NULL(strstr(log, "http=402 tries=1"));
    CU_ASSERT_PTR_NOT_NULL(strstr(log, "outcome=declined"));
    CU_ASSERT_PTR_NULL(strstr(log, KEY));
    CU_ASSERT_PTR_NULL(strstr(log, "sk_test"));
    CU_ASSERT_PTR_NULL(strstr(log, "Bearer"));
    free(log);
    teardown(&f);
}

int suite_pay(void)
{
    static const struct test_case cases[] = {
        { "the setting picks the provider", the_setting_picks_the_provider },
        { "the test provider follows the payment method",
          the_test_provider_follows_the_payment_method },
        { "a charge sends the documented request", a_charge_sends_the_documented_request },
        { "the same payment id never charges twice", the_same_payment_id_never_charges_twice },
        { "a decline is buyer-safe", a_decline_is_buyer_safe },
        { "an unknown payment method is invalid", an_unknown_payment_method_is_invalid },
        { "a wrong key fails and is never shown", a_wrong_key_fails_and_is_never_shown },
        { "a 5xx then success is retried with the same key",
          a_5xx_then_success_is_retried_with_the_same_key },
        { "a 429 and a 409 are retried", a_429_and_a_409_are_retried },
        { "a dropped connection is retried without a second charge",
          a_dropped_connection_is_retried_without_a_second_charge },
        { "still 5xx after the tries is unknown and bounded",
          still_5xx_after_the_tries_is_unknown_and_bounded },
        { "a timeout is unknown and a lookup finds the charge",
          a_timeout_is_unknown_and_a_lookup_finds_the_charge },
        { "a refund is keyed and idempotent", a_refund_is_keyed_and_idempotent },
        { "one log line per call and never the key", one_log_line_per_call_and_never_the_key },
        { NULL, NULL },
    };
    return test_register("app/pay", cases);
}
