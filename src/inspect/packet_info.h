/*
 * packet_info: the one-line summary of a packet for the packet list:
 * source, destination, protocol and an info text like tshark's Info
 * column ("51512 → 443 [SYN] Seq=0 Win=64240 Len=0"). Pure functions of
 * a decoded packet; every string they produce is safe to print.
 */
#ifndef PKTOP_PACKET_INFO_H
#define PKTOP_PACKET_INFO_H

#include <stddef.h>
#include <stdint.h>

struct decode_summary;
struct tree;

#define PACKET_INFO_ADDR_MAX 48   /* an IPv6 address or a MAC, with NUL */
#define PACKET_INFO_PROTO_MAX 16
#define PACKET_INFO_TEXT_MAX 256

struct packet_info {
	char src[PACKET_INFO_ADDR_MAX];
	char dst[PACKET_INFO_ADDR_MAX];
	char protocol[PACKET_INFO_PROTO_MAX]; /* "TCP", "DNS", "ARP" */
	char info[PACKET_INFO_TEXT_MAX];
};

/* From a tree decode_tree() filled for the packet and its summary S:
 * the topmost protocol and its fields. */
void packet_info_from_tree(const struct tree *t,
			   const struct decode_summary *s,
			   struct packet_info *pi);

/* From the summary alone (no tree: the capture-time fields only). */
void packet_info_from_summary(const struct decode_summary *s,
			      struct packet_info *pi);

/* Decode FRAME into SCRATCH (a tree the caller keeps across calls, so
 * nothing is allocated per packet once it has grown) and describe it. */
void packet_info_describe(int linktype, const uint8_t *frame, size_t caplen,
			  size_t wirelen, unsigned app, struct tree *scratch,
			  struct packet_info *pi);

#endif
