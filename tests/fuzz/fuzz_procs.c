/*
 * fuzz_procs: the text process attribution reads from /proc and shows:
 * a /proc/PID/cgroup file (any bytes, any lines) cut to the path shown,
 * and that path made a container or unit name. Both results end in NUL
 * inside their room, whatever the input.
 */
#include "config.h"

#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#include "base/procscan.h"

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

int
LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	char *text = malloc(size + 1);
	char path[PROC_OWNER_PATH_MAX], name[PROCSCAN_CONTAINER_MAX];
	char small[5];

	if (text == NULL)
		return 0;
	memcpy(text, data, size);
	text[size] = '\0';
	memset(path, 'x', sizeof(path));
	procscan_cgroup_path(text, path, sizeof(path));
	if (memchr(path, '\0', sizeof(path)) == NULL)
		abort();
	memset(name, 'x', sizeof(name));
	procscan_container(path, name, sizeof(name));
	if (memchr(name, '\0', sizeof(name)) == NULL)
		abort();
	procscan_container(path, small, sizeof(small));
	if (memchr(small, '\0', sizeof(small)) == NULL)
		abort();
	/* the raw input as a path too */
	memcpy(text, data, size);
	text[size] = '\0';
	procscan_container(text, name, sizeof(name));
	if (memchr(name, '\0', sizeof(name)) == NULL)
		abort();
	free(text);
	return 0;
}
