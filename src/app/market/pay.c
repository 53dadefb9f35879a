#include "config.h"
#include "core/common.h"
#include "app/market/pay.h"
#include "core/conf.h"

const struct pay_provider *pay_provider_for(const struct config *cfg)
{
    (void)cfg; /* XXX: stripe arrives with pay_stripe.c */
    return &pay_test;
}
