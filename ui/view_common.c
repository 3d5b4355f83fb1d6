/*
 * view_common: cell helpers the table views share: host names, endpoints
 * with service names, rates in the chosen unit, iftop's bar scale, and the
 * escaping of strings that came from packets or from DNS.
 */
#include "config.h"

#include "view.h"

#include <math.h>
#include <stdint.h>
#include <stdio.h>
#include <string.h>

#include "format.h"
#include "base/text.h"

void
view_format_host(const struct ui_ctx *c, const struct addr *a, char *buf,
		 size_t size)
{
	char name[256];

	if (c->s->resolve &&
	    model_host_name(c->res, a, name, sizeof(name))) {
		/* A PTR record is whatever its owner typed: escape it. */
		escape_text(name, strlen(name), buf, size);
		return;
	}
	addr_format(a, buf, size);
}

void
view_format_endpoint(const struct ui_ctx *c, const struct addr *a,
		     uint16_t port, uint8_t l4, char *buf, size_t size)
{
	char host[300], svc[32];
	const char *name = NULL;

	view_format_host(c, a, host, sizeof(host));
	if (l4 != 6 && l4 != 17 && l4 != 132) {
		snprintf(buf, size, "%s", host);
		return;
	}
	if (c->s->port_names)
		name = model_port_name(port, l4);
	if (name)
		snprintf(svc, sizeof(svc), "%s", name);
	else
		snprintf(svc, sizeof(svc), "%u", port);
	if (strchr(host, ':'))
		snprintf(buf, size, "[%s]:%s", host, svc);
	else
		snprintf(buf, size, "%s:%s", host, svc);
}

void
view_format_rate(const struct ui_ctx *c, double bytes_per_s, char *buf,
		 size_t size)
{
	format_rate(bytes_per_s, c->s->bits, false, buf, size);
}

double
view_bar_fraction(double bytes_per_s)
{
	double bits = bytes_per_s * 8, f;

	/* iftop's default log scale: 10 b/s at the left edge, 1 Gb/s at
	 * the right, so a quiet host still gets a visible stub. */
	if (bits < 10)
		return bits > 0 ? 0.01 : 0;
	f = (log10(bits) - 1) / 8;
	return f > 1 ? 1 : f;
}
