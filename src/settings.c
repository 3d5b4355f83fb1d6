/*
 * settings: the configuration file (see settings.h).
 */
#include "config.h"

#include "settings.h"

#include <errno.h>
#include <math.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>
#include <sys/stat.h>
#include <unistd.h>

#include "base/escape.h"
#include "base/i18n.h"
#include "base/outfile.h"
#include "model/model.h"

#define SETTINGS_SYSTEM_PATH "/etc/pktop.conf"
#define SETTINGS_LINE_MAX 4096

/* by position: enum ui_view_id's order */
static const char *const settings_views[] = {
	"hosts", "connections", "protocols", "packets", "processes",
};

/* model_sort by position */
static const struct {
	int sort;
	const char *name;
} settings_sorts[] = {
	{ MODEL_SORT_RATE_2S, "rate2s" },  { MODEL_SORT_RATE_10S, "rate10s" },
	{ MODEL_SORT_RATE_40S, "rate40s" }, { MODEL_SORT_BYTES, "bytes" },
	{ MODEL_SORT_PACKETS, "packets" }, { MODEL_SORT_ADDR, "address" },
	{ MODEL_SORT_FIRST, "first" },     { MODEL_SORT_LAST, "last" },
	{ MODEL_SORT_RTT, "rtt" },         { MODEL_SORT_RETR, "retr" },
	{ MODEL_SORT_HEALTH, "health" },
};

static const char *const settings_themes[SETTINGS_THEME_COUNT] = {
	[SETTINGS_THEME_DEFAULT] = "default",
	[SETTINGS_THEME_MONOCHROME] = "monochrome",
	[SETTINGS_THEME_HIGH_CONTRAST] = "high-contrast",
};

#define SETTINGS_COUNT(a) (sizeof(a) / sizeof((a)[0]))

void
settings_init(struct settings *s)
{
	memset(s, 0, sizeof(*s));
	s->view = s->sort = s->reverse = s->theme = SETTINGS_UNSET;
	s->resolve = s->port_names = s->bits = SETTINGS_UNSET;
	s->mouse = s->confirm = s->osc52 = SETTINGS_UNSET;
}

const char *
settings_view_name(int view)
{
	if (view < 0 || (size_t)view >= SETTINGS_COUNT(settings_views))
		return NULL;
	return settings_views[view];
}

const char *
settings_sort_name(int sort)
{
	size_t i;

	for (i = 0; i < SETTINGS_COUNT(settings_sorts); i++)
		if (settings_sorts[i].sort == sort)
			return settings_sorts[i].name;
	return NULL;
}

const char *
settings_theme_name(int theme)
{
	if (theme < 0 || theme >= SETTINGS_THEME_COUNT)
		return NULL;
	return settings_themes[theme];
}

/* The file's names, and 2s, 10s and 40s for the rates (iftop's -o). */
int
settings_sort_from_name(const char *name)
{
	size_t i;

	for (i = 0; i < SETTINGS_COUNT(settings_sorts); i++)
		if (strcasecmp(name, settings_sorts[i].name) == 0 ||
		    (strncmp(settings_sorts[i].name, "rate", 4) == 0 &&
		     strcasecmp(name, settings_sorts[i].name + 4) == 0))
			return settings_sorts[i].sort;
	return SETTINGS_UNSET;
}

const char *
settings_sort_expected(void)
{
	return _("expected 2s, 10s, 40s (or rate2s, rate10s, rate40s), "
		 "bytes, packets, address, first, last, rtt, retr or health");
}

int
settings_theme_from_name(const char *name)
{
	int i;

	for (i = 0; i < SETTINGS_THEME_COUNT; i++)
		if (strcasecmp(name, settings_themes[i]) == 0)
			return i;
	return SETTINGS_UNSET;
}

bool
settings_user_path(char *out, size_t size)
{
	const char *xdg = getenv("XDG_CONFIG_HOME");
	const char *home = getenv("HOME");
	int n;

	if (xdg && xdg[0] == '/')
		n = snprintf(out, size, "%s/pktop/pktoprc", xdg);
	else if (home && home[0])
		n = snprintf(out, size, "%s/.config/pktop/pktoprc", home);
	else
		return false;
	return n > 0 && (size_t)n < size;
}

bool
settings_default_path(char *out, size_t size)
{
	bool user = settings_user_path(out, size);

	if (user && access(out, F_OK) == 0)
		return true;
	if (access(SETTINGS_SYSTEM_PATH, F_OK) == 0) {
		snprintf(out, size, "%s", SETTINGS_SYSTEM_PATH);
		return true;
	}
	return user;
}

/* The value of a yes/no key, or SETTINGS_UNSET. */
static int
settings_bool(const char *v)
{
	static const char *const yes[] = { "yes", "true", "on", "1" };
	static const char *const no[] = { "no", "false", "off", "0" };
	size_t i;

	for (i = 0; i < SETTINGS_COUNT(yes); i++) {
		if (strcasecmp(v, yes[i]) == 0)
			return 1;
		if (strcasecmp(v, no[i]) == 0)
			return 0;
	}
	return SETTINGS_UNSET;
}

