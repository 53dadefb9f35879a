/*
 * waitroom.h - a waiting room per session for an on-sale rush
 * (docs/MARKET.md, "Waiting room").
 *
 * Every order attempt asks first. While a session gets no more than
 * WAITING_ROOM_RATE attempts a second and nobody waits, the attempt goes
 * straight on. Above that, each buyer (account) takes one place in the
 * session's line in Redis, in order of arrival, and is admitted while its
 * place is among the first N, N being the session's tickets available now:
 * a ticket that frees up (a hold that lapses or is cancelled) admits the
 * next buyer. A place not asked about for WAITING_ROOM_PLACE_SECONDS is
 * given up; one address holds at most WAITING_ROOM_PER_ADDRESS places.
 * Postgres stays the only authority on who gets a ticket: the room only
 * decides who may try now. Without Redis every attempt goes straight on.
 */
#ifndef MQ_WAITROOM_H
#define MQ_WAITROOM_H

#include "core/common.h"
#include "core/status.h"

struct arena;
struct config;
struct kv;
struct pg;

enum waitroom_verdict {
    WR_GO,         /* try to order now (no line, or admitted from it) */
    WR_WAIT,       /* a place in line: position, retry_after_s */
    WR_SOLD_OUT,   /* nothing of the session is available or held */
    WR_ALL_HELD,   /* nothing available, no line: retry_after_s is when a hold ends */
    WR_ADDR_LIMIT, /* this address holds WAITING_ROOM_PER_ADDRESS places already */
    WR_NO_TICKET,  /* no ticket with that id: the order answers it */
};

struct waitroom_answer {
    enum waitroom_verdict verdict;
    const char *session; /* the ticket's session (arena), NULL for WR_NO_TICKET */
    int64_t position;    /* 1 = next; WR_GO from the line: its place, else 0 */
    int64_t available;   /* tickets of the session available now */
    int retry_after_s;   /* WR_WAIT, WR_ALL_HELD, WR_ADDR_LIMIT */
};

/* Where buyer, asking from addr to order ticket, stands. ST_OK with *out
 * filled, or the status of a Postgres failure (a Redis failure is WR_GO). */
enum status waitroom_enter(struct pg *db, struct kv *kv, struct arena *a, const struct config *cfg,
                           const char *ticket, const char *buyer, const char *addr,
                           struct waitroom_answer *out);

/* Gives up buyer's place in session's line (after an order, or sold out).
 * Best effort: a place left behind expires. */
void waitroom_leave(struct kv *kv, struct arena *a, const char *session, const char *buyer);

#endif
