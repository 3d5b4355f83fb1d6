/*
 * clipboard: OSC 52 ("ESC ] 52 ; c ; BASE64 BEL", xterm's control
 * sequences, Operating System Commands) and its base64; tmux's
 * set-clipboard, asked of tmux itself.
 */
#include "config.h"

#include "clipboard.h"

#include <errno.h>
#include <fcntl.h>
#include <poll.h>
#include <signal.h>
#include <spawn.h>
#include <stdlib.h>
#include <string.h>
#include <sys/wait.h>
#include <time.h>
#include <unistd.h>

extern char **environ;

static const char clipboard_alphabet[] =
	"ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789+/";

size_t
clipboard_base64(const uint8_t *in, size_t n, char *out, size_t size)
{
	size_t i, o = 0;

	if (size == 0 || (n + 2) / 3 * 4 >= size) {
		if (size)
			out[0] = '\0';
		return 0;
	}
	for (i = 0; i + 2 < n; i += 3) {
		uint32_t v = (uint32_t)in[i] << 16 | (uint32_t)in[i + 1] << 8 |
			     in[i + 2];

		out[o++] = clipboard_alphabet[v >> 18];
		out[o++] = clipboard_alphabet[(v >> 12) & 63];
		out[o++] = clipboard_alphabet[(v >> 6) & 63];
		out[o++] = clipboard_alphabet[v & 63];
	}
	if (i < n) {
		uint32_t v = (uint32_t)in[i] << 16;

		if (i + 1 < n)
			v |= (uint32_t)in[i + 1] << 8;
		out[o++] = clipboard_alphabet[v >> 18];
		out[o++] = clipboard_alphabet[(v >> 12) & 63];
		out[o++] = i + 1 < n ? clipboard_alphabet[(v >> 6) & 63] : '=';
		out[o++] = '=';
	}
	out[o] = '\0';
	return o;
}

int
clipboard_osc52(FILE *out, const void *data, size_t n)
{
	size_t size;
	char *b64;
	int rc = -1;

	if (n > CLIPBOARD_MAX)
		n = CLIPBOARD_MAX;
	size = (n + 2) / 3 * 4 + 1;
	b64 = malloc(size);
	if (b64 == NULL)
		return -1;
	if (n > 0 && clipboard_base64(data, n, b64, size) == 0)
		goto out;
	if (n == 0)
		b64[0] = '\0';
	if (fprintf(out, "\033]52;c;%s\a", b64) < 0 || fflush(out) != 0)
		goto out;
	rc = 0;
out:
	free(b64);
	return rc;
}

enum clipboard_tmux
clipboard_tmux_parse(const char *answer)
{
	size_t n = strcspn(answer, "\r\n");

	if (n == 2 && strncmp(answer, "on", n) == 0)
		return CLIPBOARD_TMUX_ON;
	if (n == 8 && strncmp(answer, "external", n) == 0)
		return CLIPBOARD_TMUX_EXTERNAL;
	if (n == 3 && strncmp(answer, "off", n) == 0)
		return CLIPBOARD_TMUX_OFF;
	return CLIPBOARD_TMUX_UNKNOWN;
}

const char *
clipboard_tmux_name(enum clipboard_tmux state)
{
	switch (state) {
	case CLIPBOARD_TMUX_ON:
		return "on";
	case CLIPBOARD_TMUX_EXTERNAL:
		return "external";
	case CLIPBOARD_TMUX_OFF:
		return "off";
	default:
		return NULL;
	}
}

static long
clipboard_ms_since(const struct timespec *t0)
{
	struct timespec now;

	clock_gettime(CLOCK_MONOTONIC, &now);
	return (now.tv_sec - t0->tv_sec) * 1000L +
	       (now.tv_nsec - t0->tv_nsec) / 1000000L;
}

enum clipboard_tmux
clipboard_tmux_ask(int timeout_ms)
{
	static char a0[] = "tmux", a1[] = "show-options", a2[] = "-gv",
		    a3[] = "set-clipboard";
	char *argv[] = { a0, a1, a2, a3, NULL };
	enum clipboard_tmux state = CLIPBOARD_TMUX_UNKNOWN;
	posix_spawn_file_actions_t fa;
	struct timespec t0;
	char answer[32];
	size_t got = 0;
	int fds[2], rc, status = -1;
	pid_t pid;

	if (getenv("TMUX") == NULL)
		return CLIPBOARD_TMUX_NONE;
	if (pipe2(fds, O_CLOEXEC) < 0)
		return CLIPBOARD_TMUX_UNKNOWN;
	posix_spawn_file_actions_init(&fa);
	posix_spawn_file_actions_adddup2(&fa, fds[1], STDOUT_FILENO);
	posix_spawn_file_actions_addopen(&fa, STDIN_FILENO, "/dev/null",
					 O_RDONLY, 0);
	/* the screen is ours: nothing tmux says may land on it */
	posix_spawn_file_actions_addopen(&fa, STDERR_FILENO, "/dev/null",
					 O_WRONLY, 0);
	rc = posix_spawnp(&pid, "tmux", &fa, NULL, argv, environ);
	posix_spawn_file_actions_destroy(&fa);
	close(fds[1]);
	if (rc != 0)
		goto out;
	clock_gettime(CLOCK_MONOTONIC, &t0);
	for (;;) {
		struct pollfd p = { .fd = fds[0], .events = POLLIN };
		long left = timeout_ms - clipboard_ms_since(&t0);
		ssize_t k;

		if (left <= 0 || (rc = poll(&p, 1, (int)left)) == 0) {
			/* a server that does not answer: give up on it */
			kill(pid, SIGKILL);
			got = 0;
			break;
		}
		if (rc < 0) {
			if (errno == EINTR)
				continue;
			kill(pid, SIGKILL);
			got = 0;
			break;
		}
		k = read(fds[0], answer + got, sizeof(answer) - 1 - got);
		if (k < 0 && errno == EINTR)
			continue;
		if (k <= 0)
			break;
		got += (size_t)k;
		if (got == sizeof(answer) - 1) {
			/* no answer of tmux's is this long */
			kill(pid, SIGKILL);
			got = 0;
			break;
		}
	}
	answer[got] = '\0';
	while (waitpid(pid, &status, 0) < 0 && errno == EINTR)
		;
	if (got > 0 && WIFEXITED(status) && WEXITSTATUS(status) == 0)
		state = clipboard_tmux_parse(answer);
out:
	close(fds[0]);
	return state;
}
