/*
 * thread: the one way pktop starts a worker thread. Signals are for the
 * main thread (its loop checks the flags their handlers set); a worker
 * never takes one, so it is started with every signal blocked and keeps
 * that mask.
 */
#ifndef PKTOP_THREAD_H
#define PKTOP_THREAD_H

#include <pthread.h>

/* Start FN(ARG) on *T with every signal blocked; the caller's mask is
 * unchanged after. pthread_create's answer: 0 or an errno value. */
int thread_start(pthread_t *t, void *(*fn)(void *), void *arg);

#endif
