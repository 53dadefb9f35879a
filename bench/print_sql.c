/*
 * print-sql - prints the SQL of one catalogue or search statement for pgbench.
 *
 *   bench/print-sql NAME            the statement's SQL, $N rewritten to :pN
 *   bench/print-sql --pgbench NAME  the same as pgbench script lines, as the
 *                                   worker sends it: a generic statement
 *                                   (PG_GENERIC) between SET and RESET of
 *                                   plan_cache_mode, in one pipeline
 *   bench/print-sql --raw NAME      the statement's SQL as prepared (for EXPLAIN)
 *   bench/print-sql -l              every statement: name, parameter count,
 *                                   and "generic" for a PG_GENERIC one
 *
 * The text comes from events_stmts[] and search_stmts[], so the benchmark
 * (or an EXPLAIN) runs exactly the SQL the handlers prepare. pgbench -M prepared turns :pN back into a
 * parameter of an untyped prepared statement, as pg_exec does.
 *
 * Not needed to read the SQL (each statement is one literal in its
 * *_store.c): it stays because bench/run.sh needs the text in pgbench's
 * form, and taking it from the same tables is simpler and safer than a copy
 * of the text or a parser of the C sources.
 */
#include "config.h"
#include "core/common.h"
#include "app/events/events_store.h"
#include "app/search/search_store.h"
#include "infra/pg.h"

#include <ctype.h>

static const struct pg_stmt *const *const tables[] = { events_stmts, search_stmts, NULL };

static const struct pg_stmt *find(const char *name)
{
    for (const struct pg_stmt *const *const *t = tables; *t; t++) {
        for (const struct pg_stmt *const *s = *t; *s; s++) {
            if (strcmp((*s)->name, name) == 0)
                return *s;
        }
    }
    return NULL;
}

/* A `$` followed by digits is a parameter; SQL's `$$` quoting is not used
 * by the store, and a `$` in a string literal would be rewritten too. */
static void print_pgbench(const char *sql)
{
    for (const char *p = sql; *p; p++) {
        if (p[0] == '$' && isdigit((unsigned char)p[1])) {
            fputs(":p", stdout);
            continue;
        }
        putchar(*p);
    }
}

/* pg.c's run_generic, in pgbench's words. */
static void print_script(const struct pg_stmt *stmt)
{
    bool generic = stmt->flags & PG_GENERIC;
    if (generic)
        puts("\\startpipeline\nSET plan_cache_mode = force_generic_plan;");
    print_pgbench(stmt->sql);
    puts(";");
    if (generic)
        puts("RESET plan_cache_mode;\n\\endpipeline");
}

int main(int argc, char **argv)
{
    const char *mode = argc == 3 ? argv[1] : "";
    if ((argc != 2 && argc != 3) || (argc == 3 && strcmp(mode, "--raw") != 0 &&
                                     strcmp(mode, "--pgbench") != 0)) {
        fprintf(stderr, "usage: print-sql [--raw | --pgbench] NAME | -l\n");
        return 2;
    }
    if (strcmp(argv[1], "-l") == 0) {
        for (const struct pg_stmt *const *const *t = tables; *t; t++) {
            for (const struct pg_stmt *const *s = *t; *s; s++)
                printf("%s %d%s\n", (*s)->name, (*s)->nparams,
                       (*s)->flags & PG_GENERIC ? " generic" : "");
        }
        return 0;
    }
    const char *name = argv[argc - 1];
    const struct pg_stmt *stmt = find(name);
    if (!stmt) {
        fprintf(stderr, "print-sql: no statement named %s (list them with -l)\n", name);
        return 1;
    }
    if (strcmp(mode, "--raw") == 0)
        puts(stmt->sql);
    else if (strcmp(mode, "--pgbench") == 0)
        print_script(stmt);
    else {
        print_pgbench(stmt->sql);
        putchar('\n');
    }
    return 0;
}
