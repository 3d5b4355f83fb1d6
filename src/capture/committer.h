/*
 * committer: a second thread that applies the capture thread's batches
 * to the model, so reading and decoding the next batch overlaps with the
 * table updates, application identification and packet store of the
 * last. The capture thread fills one batch while up to COMMITTER_BATCHES
 * - 1 wait or are being applied, in the order they were filled.
 */
#ifndef PKTOP_COMMITTER_H
#define PKTOP_COMMITTER_H

#include <stddef.h>

struct model;
struct model_batch;
struct committer;

#define COMMITTER_BATCHES 3

struct dfilter;

/* Batches of MAX_PACKETS and MAX_BYTES each; the thread starts here,
 * with the caller's signal mask. DF (-Y, may be NULL): the thread drops
 * the packets it does not match before applying a batch, without the
 * model lock, dissecting them in order with one flow state when the
 * filter needs the field tree. NULL with ERR set on failure. */
struct committer *committer_new(struct model *m, size_t max_packets,
				size_t max_bytes, const struct dfilter *df,
				char *err, size_t errlen);

/* The batch the capture thread fills now. */
struct model_batch *committer_batch(struct committer *q);

/* Hand the batch being filled (when it holds packets) to the thread and
 * return the next empty one; waits only while every batch is in use. */
struct model_batch *committer_pass(struct committer *q);

/* Return once every batch handed over has been applied. */
void committer_drain(struct committer *q);

/* Drain, stop the thread and free the batches. */
void committer_free(struct committer *q);

#endif
