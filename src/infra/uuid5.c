#include "config.h"
#include "core/common.h"
#include "infra/uuid5.h"

#include <uuid/uuid.h>

void uuid5(const unsigned char ns[16], const char *name, size_t n, char out[UUID_STR_LEN])
{
    uuid_t u;
    uuid_generate_sha1(u, ns, name, n);
    uuid_unparse_lower(u, out);
}
