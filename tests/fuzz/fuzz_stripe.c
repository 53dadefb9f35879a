/*
 * fuzz_stripe: Stripe answers through the readers of
 * app/market/pay_stripe.c, under an HTTP status chosen by the first byte:
 * a PaymentIntent or error for a charge or lookup, a Refund or error for a
 * refund. Only a 200 can say paid.
 */
#include "config.h"
#include "core/common.h"
#include "tests/fuzz/fuzz.h"
#include "app/market/pay.h"
#include "infra/json.h"

int LLVMFuzzerInitialize(int *argc, char ***argv)
{
    MQ_UNUSED(argc);
    MQ_UNUSED(argv);
    fuzz_setup();
    return 0;
}

/* Paid (or refunded) only on a 200, or for a refund Stripe's 400
 * charge_already_refunded. */
static void check(const char *what, long http, long also, const struct pay_answer *out)
{
    if (out->outcome == PAY_SUCCEEDED && http != 200 && http != also)
        fuzz_fail("%s succeeded under status %ld", what, http);
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
    static const long statuses[] = { 200, 400, 401, 402, 404, 409, 429, 500, 503 };
    struct arena a;
    struct pay_answer out;
    char err[128];

    if (size == 0)
        return 0;
    long http = statuses[data[0] % MQ_ARRAY_LEN(statuses)];
    arena_init(&a, 0);
    const char *body = arena_strndup(&a, (const char *)data + 1, size - 1);
    struct json_object *o = json_parse(&a, body, size - 1, err, sizeof(err));
    memset(&out, 0, sizeof(out));
    pay_stripe_charge_answer(&a, ST_OK, http, o, &out);
    check("a charge", http, 200, &out);
    memset(&out, 0, sizeof(out));
    pay_stripe_refund_answer(&a, ST_OK, http, o, &out);
    check("a refund", http, 400, &out);
    arena_release(&a);
    return 0;
}
