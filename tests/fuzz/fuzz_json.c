/*
 * fuzz_json: bytes through json_parse (upstream answers) and
 * json_parse_strict (what clients send), then the lookups mapping code
 * uses (infra/json.c). Whatever the strict reader accepts, the lenient one
 * accepts too, and what json-c writes back is JSON again.
 */
#include "config.h"
#include "core/common.h"
#include "tests/fuzz/fuzz.h"
#include "infra/json.h"

int LLVMFuzzerInitialize(int *argc, char ***argv)
{
    MQ_UNUSED(argc);
    MQ_UNUSED(argv);
    fuzz_setup();
    return 0;
}

static void lookups(struct json_object *o)
{
    double d;
    int64_t i;
    size_t len;
    json_path_str(o, "a.b");
    json_path_num(o, "a", &d);
    json_path_bool(o, "a.b.c", false);
    json_int64(o, &i);
    json_strn(o, &len);
    for (size_t k = 0; k < json_arr_len(o) && k < 8; k++)
        json_is_string(json_arr_get(o, k));
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
    struct arena a;
    char err[128];
    const char *text = (const char *)data;
    size_t len;

    arena_init(&a, 0);
    struct json_object *lenient = json_parse(&a, text, size, err, sizeof(err));
    struct json_object *strict = json_parse_strict(&a, text, size, err, sizeof(err));
    if (strict && !lenient)
        fuzz_fail("strict accepts what the lenient reader refuses");
    if (lenient) {
        lookups(lenient);
        const char *back = json_text(lenient, &len);
        if (!json_parse(&a, back, len, err, sizeof(err)))
            fuzz_fail("json-c's own text does not parse (%s): %.200s", err, back);
    }
    arena_release(&a);
    return 0;
}