static int
settings_index(const char *v, const char *const *names, size_t n)
{
	size_t i;

	for (i = 0; i < n; i++)
		if (strcasecmp(v, names[i]) == 0)
			return (int)i;
	return SETTINGS_UNSET;
}

/* Apply KEY = VALUE; NULL, or what is wrong with it. */
static const char *
settings_apply(struct settings *s, const char *key, const char *v)
{
	static const struct {
		const char *key;
		size_t off;
	} flags[] = {
		{ "resolve", offsetof(struct settings, resolve) },
		{ "port_names", offsetof(struct settings, port_names) },
		{ "mouse", offsetof(struct settings, mouse) },
		{ "confirm", offsetof(struct settings, confirm) },
		{ "osc52", offsetof(struct settings, osc52) },
		{ "reverse", offsetof(struct settings, reverse) },
	};
	size_t i;
	char *end;
	double d;
	int k;

	for (i = 0; i < SETTINGS_COUNT(flags); i++) {
		if (strcmp(key, flags[i].key) != 0)
			continue;
		k = settings_bool(v);
		if (k == SETTINGS_UNSET)
			return _("expected yes or no");
		*(int *)((char *)s + flags[i].off) = k;
		return NULL;
	}
	if (strcmp(key, "interface") == 0) {
		if (!v[0] || strlen(v) >= sizeof(s->interface))
			return _("expected an interface name (see 'pktop -D')");
		snprintf(s->interface, sizeof(s->interface), "%s", v);
	} else if (strcmp(key, "filter") == 0) {
		if (strlen(v) >= sizeof(s->filter))
			return _("the filter is too long");
		snprintf(s->filter, sizeof(s->filter), "%s", v);
	} else if (strcmp(key, "view") == 0) {
		k = settings_index(v, settings_views,
				   SETTINGS_COUNT(settings_views));
		if (k == SETTINGS_UNSET)
			return _("expected hosts, connections, protocols, "
				 "packets or processes");
		s->view = k;
	} else if (strcmp(key, "sort") == 0) {
		k = settings_sort_from_name(v);
		if (k == SETTINGS_UNSET)
			return settings_sort_expected();
		s->sort = k;
	} else if (strcmp(key, "delay") == 0) {
		errno = 0;
		d = strtod(v, &end);
		if (!v[0] || *end || errno || !isfinite(d) || d < 0.1 ||
		    d > 3600)
			return _("expected seconds from 0.1 to 3600");
		s->delay = d;
	} else if (strcmp(key, "theme") == 0) {
		k = settings_theme_from_name(v);
		if (k == SETTINGS_UNSET)
			return _("expected default, monochrome or "
				 "high-contrast");
		s->theme = k;
	} else if (strcmp(key, "units") == 0) {
		if (strcasecmp(v, "bits") == 0)
			s->bits = 1;
		else if (strcasecmp(v, "bytes") == 0)
			s->bits = 0;
		else
			return _("expected bits or bytes");
	} else {
		return _("unknown key");
	}
	return NULL;
}

static char *
settings_trim(char *p)
{
	char *e;

	while (*p == ' ' || *p == '\t')
		p++;
	e = p + strlen(p);
	while (e > p && (e[-1] == ' ' || e[-1] == '\t' || e[-1] == '\n' ||
			 e[-1] == '\r'))
		*--e = '\0';
	return p;
}

/* One line of the file: NULL when fine, else what is wrong. */
static const char *
settings_line(struct settings *s, char *line)
{
	char *p = settings_trim(line), *eq, *key, *v;
	size_t n;

	if (!*p || *p == '#')
		return NULL;
	eq = strchr(p, '=');
	if (!eq)
		return _("expected 'key = value'");
	*eq = '\0';
	key = settings_trim(p);
	v = settings_trim(eq + 1);
	/* "a value in quotes" keeps its spaces */
	n = strlen(v);
	if (n >= 2 && v[0] == '"' && v[n - 1] == '"') {
		v[n - 1] = '\0';
		v++;
	}
	if (!*key)
		return _("expected 'key = value'");
	return settings_apply(s, key, v);
}

int
settings_load(struct settings *s, const char *path, bool must_exist,
	      FILE *warn, char *err, size_t errlen)
{
	char line[SETTINGS_LINE_MAX], shown[SETTINGS_PATH_MAX];
	unsigned long lineno = 0;
	const char *why;
	struct stat st;
	FILE *f;

	snprintf(s->path, sizeof(s->path), "%s", path);
	escape_text(path, strlen(path), shown, sizeof(shown));
	f = fopen(path, "re");
	if (!f) {
		/* the default path: one we may not read (a root-only home
		 * after the drop, say) is as good as none */
		if ((errno == ENOENT || errno == EACCES) && !must_exist)
			return 0;
		snprintf(err, errlen, _("cannot read the settings file '%s': %s"),
			 shown, strerror(errno));
		return -1;
	}
	if (fstat(fileno(f), &st) == 0 && S_ISDIR(st.st_mode)) {
		fclose(f);
		snprintf(err, errlen, _("cannot read the settings file '%s': %s"),
			 shown, strerror(EISDIR));
		return -1;
	}
	while (fgets(line, sizeof(line), f)) {
		size_t n = strlen(line);

		lineno++;
		if (n == sizeof(line) - 1 && line[n - 1] != '\n') {
			int c;

			/* skip the rest of an overlong line */
			while ((c = fgetc(f)) != EOF && c != '\n')
				;
			why = _("the line is too long");
		} else {
			why = settings_line(s, line);
		}
		if (why && warn)
			fprintf(warn, _("pktop: %s:%lu: %s (the default stays)\n"),
				shown, lineno, why);
	}
	fclose(f);
	return 0;
}

