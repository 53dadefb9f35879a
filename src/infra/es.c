#include "config.h"
#include "core/common.h"
#include "infra/es.h"
#include "core/arena.h"
#include "core/buf.h"
#include "core/jsonw.h"
#include "core/log.h"
#include "core/timeutil.h"
#include "infra/json.h"

#define FIELDS_NAME  "name^3"
#define FIELDS_VENUE "venueName"

void es_client_init(struct es_client *c, const char *urls, long timeout_ms)
{
    http_client_init(&c->http);
    http_nodes_init(&c->nodes, urls);
    c->timeout_ms = timeout_ms;
}

void es_client_release(struct es_client *c)
{
    http_client_release(&c->http);
}

/* An ISO 8601 UTC time, as the member key (or an array element if NULL). */
static void kiso(struct jsonw *w, const char *key, int64_t t)
{
    char s[TIME_ISO_LEN];
    time_format_iso(t, s);
    if (key)
        jsonw_key(w, key);
    jsonw_str(w, s);
}

static void fields(struct jsonw *w)
{
    jsonw_key(w, "fields");
    jsonw_arr_open(w);
    jsonw_str(w, FIELDS_NAME);
    jsonw_str(w, FIELDS_VENUE);
    jsonw_arr_close(w);
}

/* {"multi_match": {...}} for one word; fuzzy, or the start of a word. */
static void multi_match(struct jsonw *w, const char *word, bool prefix)
{
    jsonw_obj_open(w);
    jsonw_key(w, "multi_match");
    jsonw_obj_open(w);
    jsonw_kstr(w, "query", word);
    fields(w);
    if (prefix) {
        /* a single-term phrase_prefix is a prefix query on each field */
        jsonw_kstr(w, "type", "phrase_prefix");
    } else {
        jsonw_kstr(w, "type", "best_fields");
        jsonw_kstr(w, "fuzziness", "AUTO");
        jsonw_kint(w, "prefix_length", 0);
        jsonw_kint(w, "max_expansions", 50);
        jsonw_key(w, "fuzzy_transpositions");
        jsonw_bool(w, true);
    }
    jsonw_obj_close(w);
    jsonw_obj_close(w);
}

/* The last word: fuzzy or a prefix, either will do. */
static void either(struct jsonw *w, const char *word)
{
    jsonw_obj_open(w);
    jsonw_key(w, "bool");
    jsonw_obj_open(w);
    jsonw_key(w, "should");
    jsonw_arr_open(w);
    multi_match(w, word, false);
    multi_match(w, word, true);
    jsonw_arr_close(w);
    jsonw_kint(w, "minimum_should_match", 1);
    jsonw_obj_close(w);
    jsonw_obj_close(w);
}

/* {"<kind>": {"searchName": {"value": joined, "boost": boost}}} */
static void boost(struct jsonw *w, const char *kind, const char *joined, int64_t by)
{
    jsonw_obj_open(w);
    jsonw_key(w, kind);
    jsonw_obj_open(w);
    jsonw_key(w, "searchName");
    jsonw_obj_open(w);
    jsonw_kstr(w, "value", joined);
    jsonw_kint(w, "boost", by);
    jsonw_obj_close(w);
    jsonw_obj_close(w);
    jsonw_obj_close(w);
}

static void filters(struct jsonw *w, const struct es_query *q)
{
    jsonw_key(w, "filter");
    jsonw_arr_open(w);
    jsonw_obj_open(w);
    jsonw_key(w, "range");
    jsonw_obj_open(w);
    jsonw_key(w, "sessionCount");
    jsonw_obj_open(w);
    jsonw_kint(w, "gt", 0);
    jsonw_obj_close(w);
    jsonw_obj_close(w);
    jsonw_obj_close(w);
    if (q->genre) {
        jsonw_obj_open(w);
        jsonw_key(w, "term");
        jsonw_obj_open(w);
        jsonw_key(w, "genre");
        jsonw_obj_open(w);
        jsonw_kstr(w, "value", q->genre);
        jsonw_key(w, "case_insensitive");
        jsonw_bool(w, true);
        jsonw_obj_close(w);
        jsonw_obj_close(w);
        jsonw_obj_close(w);
    }
    if (q->has_range) {
        /* a range on a multi-valued date matches if any session is in it */
        jsonw_obj_open(w);
        jsonw_key(w, "range");
        jsonw_obj_open(w);
        jsonw_key(w, "starts");
        jsonw_obj_open(w);
        if (q->from != INT64_MIN)
            kiso(w, "gte", q->from);
        if (q->to != INT64_MAX)
            kiso(w, "lt", q->to);
        jsonw_obj_close(w);
        jsonw_obj_close(w);
        jsonw_obj_close(w);
    }
    jsonw_arr_close(w);
}

