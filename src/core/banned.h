/*
 * banned.h - libc calls that must not be used (after git's banned.h).
 *
 * sprintf/strcpy/strcat overflow, strtok keeps hidden state, atoi cannot
 * report errors, gmtime/localtime return static storage. Use buf_printf,
 * snprintf, str_to_i64, gmtime_r.
 */
#ifndef MQ_BANNED_H
#define MQ_BANNED_H

#define MQ_BANNED(func) sorry_##func##_is_a_banned_function

#undef sprintf
#define sprintf(...) MQ_BANNED(sprintf)
#undef vsprintf
#define vsprintf(...) MQ_BANNED(vsprintf)
#undef strcpy
#define strcpy(x, y) MQ_BANNED(strcpy)
#undef strcat
#define strcat(x, y) MQ_BANNED(strcat)
#undef strncpy
#define strncpy(x, y, n) MQ_BANNED(strncpy)
#undef strtok
#define strtok(x, y) MQ_BANNED(strtok)
#undef atoi
#define atoi(x) MQ_BANNED(atoi)
#undef atol
#define atol(x) MQ_BANNED(atol)
#undef gmtime
#define gmtime(t) MQ_BANNED(gmtime)
#undef localtime
#define localtime(t) MQ_BANNED(localtime)

#endif
