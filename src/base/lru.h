/*
 * lru: an intrusive circular list kept in order of last use, so the table
 * limits can let the least recently seen entry go in O(1). The head is a
 * sentinel: head.next is the newest entry, head.prev the oldest.
 */
#ifndef PKTOP_LRU_H
#define PKTOP_LRU_H

#include <stddef.h>

struct lru_link {
	struct lru_link *prev, *next;
};

static inline void
lru_init(struct lru_link *head)
{
	head->prev = head->next = head;
}

static inline void
lru_unlink(struct lru_link *l)
{
	l->prev->next = l->next;
	l->next->prev = l->prev;
	l->prev = l->next = l;
}

/* Insert L as the newest; L must not be on a list. */
static inline void
lru_push(struct lru_link *head, struct lru_link *l)
{
	l->next = head->next;
	l->prev = head;
	head->next->prev = l;
	head->next = l;
}

static inline void
lru_touch(struct lru_link *head, struct lru_link *l)
{
	if (head->next == l)
		return;
	l->prev->next = l->next;
	l->next->prev = l->prev;
	lru_push(head, l);
}

/* NULL when empty. */
static inline struct lru_link *
lru_oldest(struct lru_link *head)
{
	return head->prev == head ? NULL : head->prev;
}

#define LRU_ENTRY(link, type, member) \
	((type *)(void *)((char *)(link) - offsetof(type, member)))

#endif
