/*
 * main: option parsing and start-up. Placeholder until the capture block
 * lands; it only proves the build links.
 */
#include "config.h"

#include <stdio.h>

int
main(void)
{
	fputs("pktop: not built yet\n", stderr);
	return 2;
}