static void query(struct jsonw *w, const struct es_query *q)
{
    jsonw_key(w, "query");
    jsonw_obj_open(w);
    jsonw_key(w, "bool");
    jsonw_obj_open(w);
    jsonw_key(w, "must");
    jsonw_arr_open(w);
    for (int i = 0; i < q->nwords; i++) {
        if (i == q->nwords - 1 && q->last_prefix)
            either(w, q->words[i]);
        else
            multi_match(w, q->words[i], false);
    }
    jsonw_arr_close(w);
    jsonw_key(w, "should");
    jsonw_arr_open(w);
    boost(w, "term", q->joined, 20);
    boost(w, "prefix", q->joined, 10);
    jsonw_arr_close(w);
    filters(w, q);
    jsonw_obj_close(w);
    jsonw_obj_close(w);
}

void es_search_body(struct buf *b, const struct es_query *q)
{
    struct jsonw w;
    jsonw_init(&w, b);
    jsonw_obj_open(&w);
    jsonw_kint(&w, "size", q->size);
    jsonw_key(&w, "track_total_hits");
    jsonw_bool(&w, false);
    jsonw_key(&w, "_source");
    jsonw_bool(&w, false);
    query(&w, q);
    jsonw_key(&w, "sort");
    jsonw_arr_open(&w);
    jsonw_obj_open(&w);
    jsonw_kstr(&w, "_score", "desc");
    jsonw_obj_close(&w);
    jsonw_obj_open(&w);
    jsonw_kstr(&w, "id", "asc");
    jsonw_obj_close(&w);
    jsonw_arr_close(&w);
    if (q->after) {
        jsonw_key(&w, "search_after");
        jsonw_arr_open(&w);
        /* %.17g: the exact double back, or the page boundary moves */
        char score[40];
        int n = snprintf(score, sizeof(score), "%.17g", q->after_score);
        jsonw_raw(&w, score, (size_t)n);
        jsonw_str(&w, q->after_id);
        jsonw_arr_close(&w);
    }
    jsonw_obj_close(&w);
}

static void prop(struct jsonw *w, const char *name, const char *type)
{
    jsonw_key(w, name);
    jsonw_obj_open(w);
    jsonw_kstr(w, "type", type);
    jsonw_obj_close(w);
}

void es_index_body(struct buf *b)
{
    struct jsonw w;
    jsonw_init(&w, b);
    jsonw_obj_open(&w);
    jsonw_key(&w, "settings");
    jsonw_obj_open(&w);
    jsonw_kint(&w, "number_of_shards", 1);
    jsonw_obj_close(&w);
    jsonw_key(&w, "mappings");
    jsonw_obj_open(&w);
    jsonw_key(&w, "properties");
    jsonw_obj_open(&w);
    prop(&w, "id", "keyword");
    prop(&w, "name", "text");
    prop(&w, "venueName", "text");
    prop(&w, "searchName", "keyword");
    prop(&w, "genre", "keyword");
    prop(&w, "subGenre", "keyword");
    prop(&w, "nextStart", "date");
    prop(&w, "starts", "date");
    prop(&w, "sessionCount", "integer");
    jsonw_obj_close(&w);
    jsonw_obj_close(&w);
    jsonw_obj_close(&w);
}

/* {"<action>":{"_index":"events","_id":id}} and its newline. */
static void bulk_action(struct buf *b, const char *action, const char *id)
{
    struct jsonw w;
    jsonw_init(&w, b);
    jsonw_obj_open(&w);
    jsonw_key(&w, action);
    jsonw_obj_open(&w);
    jsonw_kstr(&w, "_index", ES_INDEX);
    jsonw_kstr(&w, "_id", id);
    jsonw_obj_close(&w);
    jsonw_obj_close(&w);
    buf_putc(b, '\n');
}

void es_bulk_delete(struct buf *b, const char *id)
{
    bulk_action(b, "delete", id);
}

void es_bulk_add(struct buf *b, const struct es_doc *d)
{
    struct jsonw w;
    bulk_action(b, "index", d->id);
    jsonw_init(&w, b);
    jsonw_obj_open(&w);
    jsonw_kstr(&w, "id", d->id);
    jsonw_kstr(&w, "name", d->name);
    jsonw_kstr(&w, "venueName", d->venue_name);
    jsonw_kstr(&w, "searchName", d->search_name);
    jsonw_kstr(&w, "genre", d->genre);
    jsonw_kstr(&w, "subGenre", d->sub_genre);
    jsonw_key(&w, "nextStart");
    if (d->next_start == INT64_MIN)
        jsonw_null(&w);
    else
        kiso(&w, NULL, d->next_start);
    jsonw_key(&w, "starts");
    jsonw_arr_open(&w);
    for (size_t i = 0; i < d->nstarts; i++)
        kiso(&w, NULL, d->starts[i]);
    jsonw_arr_close(&w);
    jsonw_kint(&w, "sessionCount", d->session_count);
    jsonw_obj_close(&w);
    buf_putc(b, '\n');
}