/* mkdir -p of PATH's directory. */
static int
settings_make_dir(const char *path)
{
	char dir[SETTINGS_PATH_MAX], *p;

	snprintf(dir, sizeof(dir), "%s", path);
	p = strrchr(dir, '/');
	if (!p || p == dir)
		return 0;
	*p = '\0';
	for (p = dir + 1; *p; p++) {
		if (*p != '/')
			continue;
		*p = '\0';
		if (mkdir(dir, 0755) < 0 && errno != EEXIST)
			return -1;
		*p = '/';
	}
	if (mkdir(dir, 0755) < 0 && errno != EEXIST)
		return -1;
	return 0;
}

static void
settings_put_bool(FILE *f, const char *key, int v)
{
	if (v != SETTINGS_UNSET)
		fprintf(f, "%s = %s\n", key, v ? "yes" : "no");
}

/* The file's text; 0, or -1 when it did not reach the disk. */
static int
settings_put_all(const struct settings *s, FILE *f)
{
	fputs("# pktop settings (W in pktop writes them; see pktop(8), FILES)\n",
	      f);
	if (s->interface[0])
		fprintf(f, "interface = %s\n", s->interface);
	if (s->filter[0])
		fprintf(f, "filter = %s\n", s->filter);
	if (settings_view_name(s->view))
		fprintf(f, "view = %s\n", settings_view_name(s->view));
	if (settings_sort_name(s->sort))
		fprintf(f, "sort = %s\n", settings_sort_name(s->sort));
	settings_put_bool(f, "reverse", s->reverse);
	if (s->delay > 0)
		fprintf(f, "delay = %g\n", s->delay);
	if (settings_theme_name(s->theme))
		fprintf(f, "theme = %s\n", settings_theme_name(s->theme));
	if (s->bits != SETTINGS_UNSET)
		fprintf(f, "units = %s\n", s->bits ? "bits" : "bytes");
	settings_put_bool(f, "resolve", s->resolve);
	settings_put_bool(f, "port_names", s->port_names);
	settings_put_bool(f, "mouse", s->mouse);
	settings_put_bool(f, "confirm", s->confirm);
	settings_put_bool(f, "osc52", s->osc52);
	return fflush(f) != 0 || fsync(fileno(f)) != 0 ? -1 : 0;
}

int
settings_write(const struct settings *s, char *err, size_t errlen)
{
	char tmp[SETTINGS_PATH_MAX + 16], shown[SETTINGS_PATH_MAX];
	FILE *f;
	int fd;

	escape_text(s->path, strlen(s->path), shown, sizeof(shown));
	if (s->path[0] && outfile_has_helper()) {
		/* pktop dropped root: the helper makes the file (in the
		 * directory named at start, made when missing); written in
		 * place, as the helper renames nothing */
		fd = outfile_open(s->path, OUTFILE_REPLACE, err, errlen);
		if (fd < 0)
			return -1;
		f = fdopen(fd, "w");
		if (!f) {
			close(fd);
			snprintf(err, errlen,
				 _("cannot write the settings to '%s': %s"),
				 shown, strerror(errno));
			return -1;
		}
		fd = settings_put_all(s, f);
		if (fclose(f) != 0 || fd < 0) {
			snprintf(err, errlen,
				 _("cannot write the settings to '%s': %s"),
				 shown, strerror(errno));
			return -1;
		}
		return 0;
	}
	if (!s->path[0] || settings_make_dir(s->path) < 0 ||
	    snprintf(tmp, sizeof(tmp), "%s.XXXXXX", s->path) >=
		    (int)sizeof(tmp) ||
	    (fd = mkstemp(tmp)) < 0) {
		snprintf(err, errlen, _("cannot write the settings to '%s': %s"),
			 shown, strerror(errno));
		return -1;
	}
	f = fdopen(fd, "w");
	if (!f) {
		close(fd);
		unlink(tmp);
		snprintf(err, errlen, _("cannot write the settings to '%s': %s"),
			 shown, strerror(errno));
		return -1;
	}
	fd = settings_put_all(s, f);
	if (fclose(f) != 0)
		fd = -1;
	if (fd < 0 || rename(tmp, s->path) < 0) {
		snprintf(err, errlen, _("cannot write the settings to '%s': %s"),
			 shown, strerror(errno));
		unlink(tmp);
		return -1;
	}
	return 0;
}
