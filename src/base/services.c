/*
 * services: a sorted array of (protocol, port, name) built once from
 * getservent() under pthread_once, searched with bsearch. getservbyport()
 * is not used at lookup time: it rereads the file and is not thread-safe.
 */
#include "config.h"

#include "base/services.h"

#include <netdb.h>
#include <netinet/in.h>
#include <pthread.h>
#include <stdlib.h>
#include <string.h>

struct services_entry {
	uint8_t l4;
	uint16_t port;
	char name[24];
};

static struct services_entry *services_table;
static unsigned services_n;
static pthread_once_t services_once = PTHREAD_ONCE_INIT;

static int
services_cmp(const void *a, const void *b)
{
	const struct services_entry *x = a, *y = b;

	if (x->l4 != y->l4)
		return x->l4 < y->l4 ? -1 : 1;
	if (x->port != y->port)
		return x->port < y->port ? -1 : 1;
	return 0;
}

static uint8_t
services_l4(const char *proto)
{
	if (strcmp(proto, "tcp") == 0)
		return 6;
	if (strcmp(proto, "udp") == 0)
		return 17;
	if (strcmp(proto, "sctp") == 0)
		return 132;
	return 0;
}

static void
services_load(void)
{
	struct services_entry *t = NULL, *grown;
	unsigned n = 0, cap = 0, i, out;
	struct servent *se;

	setservent(0);
	while ((se = getservent()) != NULL) {
		uint8_t l4 = se->s_proto ? services_l4(se->s_proto) : 0;

		if (!l4 || !se->s_name)
			continue;
		if (n == cap) {
			cap = cap ? cap * 2 : 512;
			grown = realloc(t, cap * sizeof(*t));
			if (!grown)
				break;
			t = grown;
		}
		t[n].l4 = l4;
		t[n].port = ntohs((uint16_t)se->s_port);
		strncpy(t[n].name, se->s_name, sizeof(t[n].name) - 1);
		t[n].name[sizeof(t[n].name) - 1] = '\0';
		n++;
	}
	endservent();
	if (!t)
		return;
	/* A port listed twice for one protocol keeps one of its names. */
	qsort(t, n, sizeof(*t), services_cmp);
	for (i = 0, out = 0; i < n; i++)
		if (out == 0 || services_cmp(&t[out - 1], &t[i]) != 0)
			t[out++] = t[i];
	services_table = t;
	services_n = out;
}

const char *
services_name(uint16_t port, uint8_t l4)
{
	struct services_entry key = { .l4 = l4, .port = port }, *e;

	pthread_once(&services_once, services_load);
	if (!services_table)
		return NULL;
	e = bsearch(&key, services_table, services_n, sizeof(*e),
		    services_cmp);
	return e ? e->name : NULL;
}

unsigned
services_count(void)
{
	pthread_once(&services_once, services_load);
	return services_n;
}
