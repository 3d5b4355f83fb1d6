/*
 * proto_table: the protocols pktop names. Each protocol describes itself
 * once in its own file (a const struct proto_desc: names, layer, parser,
 * ports) and proto_list.h lists the descriptors in id order; this header
 * turns that list into the ids and proto_table. The id indexes
 * per-protocol counters; the name is the one the batch JSON and the
 * protocols view use (pktop(8), BATCH OUTPUT).
 */
#ifndef PKTOP_PROTO_H
#define PKTOP_PROTO_H

#include <stdbool.h>
#include <stdint.h>

enum proto_layer {
	PROTO_LAYER_LINK,
	PROTO_LAYER_NETWORK,
	PROTO_LAYER_TRANSPORT,
	PROTO_LAYER_APP,
};

enum proto_id {
	PROTO_NONE = 0,
#define PROTO_LIST(id, desc) id,
#include "decode/proto_list.h"
#undef PROTO_LIST
	PROTO_COUNT
};

/* What an application parser says of a payload (proto/app.h). */
enum app_verdict {
	APP_NO = 0, /* these bytes are not this protocol */
	APP_MAYBE,  /* nothing contradicts it: believe the port */
	APP_WEAK,   /* its signature, but a later packet may say more */
	APP_YES,    /* the protocol's signature is there */
};

struct cursor;
struct app_ctx;
typedef enum app_verdict (*app_parse_fn)(struct cursor *c,
					 struct app_ctx *a);

/* Transports an application runs over (proto_desc.l4). */
enum proto_l4 {
	PROTO_L4_TCP = 1 << 0,
	PROTO_L4_UDP = 1 << 1,
};

#define PROTO_PORTS 4

struct proto_desc {
	unsigned id;       /* enum proto_id; proto_table[id] is this */
	const char *name;  /* machine name: "ipv4", "tls"; stable, in JSON
			    * (tshark's frame.protocols word, as the truth
			    * files spell it) */
	const char *label; /* for people: "IPv4", "TLS" (not translated) */
	/* The tree's protocol subtree, as Wireshark names it ("eth", "ip"),
	 * or NULL when the tree has none of its own. */
	const char *tree_name;
	/* The packet list's Protocol column when this protocol is the
	 * topmost one it names ("802.1Q", "MDNS"); NULL: never named there
	 * (the layer under it is). */
	const char *column;
	enum proto_layer layer;
	/* Application identification (appid.c): the parser, the transports
	 * and the ports that hint at it (0 ends the list). */
	app_parse_fn parse;
	unsigned l4;                 /* enum proto_l4 */
	uint16_t ports[PROTO_PORTS];
	/* Signatures are tried in this order, lowest first (1 is first);
	 * 0 with a parser is an error (test_proto_table checks). */
	unsigned appid_rank;
	/* tshark dissects it only on its ports (no heuristic), so a packet
	 * of a connection not yet known is dissected alike */
	bool tree_by_port;
	/* tshark finds it off its ports by a heuristic that runs after the
	 * port dissectors (TLS on TCP): a packet on another protocol's port
	 * is left to that protocol */
	bool tree_heuristic;
	/* It names its server (query name, Host, SNI): a connection keeps
	 * being looked at until a name is found. */
	bool has_name;
	/* Its conversation can turn into TLS part-way (SMTP STARTTLS, FTP
	 * AUTH TLS): a TLS handshake later on relabels the connection, as
	 * tshark hands the stream to TLS. */
	bool starttls;
};

#define PROTO_LIST(id, desc) extern const struct proto_desc desc;
#include "decode/proto_list.h"
#undef PROTO_LIST

/* Every protocol by id; PROTO_NONE's is "unknown". Never NULL below
 * PROTO_COUNT. */
extern const struct proto_desc *const proto_table[PROTO_COUNT];

/* "unknown" for PROTO_NONE, the table's name otherwise. */
const char *proto_name(unsigned id);

/* The id whose name is NAME, or PROTO_NONE. */
enum proto_id proto_by_name(const char *name);

/* The descriptor whose tree_name is FIELD, or NULL. */
const struct proto_desc *proto_by_tree_name(const char *field);

#endif
