/*
 * pay.c - picks the payment provider PAYMENT_PROVIDER names.
 */
#include "config.h"
#include "core/common.h"
#include "app/market/pay.h"
#include "core/conf.h"

const struct pay_provider *pay_provider_for(const struct config *cfg)
{
    /* config_load accepts only "test" and "stripe"; test is the default */
    if (cfg->payment_provider && strcmp(cfg->payment_provider, pay_stripe.name) == 0)
        return &pay_stripe;
    return &pay_test;
}
