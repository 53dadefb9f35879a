/*
 * tmplc - turns HTML templates into C at build time (src/web/templates/).
 *
 *   tmplc OUT_BASE FILE.html...   writes OUT_BASE.c and OUT_BASE.h
 *
 * A template file holds named fragments:
 *
 *   {{define event_card(url, name, venue)}}
 *   <a href="{{url}}">{{name}}</a> at {{venue}}
 *   {{end}}
 *
 * and each becomes a function writing into a struct buf:
 *
 *   void tpl_event_card(struct buf *o, const char *url, const char *name,
 *                       const char *venue);
 *
 * Inside a fragment:
 *   {{p}}      p, HTML-escaped (text and quoted attributes): the default
 *   {{url p}}  p percent-encoded as a URL query component
 *   {{raw p}}  p as is: only for HTML built by other escaping code
 *   {{! ...}}  a comment
 * Every parameter is a `const char *` (NULL writes nothing); loops and
 * conditions stay in C, which calls fragments in turn. Leading indentation
 * of each line is dropped, as are the line breaks right after {{define}}
 * and right before {{end}}. Unknown or unused parameters, text outside a
 * fragment, a fragment name defined twice (in any file) and unterminated
 * tags are errors naming file and line.
 */
#include <ctype.h>
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#define MAX_PARAMS 24
#define MAX_NAME   64

#define MAX_FRAGS 1024

/* Every fragment name so far, across files: one C namespace. */
static char defined[MAX_FRAGS][MAX_NAME];
static int ndefined;

struct frag {
    char name[MAX_NAME];
    char params[MAX_PARAMS][MAX_NAME];
    int nparams;
    int used[MAX_PARAMS];
};

static const char *cur_file;
static int cur_line;
static char cpath[4096], hpath[4096]; /* the outputs, removed on error */

static void die(const char *fmt, ...) __attribute__((format(printf, 1, 2), noreturn));

static void die(const char *fmt, ...)
{
    va_list ap;
    va_start(ap, fmt);
    fprintf(stderr, "%s:%d: ", cur_file, cur_line);
    vfprintf(stderr, fmt, ap);
    fputc('\n', stderr);
    va_end(ap);
    remove(cpath);
    remove(hpath);
    exit(1);
}

static char *slurp(const char *path)
{
    FILE *f = fopen(path, "rb");
    if (!f) {
        perror(path);
        exit(1);
    }
    size_t cap = 4096, len = 0, n;
    char *s = malloc(cap);
    while (s && (n = fread(s + len, 1, cap - len - 1, f)) > 0) {
        len += n;
        if (len + 1 == cap)
            s = realloc(s, cap *= 2);
    }
    fclose(f);
    if (!s) {
        fputs("tmplc: out of memory\n", stderr);
        exit(1);
    }
    s[len] = '\0';
    return s;
}

static int is_ident(const char *s, size_t n)
{
    if (n == 0 || n >= MAX_NAME || !(isalpha((unsigned char)s[0]) || s[0] == '_'))
        return 0;
    for (size_t i = 0; i < n; i++)
        if (!(isalnum((unsigned char)s[i]) || s[i] == '_'))
            return 0;
    return 1;
}

static void copy_ident(char *dst, const char *s, size_t n, const char *what)
{
    if (!is_ident(s, n))
        die("bad %s name '%.*s'", what, (int)n, s);
    memcpy(dst, s, n);
    dst[n] = '\0';
}

/* Writes the C string literal of s[0..n) to out, dropping each line's
 * leading indentation. */
static void emit_text(FILE *out, const char *s, size_t n, int line_start)
{
    if (n == 0)
        return;
    char *lit = malloc(n * 4 + 1);
    size_t len = 0, bytes = 0;
    for (size_t i = 0; i < n; i++) {
        unsigned char c = (unsigned char)s[i];
        if (line_start && (c == ' ' || c == '\t'))
            continue;
        line_start = c == '\n';
        bytes++;
        if (c == '\n')
            len += (size_t)snprintf(lit + len, 3, "\\n");
        else if (c == '"' || c == '\\')
            len += (size_t)snprintf(lit + len, 3, "\\%c", c);
        else if (c < 0x20 || c >= 0x7f)
            len += (size_t)snprintf(lit + len, 5, "\\%03o", c);
        else
            lit[len++] = (char)c;
    }
    lit[len] = '\0';
    if (bytes > 0)
        fprintf(out, "    buf_append(o, \"%s\", %zu);\n", lit, bytes);
    free(lit);
}

static int param_index(struct frag *f, const char *s, size_t n)
{
    for (int i = 0; i < f->nparams; i++)
        if (strlen(f->params[i]) == n && memcmp(f->params[i], s, n) == 0)
            return i;
    die("'%.*s' is not a parameter of %s", (int)n, s, f->name);
    return -1;
}

static void trim(const char **s, size_t *n)
{
    while (*n && isspace((unsigned char)**s))
        (*s)++, (*n)--;
    while (*n && isspace((unsigned char)(*s)[*n - 1]))
        (*n)--;
}

