#include "config.h"
#include "core/common.h"
#include "tests/unit/testutil.h"
#include "tests/testskip.h"

#include <sys/stat.h>

int test_register(const char *suite, const struct test_case *cases)
{
    CU_pSuite s = CU_add_suite(suite, NULL, NULL);
    if (!s)
        return -1;
    for (; cases->name; cases++) {
        if (!CU_add_test(s, cases->name, cases->fn))
            return -1;
    }
    return 0;
}

const char *test_fixtures_dir(const char *who)
{
    const char *dir = getenv("MQ_FIXTURES");
    struct stat st;
    if (dir && stat(dir, &st) == 0 && S_ISDIR(st.st_mode))
        return dir;
    char why[256];
    snprintf(why, sizeof(why), "%s needs tests/fixtures (MQ_FIXTURES=%s)", who, dir ? dir : "");
    test_skip(why);
    return NULL;
}

char *test_read_file(const char *path, size_t *len)
{
    FILE *f = fopen(path, "rb");
    if (!f)
        return NULL;
    size_t cap = 65536, n = 0;
    char *data = malloc(cap);
    for (size_t r; data && (r = fread(data + n, 1, cap - n - 1, f)) > 0;) {
        n += r;
        if (cap - n - 1 == 0) {
            char *p = realloc(data, cap * 2);
            if (!p) {
                free(data);
                data = NULL;
                break;
            }
            data = p;
            cap *= 2;
        }
    }
    fclose(f);
    if (data) {
        data[n] = '\0';
        if (len)
            *len = n;
    }
    return data;
}
