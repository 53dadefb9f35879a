#include "config.h"
#include "core/common.h"
#include "infra/uuid5.h"
#include "infra/qdrant.h"
#include "tests/unit/suites.h"
#include "tests/unit/testutil.h"

/* Point ids already stored in Qdrant: recorded from the hand-written SHA-1
 * this module replaced (and equal to Python's uuid.uuid5(NAMESPACE_URL, id)).
 * A change here orphans every stored point. */
static void point_ids_are_unchanged(void)
{
    static const struct {
        const char *event_id, *point_id;
    } known[] = {
        { "", "1b4db7eb-4057-5ddf-91e0-36dec72071f5" },
        { "a", "e1407479-3136-56c0-9908-bb02fb0339e2" },
        { "G5vYZ98KcFtaq", "15b5e164-b63b-5583-a547-cf55b937334c" },
        { "vvG1zZ9JfPFd7X", "fb535d9c-9449-552b-96ee-080b712a3a94" },
        { "Z7r9jZ1AdJ8vP", "a939add3-6008-5ea0-a38d-0fcdb1328945" },
        { "\xc3\xa9v\xc3\xa9nement-42", "e617af58-c393-59fc-ba94-a2c1521ceac4" },
        { "aaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaa",
          "37a282a8-9bf9-58e8-af1a-344d9b593c37" },
        { "0123456789abcdef0123456789abcdef0123456789abcdef0123456789abcdef0123456789abcdef"
          "0123456789abcdef0123456789abcdef0123456789abcdef0123456789abcdef",
          "83ca86a3-dea5-5382-97de-c7fa8b3550e5" },
    };
    char id[UUID_STR_LEN];
    for (size_t i = 0; i < MQ_ARRAY_LEN(known); i++) {
        memset(id, 'x', sizeof(id));
        qdrant_point_id(known[i].event_id, id);
        CU_ASSERT_STRING_EQUAL(id, known[i].point_id);
    }
}

/* The namespace is an argument, not baked in: RFC 4122 NAMESPACE_DNS. */
static void uuid5_uses_the_namespace_given(void)
{
    static const unsigned char ns_dns[16] = { 0x6b, 0xa7, 0xb8, 0x10, 0x9d, 0xad, 0x11, 0xd1,
                                              0x80, 0xb4, 0x00, 0xc0, 0x4f, 0xd4, 0x30, 0xc8 };
    char id[UUID_STR_LEN];
    uuid5(ns_dns, "python.org", 10, id);
    CU_ASSERT_STRING_EQUAL(id, "886313e1-3b8a-5372-9b90-0c9aee199e5d");
    /* only the first n bytes of name count */
    uuid5(ns_dns, "python.org.uk", 10, id);
    CU_ASSERT_STRING_EQUAL(id, "886313e1-3b8a-5372-9b90-0c9aee199e5d");
}

int suite_uuid5(void)
{
    static const struct test_case cases[] = {
        { "point ids are unchanged from the hand-written sha1", point_ids_are_unchanged },
        { "uuid5 uses the namespace given", uuid5_uses_the_namespace_given },
        { NULL, NULL },
    };
    return test_register("infra/uuid5", cases);
}