/* "name(a, b)" into f. */
static void parse_define(struct frag *f, const char *s, size_t n)
{
    const char *open = memchr(s, '(', n);
    if (!open || s[n - 1] != ')')
        die("expected {{define name(params)}}");
    size_t nlen = (size_t)(open - s);
    trim(&s, &nlen);
    memset(f, 0, sizeof(*f));
    copy_ident(f->name, s, nlen, "fragment");
    const char *p = open + 1, *end = s + n - 1;
    while (p < end) {
        const char *comma = memchr(p, ',', (size_t)(end - p));
        const char *stop = comma ? comma : end;
        size_t len = (size_t)(stop - p);
        trim(&p, &len);
        if (len > 0) {
            if (f->nparams == MAX_PARAMS)
                die("more than %d parameters", MAX_PARAMS);
            copy_ident(f->params[f->nparams++], p, len, "parameter");
        }
        p = stop + 1;
    }
}

static void emit_signature(FILE *out, const struct frag *f)
{
    fprintf(out, "void tpl_%s(struct buf *o", f->name);
    for (int i = 0; i < f->nparams; i++)
        fprintf(out, ", const char *%s", f->params[i]);
    fputc(')', out);
}

static void count_lines(const char *from, const char *to)
{
    for (; from < to; from++)
        cur_line += *from == '\n';
}

/* One tag's body s[0..n) inside fragment f. */
static void emit_tag(FILE *out, struct frag *f, const char *s, size_t n)
{
    static const struct {
        const char *word, *fn;
    } kinds[] = { { "url ", "html_url" }, { "raw ", "html_raw" } };
    const char *fn = "html_text";
    trim(&s, &n);
    for (size_t k = 0; k < sizeof(kinds) / sizeof(kinds[0]); k++) {
        size_t wl = strlen(kinds[k].word);
        if (n > wl && memcmp(s, kinds[k].word, wl) == 0) {
            fn = kinds[k].fn;
            s += wl, n -= wl;
            trim(&s, &n);
        }
    }
    int i = param_index(f, s, n);
    f->used[i] = 1;
    fprintf(out, "    %s(o, %s);\n", fn, f->params[i]);
}

static void compile(const char *path, FILE *c, FILE *h)
{
    char *src = slurp(path);
    const char *p = src;
    struct frag f;
    int in_frag = 0;
    cur_file = path;
    cur_line = 1;
    fprintf(h, "\n/* %s */\n", path);
    for (;;) {
        const char *tag = strstr(p, "{{");
        const char *text_end = tag ? tag : p + strlen(p);
        if (in_frag) {
            size_t n = (size_t)(text_end - p);
            if (tag && strncmp(tag, "{{end}}", 7) == 0 && n > 0 && p[n - 1] == '\n')
                n--;
            emit_text(c, p, n, p == src || p[-1] == '\n');
        } else {
            for (const char *q = p; q < text_end; q++)
                if (!isspace((unsigned char)*q))
                    die("text outside {{define}}");
        }
        count_lines(p, text_end);
        if (!tag)
            break;
        const char *close = strstr(tag, "}}");
        if (!close)
            die("unterminated {{");
        const char *body = tag + 2;
        size_t n = (size_t)(close - body);
        p = close + 2;
        if (n > 0 && body[0] == '!') {
            count_lines(tag, p);
            continue;
        }
        if (n > 7 && strncmp(body, "define ", 7) == 0) {
            if (in_frag)
                die("{{define}} inside %s", f.name);
            parse_define(&f, body + 7, n - 7);
            for (int i = 0; i < ndefined; i++)
                if (strcmp(defined[i], f.name) == 0)
                    die("%s is defined twice (fragments share one namespace)", f.name);
            if (ndefined == MAX_FRAGS)
                die("more than %d fragments", MAX_FRAGS);
            memcpy(defined[ndefined++], f.name, MAX_NAME);
            in_frag = 1;
            fprintf(c, "\n");
            emit_signature(c, &f);
            fprintf(c, "\n{\n");
            emit_signature(h, &f);
            fprintf(h, ";\n");
            if (*p == '\n')
                p++;
        } else if (n == 3 && strncmp(body, "end", 3) == 0) {
            if (!in_frag)
                die("{{end}} without {{define}}");
            for (int i = 0; i < f.nparams; i++)
                if (!f.used[i])
                    die("parameter %s of %s is never used", f.params[i], f.name);
            fprintf(c, "}\n");
            in_frag = 0;
        } else if (in_frag) {
            emit_tag(c, &f, body, n);
        } else {
            die("tag outside {{define}}");
        }
        count_lines(tag, p);
    }
    if (in_frag)
        die("%s has no {{end}}", f.name);
    free(src);
}

int main(int argc, char **argv)
{
    if (argc < 3) {
        fputs("usage: tmplc OUT_BASE FILE.html...\n", stderr);
        return 2;
    }
    snprintf(cpath, sizeof(cpath), "%s.c", argv[1]);
    snprintf(hpath, sizeof(hpath), "%s.h", argv[1]);
    FILE *c = fopen(cpath, "w"), *h = fopen(hpath, "w");
    if (!c || !h) {
        perror(argv[1]);
        return 1;
    }
    const char *gen = "/* Generated by tools/tmplc from src/web/templates/; edits are lost. */\n";
    fprintf(h, "%s#ifndef MQ_TEMPLATES_H\n#define MQ_TEMPLATES_H\n\n#include \"core/buf.h\"\n",
            gen);
    fprintf(c, "%s#include \"config.h\"\n#include \"web/html.h\"\n#include \"web/templates.h\"\n",
            gen);
    for (int i = 2; i < argc; i++)
        compile(argv[i], c, h);
    fprintf(h, "\n#endif\n");
    if (fclose(c) != 0 || fclose(h) != 0) {
        perror(argv[1]);
        return 1;
    }
    return 0;
}
