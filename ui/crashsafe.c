/*
 * crashsafe: the terminal restored on a fatal signal (see crashsafe.h).
 */
#include "config.h"

#include "crashsafe.h"

#include <curses.h>
#include <signal.h>
#include <string.h>
#include <term.h>
#include <termios.h>
#include <unistd.h>

#define CRASHSAFE_SEQ_MAX 256

static const int crashsafe_signals[] = { SIGSEGV, SIGBUS, SIGFPE, SIGILL,
					 SIGABRT };
#define CRASHSAFE_NSIG (sizeof(crashsafe_signals) / sizeof(int))

static struct {
	int fd;
	bool have_modes, armed;
	struct termios modes;
	char seq[CRASHSAFE_SEQ_MAX];
	size_t len;
	struct sigaction old[CRASHSAFE_NSIG];
} crashsafe = { .fd = -1 };

void
crashsafe_save(int fd)
{
	crashsafe.fd = fd;
	crashsafe.have_modes = tcgetattr(fd, &crashsafe.modes) == 0;
}

/* Append terminfo capability NAME (when the terminal has it). */
static void
crashsafe_add(const char *name)
{
	char *cap = tigetstr(name);
	size_t n;

	if (cap == NULL || cap == (char *)-1)
		return;
	n = strlen(cap);
	if (crashsafe.len + n >= sizeof(crashsafe.seq))
		return;
	memcpy(crashsafe.seq + crashsafe.len, cap, n);
	crashsafe.len += n;
}

static void
crashsafe_handler(int sig, siginfo_t *info, void *ctx)
{
	size_t i, done = 0;
	ssize_t n;

	(void)ctx;
	while (done < crashsafe.len) {
		n = write(crashsafe.fd, crashsafe.seq + done,
			  crashsafe.len - done);
		if (n <= 0)
			break;
		done += (size_t)n;
	}
	if (crashsafe.have_modes)
		tcsetattr(crashsafe.fd, TCSANOW, &crashsafe.modes);
	for (i = 0; i < CRASHSAFE_NSIG; i++)
		if (crashsafe_signals[i] == sig)
			sigaction(sig, &crashsafe.old[i], NULL);
	/* Sent by kill or raise (abort): send it again to the previous
	 * handler. A real fault happens again on return, under it. */
	if (info == NULL || info->si_code <= 0)
		raise(sig);
}

void
crashsafe_arm(bool mouse)
{
	struct sigaction sa;
	size_t i;

	if (crashsafe.fd < 0 || crashsafe.armed)
		return;
	crashsafe.len = 0;
	if (mouse) {
		static const char off[] = "\033[?1000l\033[?1002l\033[?1006l";

		memcpy(crashsafe.seq, off, sizeof(off) - 1);
		crashsafe.len = sizeof(off) - 1;
	}
	crashsafe_add("sgr0");
	crashsafe_add("cnorm");
	crashsafe_add("rmcup");
	crashsafe_add("rmkx");
	if (crashsafe.len + 2 < sizeof(crashsafe.seq)) {
		memcpy(crashsafe.seq + crashsafe.len, "\r\n", 2);
		crashsafe.len += 2;
	}
	memset(&sa, 0, sizeof(sa));
	sa.sa_sigaction = crashsafe_handler;
	sa.sa_flags = SA_SIGINFO | SA_NODEFER;
	sigemptyset(&sa.sa_mask);
	for (i = 0; i < CRASHSAFE_NSIG; i++)
		sigaction(crashsafe_signals[i], &sa, &crashsafe.old[i]);
	crashsafe.armed = true;
}

void
crashsafe_disarm(void)
{
	size_t i;

	if (!crashsafe.armed)
		return;
	for (i = 0; i < CRASHSAFE_NSIG; i++)
		sigaction(crashsafe_signals[i], &crashsafe.old[i], NULL);
	crashsafe.armed = false;
}
