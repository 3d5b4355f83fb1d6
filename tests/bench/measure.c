/* measure: runs a command and reports its wall time, CPU time and peak
 * resident memory (getrusage of the child), for the benchmark script.
 *   measure OUTFILE COMMAND [ARG...]
 * OUTFILE gets one line: wall=S user=S sys=S maxrss_kib=N status=N */
#include <errno.h>
#include <stdio.h>
#include <string.h>
#include <sys/resource.h>
#include <sys/time.h>
#include <sys/wait.h>
#include <time.h>
#include <unistd.h>

static double measure_now(void)
{
	struct timespec t;

	clock_gettime(CLOCK_MONOTONIC, &t);
	return (double)t.tv_sec + (double)t.tv_nsec / 1e9;
}

static double measure_secs(struct timeval tv)
{
	return (double)tv.tv_sec + (double)tv.tv_usec / 1e6;
}

int main(int argc, char **argv)
{
	struct rusage ru;
	double t0, t1;
	int status = 0, code;
	pid_t pid;
	FILE *out;

	if (argc < 3) {
		fprintf(stderr, "usage: measure OUTFILE COMMAND [ARG...]\n");
		return 2;
	}
	t0 = measure_now();
	pid = fork();
	if (pid < 0) {
		fprintf(stderr, "measure: fork: %s\n", strerror(errno));
		return 2;
	}
	if (pid == 0) {
		execvp(argv[2], argv + 2);
		fprintf(stderr, "measure: cannot run '%s': %s\n", argv[2], strerror(errno));
		_exit(127);
	}
	if (wait4(pid, &status, 0, &ru) < 0) {
		fprintf(stderr, "measure: wait: %s\n", strerror(errno));
		return 2;
	}
	t1 = measure_now();
	code = WIFEXITED(status) ? WEXITSTATUS(status) : 128 + WTERMSIG(status);
	out = fopen(argv[1], "w");
	if (!out) {
		fprintf(stderr, "measure: cannot write '%s': %s\n", argv[1], strerror(errno));
		return 2;
	}
	fprintf(out, "wall=%.3f user=%.3f sys=%.3f maxrss_kib=%ld status=%d\n", t1 - t0,
		measure_secs(ru.ru_utime), measure_secs(ru.ru_stime), ru.ru_maxrss, code);
	fclose(out);
	return code;
}
