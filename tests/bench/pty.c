/*
 * pty.c -- what the workstation costs a terminal, measured through a
 * pseudo-terminal the way an SSH session sees it.
 *
 *   tui-bench IDLE_SECONDS PROGRAM [ARGS...]
 *
 * Starts PROGRAM in an 80x24 pseudo-terminal and prints, one per line:
 *   start MILLISECONDS   from starting it to the last byte of its first
 *                        screen (the output then stays quiet)
 *   start_bytes N
 *   idle_bytes N         bytes sent while nobody types, for IDLE_SECONDS
 *   move_bytes N         for one line moved in a list (search hits, Down)
 *   open_bytes N         for opening the next account (n)
 *   private_kib N        the process's private memory with an account open,
 *                        the database's shared map left out
 */
#include <errno.h>
#include <poll.h>
#include <pty.h>
#include <signal.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/wait.h>
#include <time.h>
#include <unistd.h>

#define QUIET_MS 400 /* output this long quiet: the screen is drawn */

static double now_ms(void)
{
	struct timespec ts;
	clock_gettime(CLOCK_MONOTONIC, &ts);
	return ts.tv_sec * 1e3 + ts.tv_nsec / 1e6;
}

/* Reads what the program writes until quiet_ms pass without a byte (or,
 * with quiet_ms 0, for wait_ms); returns the bytes and sets *last to the
 * time of the last one. */
static long drain(int fd, int quiet_ms, int wait_ms, double *last)
{
	char buf[65536];
	long total = 0;
	double end = now_ms() + wait_ms;
	for (;;) {
		int timeout = quiet_ms ? quiet_ms : (int)(end - now_ms());
		if (timeout <= 0)
			return total;
		struct pollfd p = { .fd = fd, .events = POLLIN };
		int n = poll(&p, 1, timeout);
		if (n < 0 && errno == EINTR)
			continue;
		if (n <= 0)
			return total;
		ssize_t got = read(fd, buf, sizeof buf);
		if (got <= 0)
			return total;
		total += got;
		if (last)
			*last = now_ms();
	}
}

static void send_keys(int fd, const char *keys)
{
	if (write(fd, keys, strlen(keys)) != (ssize_t)strlen(keys)) {
		perror("tui-bench: write");
		exit(1);
	}
}

/* The kibibytes of pid's private pages, but for the database's map, which
 * every agent's process shares. */
static long private_kib(pid_t pid)
{
	char path[64], line[512];
	long kib = 0, v;
	int in_map = 0;
	snprintf(path, sizeof path, "/proc/%d/smaps", (int)pid);
	FILE *f = fopen(path, "r");
	if (f == NULL)
		return -1;
	while (fgets(line, sizeof line, f)) {
		unsigned long from, to;
		if (sscanf(line, "%lx-%lx ", &from, &to) == 2)
			in_map = strstr(line, "data.mdb") != NULL;
		else if (!in_map && (sscanf(line, "Private_Clean: %ld kB", &v) == 1 ||
		    sscanf(line, "Private_Dirty: %ld kB", &v) == 1))
			kib += v;
	}
	fclose(f);
	return kib;
}

int main(int argc, char **argv)
{
	if (argc < 3) {
		fprintf(stderr, "usage: tui-bench IDLE_SECONDS PROGRAM [ARGS...]\n");
		return 1;
	}
	struct winsize ws = { .ws_row = 24, .ws_col = 80 };
	int fd;
	double t0 = now_ms(), last = t0;
	pid_t pid = forkpty(&fd, NULL, NULL, &ws);
	if (pid < 0) {
		perror("tui-bench: forkpty");
		return 1;
	}
	if (pid == 0) {
		execvp(argv[2], argv + 2);
		_exit(127);
	}
	long bytes = drain(fd, QUIET_MS, 0, &last);
	printf("start %.1f\nstart_bytes %ld\n", last - t0, bytes);
	printf("idle_bytes %ld\n", drain(fd, 0, atoi(argv[1]) * 1000, NULL));
	send_keys(fd, "/Soto\r");
	drain(fd, QUIET_MS, 0, NULL);
	send_keys(fd, "\033OB");
	printf("move_bytes %ld\n", drain(fd, QUIET_MS, 0, NULL));
	send_keys(fd, "\033");
	drain(fd, QUIET_MS, 0, NULL);
	send_keys(fd, "n");
	printf("open_bytes %ld\n", drain(fd, QUIET_MS, 0, NULL));
	printf("private_kib %ld\n", private_kib(pid));
	send_keys(fd, "qyq");
	drain(fd, QUIET_MS, 0, NULL);
	kill(pid, SIGTERM);
	waitpid(pid, NULL, 0);
	return 0;
}
