/*
 * filter: pcap_compile against pcap_open_dead, and pcap_offline_filter
 * for packets already stored. libpcap keeps its error text in the handle,
 * so the dead handle lives exactly as long as one compile.
 */
#include "config.h"

#include "base/filter.h"

#include <stdlib.h>
#include <string.h>

#include <pcap/pcap.h>

#include "base/escape.h"
#include "base/i18n.h"

/* Bytes of a bad filter quoted back in its error message. */
#define FILTER_QUOTE_MAX 80

struct filter {
	struct bpf_program prog;
	int linktype;
	char *expr;
};

struct filter *
filter_compile(const char *expr, int linktype, unsigned snaplen,
	       uint32_t netmask, char *err, size_t errlen)
{
	struct filter *f = NULL, *ret = NULL;
	pcap_t *dead = NULL;

	if (expr == NULL)
		expr = "";
	f = calloc(1, sizeof(*f));
	if (f == NULL || (f->expr = strdup(expr)) == NULL) {
		snprintf(err, errlen, "%s", _("out of memory"));
		goto out;
	}
	f->linktype = linktype;
	dead = pcap_open_dead(linktype, (int)(snaplen ? snaplen : 262144));
	if (dead == NULL) {
		snprintf(err, errlen, "%s", _("out of memory"));
		goto out;
	}
	/* Optimised, as tcpdump does; the netmask only matters for
	 * 'ip broadcast'. */
	if (pcap_compile(dead, &f->prog, expr, 1,
			 netmask == FILTER_NETMASK_UNKNOWN ? PCAP_NETMASK_UNKNOWN
							   : netmask) < 0) {
		char shown[FILTER_QUOTE_MAX * 4 + 8], why[512];
		size_t n = strlen(expr);
		const char *reason = pcap_geterr(dead);

		/* Typed or pasted, the filter may be long or hold control
		 * bytes: quote the start of it, escaped, so the one line
		 * always ends with libpcap's reason. */
		escape_text(expr, n > FILTER_QUOTE_MAX ? FILTER_QUOTE_MAX : n,
			    shown, sizeof(shown) - 4);
		if (n > FILTER_QUOTE_MAX)
			strcat(shown, "...");
		escape_text(reason, strlen(reason), why, sizeof(why));
		snprintf(err, errlen, _("bad capture filter '%s': %s"), shown,
			 why);
		goto out;
	}
	ret = f;
	f = NULL;
out:
	if (dead)
		pcap_close(dead);
	if (f) {
		free(f->expr);
		free(f);
	}
	return ret;
}

void
filter_free(struct filter *f)
{
	if (f == NULL)
		return;
	pcap_freecode(&f->prog);
	free(f->expr);
	free(f);
}

const char *
filter_expr(const struct filter *f)
{
	return f->expr;
}

int
filter_linktype(const struct filter *f)
{
	return f->linktype;
}

bool
filter_match(const struct filter *f, const uint8_t *data, uint32_t caplen,
	     uint32_t len)
{
	struct pcap_pkthdr h;

	memset(&h, 0, sizeof(h));
	h.caplen = caplen;
	h.len = len;
	return pcap_offline_filter(&f->prog, &h, data) != 0;
}

struct bpf_program *
filter_program(struct filter *f)
{
	return &f->prog;
}
