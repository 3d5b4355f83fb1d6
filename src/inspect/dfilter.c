/*
 * dfilter: the display filter compiler and its evaluator. A hand-written
 * lexer and recursive-descent parser (precedence, lowest first: or ||,
 * xor ^^, and &&, not !) build a tree of nodes; each relation's literal
 * is converted once, at compile time, to the type of its field (an
 * error with the literal's position when it is not a valid value), so
 * matching a packet only walks the tree's nodes of the named fields.
 */
#include "inspect/dfilter.h"

#include <arpa/inet.h>
#include <ctype.h>
#include <errno.h>
#include <regex.h>
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "base/escape.h"
#include "base/hex.h"
#include "base/i18n.h"
#include "decode/decode.h"
#include "decode/field_table.h"
#include "decode/proto_table.h"
#include "decode/tree.h"

/* Nesting and size bounds: a filter is typed by a person. */
#define DF_MAX_DEPTH 64
#define DF_MAX_TEXT 65536
#define DF_MAX_BYTES 256   /* a literal byte string or address */
#define DF_MAX_SLICES 8

enum df_tok {
	TK_END,
	TK_LPAREN,
	TK_RPAREN,
	TK_LBRACE,
	TK_RBRACE,
	TK_LBRACKET,
	TK_COMMA,
	TK_DOTDOT,
	TK_AND,
	TK_OR,
	TK_XOR,
	TK_NOT,
	TK_EQ,
	TK_NE,     /* != ne all_ne */
	TK_ANY_NE, /* !== any_ne */
	TK_ALL_EQ, /* === all_eq */
	TK_GT,
	TK_GE,
	TK_LT,
	TK_LE,
	TK_CONTAINS,
	TK_MATCHES,
	TK_IN,
	TK_WORD,   /* unquoted: a field name or a literal */
	TK_STRING, /* "..." or r"...", decoded into str/strlen */
	TK_CHAR,   /* 'c' */
};

struct df_token {
	enum df_tok kind;
	size_t pos, len;
	char *str;     /* TK_WORD, TK_STRING: decoded, NUL-terminated */
	size_t strlen;
	uint64_t ch;   /* TK_CHAR */
};

/* A literal converted to its field's type. */
enum df_vkind { DV_UINT, DV_DOUBLE, DV_BYTES, DV_TEXT };

struct df_value {
	enum df_vkind kind;
	uint64_t u;
	double d;
	uint8_t bytes[DF_MAX_BYTES];
	size_t n;
	unsigned prefix;  /* DV_BYTES address: bits that count (CIDR) */
	char *text;       /* DV_TEXT; also a TEXT field's literal as typed */
	size_t textlen;
	bool has_u;       /* DV_TEXT: the literal is also a number */
	bool has_bytes;   /* DV_TEXT: ... or a byte string */
	uint64_t hi;      /* set range upper end (DV_UINT) */
	double dhi;
	bool range;
};

struct df_slice {
	long start; /* negative: from the end */
	long len;   /* -1: to the end */
};

/* What the summary (decode.h) holds of a field, for the fast path. */
enum df_sum {
	DS_NONE,    /* the tree only */
	DS_PROTO,   /* a protocol: its layer bit (proto) */
	DS_SRC4, DS_DST4, DS_ADDR4,
	DS_SRC6, DS_DST6, DS_ADDR6,
	DS_SPORT, DS_DPORT, DS_PORT, /* of transport proto */
};

struct df_field {
	const struct field_def *def;
	const struct field_extra *extra;
	enum df_sum sum;
	unsigned proto;   /* DS_PROTO: the layer; ports: PROTO_TCP/UDP */
	struct df_slice slices[DF_MAX_SLICES];
	int nslices;
};

enum df_kind {
	DN_AND,
	DN_OR,
	DN_XOR,
	DN_NOT,
	DN_EXISTS,
	DN_REL,   /* field OP value(s) */
	DN_FF,    /* field OP field */
};

struct df_node {
	enum df_kind kind;
	struct df_node *a, *b;
	struct df_field f, g;   /* g: right field for DN_FF */
	enum df_tok op;
	struct df_value *vals;  /* DN_REL: one, or a set's members */
	size_t nvals;
	bool set;
	bool has_re;
	regex_t re;
};

struct dfilter {
	struct df_node *root;
	bool needs_tree;
	bool summary_path; /* every tree field has a summary form */
};

struct df_parser {
	const char *text;
	size_t len;
	size_t pos;
	struct df_token tok;
	bool have_tok;
	int depth;
	struct dfilter_error *err;
	bool failed;
	bool needs_tree;
	bool tree_only;    /* a field the summary does not hold */
};

/* ---- errors ---- */

static void
df_fail(struct df_parser *p, size_t pos, size_t len, const char *fmt, ...)
	__attribute__((format(printf, 4, 5)));

static void
df_fail(struct df_parser *p, size_t pos, size_t len, const char *fmt, ...)
{
	va_list ap;

	if (p->failed)
		return;
	p->failed = true;
	p->err->pos = pos;
	p->err->len = len ? len : 1;
	va_start(ap, fmt);
	vsnprintf(p->err->msg, sizeof(p->err->msg), fmt, ap);
	va_end(ap);
}

/* A token's text for a message, escaped and cut. */
static void
df_quote(const struct df_parser *p, size_t pos, size_t len, char *out,
	 size_t size)
{
	if (len > 80)
		len = 80;
	escape_text(p->text + pos, len, out, size);
}

/* ---- lexer ---- */

static bool
df_word_char(int c)
{
	return isalnum(c) || c == '_' || c == '.' || c == ':' || c == '-' ||
	       c == '/';
}

static const struct {
	const char *w;
	enum df_tok t;
} df_keywords[] = {
	{"and", TK_AND},      {"or", TK_OR},         {"xor", TK_XOR},
	{"not", TK_NOT},      {"eq", TK_EQ},         {"any_eq", TK_EQ},
	{"ne", TK_NE},        {"all_ne", TK_NE},     {"any_ne", TK_ANY_NE},
	{"all_eq", TK_ALL_EQ}, {"gt", TK_GT},        {"ge", TK_GE},
	{"lt", TK_LT},        {"le", TK_LE},         {"contains", TK_CONTAINS},
	{"matches", TK_MATCHES}, {"in", TK_IN},
};

/* A quoted string from p->pos (at the quote); RAW: r"..." keeps the
 * backslashes. */
static bool
df_lex_string(struct df_parser *p, struct df_token *t, bool raw)
{
	size_t i = p->pos + (raw ? 2 : 1), n = 0;
	char *s = malloc(p->len - p->pos + 1);

	if (s == NULL) {
		df_fail(p, p->pos, 1, "%s", _("out of memory"));
		return false;
	}
	while (i < p->len && p->text[i] != '"') {
		int c = (unsigned char)p->text[i];

		if (c != '\\') {
			s[n++] = (char)c;
			i++;
			continue;
		}
		if (i + 1 >= p->len)
			break;
		if (raw) {
			/* r"\"" keeps both characters */
			s[n++] = '\\';
			s[n++] = p->text[i + 1];
			i += 2;
			continue;
		}
		c = (unsigned char)p->text[++i];
		i++;
		switch (c) {
		case 'a': s[n++] = '\a'; break;
		case 'b': s[n++] = '\b'; break;
		case 'f': s[n++] = '\f'; break;
		case 'n': s[n++] = '\n'; break;
		case 'r': s[n++] = '\r'; break;
		case 't': s[n++] = '\t'; break;
		case 'v': s[n++] = '\v'; break;
		case 'x': {
			int h1 = i < p->len ? hex_digit_value(p->text[i]) : -1;
			int h2 = i + 1 < p->len ? hex_digit_value(p->text[i + 1])
						: -1;

			if (h1 < 0) {
				df_fail(p, i - 2, 2, "%s",
					_("\\x must be followed by a hex "
					  "digit"));
				free(s);
				return false;
			}
			if (h2 < 0) {
				s[n++] = (char)h1;
				i++;
			} else {
				s[n++] = (char)(h1 * 16 + h2);
				i += 2;
			}
			break;
		}
		default:
			if (c >= '0' && c <= '7') {
				unsigned v = (unsigned)(c - '0');
				int k;

				for (k = 0; k < 2 && i < p->len &&
					    p->text[i] >= '0' && p->text[i] <= '7';
				     k++)
					v = v * 8 + (unsigned)(p->text[i++] - '0');
				if (v > 255) {
					df_fail(p, i - 4, 4, "%s",
						_("octal escape out of range"));
					free(s);
					return false;
				}
				s[n++] = (char)v;
			} else
				s[n++] = (char)c; /* \\ \" and the rest */
			break;
		}
	}
	if (i >= p->len) {
		df_fail(p, p->pos, p->len - p->pos, "%s",
			_("the string has no closing quote"));
		free(s);
		return false;
	}
	s[n] = '\0';
	t->kind = TK_STRING;
	t->str = s;
	t->strlen = n;
	t->len = i + 1 - p->pos;
	return true;
}

/* 'c', '\n', '\x41', '\101' */
static bool
df_lex_char(struct df_parser *p, struct df_token *t)
{
	size_t i = p->pos + 1;
	uint64_t v;

	if (i >= p->len)
		goto bad;
	if (p->text[i] != '\\') {
		v = (unsigned char)p->text[i++];
	} else {
		int c;

		if (++i >= p->len)
			goto bad;
		c = (unsigned char)p->text[i++];
		switch (c) {
		case 'n': v = '\n'; break;
		case 'r': v = '\r'; break;
		case 't': v = '\t'; break;
		case '0': v = 0; break;
		case 'x':
			if (i + 1 >= p->len || hex_digit_value(p->text[i]) < 0 ||
			    hex_digit_value(p->text[i + 1]) < 0)
				goto bad;
			v = (uint64_t)(hex_digit_value(p->text[i]) * 16 +
				       hex_digit_value(p->text[i + 1]));
			i += 2;
			break;
		default: v = (uint64_t)c; break;
		}
	}
	if (i >= p->len || p->text[i] != '\'')
		goto bad;
	t->kind = TK_CHAR;
	t->ch = v;
	t->len = i + 1 - p->pos;
	return true;
bad:
	df_fail(p, p->pos, 1, "%s", _("not a valid character constant"));
	return false;
}

static void
df_token_free(struct df_token *t)
{
	free(t->str);
	t->str = NULL;
}

/* The next token into p->tok (peeked until df_take). */
static bool
df_peek(struct df_parser *p)
{
	struct df_token *t = &p->tok;
	const char *s = p->text;
	size_t i;

	if (p->have_tok)
		return !p->failed;
	memset(t, 0, sizeof(*t));
	while (p->pos < p->len && isspace((unsigned char)s[p->pos]))
		p->pos++;
	t->pos = p->pos;
	p->have_tok = true;
	if (p->pos >= p->len) {
		t->kind = TK_END;
		return true;
	}
	i = p->pos;
#define TOK2(a, b, k)                                                  \
	if (s[i] == (a) && i + 1 < p->len && s[i + 1] == (b)) {        \
		t->kind = (k);                                         \
		t->len = 2;                                            \
		return true;                                           \
	}
	if (s[i] == '!' && i + 2 < p->len && s[i + 1] == '=' &&
	    s[i + 2] == '=') {
		t->kind = TK_ANY_NE;
		t->len = 3;
		return true;
	}
	if (s[i] == '=' && i + 2 < p->len && s[i + 1] == '=' &&
	    s[i + 2] == '=') {
		t->kind = TK_ALL_EQ;
		t->len = 3;
		return true;
	}
	TOK2('=', '=', TK_EQ)
	TOK2('!', '=', TK_NE)
	TOK2('>', '=', TK_GE)
	TOK2('<', '=', TK_LE)
	TOK2('&', '&', TK_AND)
	TOK2('|', '|', TK_OR)
	TOK2('^', '^', TK_XOR)
	TOK2('~', '=', TK_ANY_NE)
#undef TOK2
	t->len = 1;
	switch (s[i]) {
	case '(': t->kind = TK_LPAREN; return true;
	case ')': t->kind = TK_RPAREN; return true;
	case '{': t->kind = TK_LBRACE; return true;
	case '}': t->kind = TK_RBRACE; return true;
	case '[': t->kind = TK_LBRACKET; return true;
	case ',': t->kind = TK_COMMA; return true;
	case '!': t->kind = TK_NOT; return true;
	case '>': t->kind = TK_GT; return true;
	case '<': t->kind = TK_LT; return true;
	case '~': t->kind = TK_MATCHES; return true;
	case '"': return df_lex_string(p, t, false);
	case '\'': return df_lex_char(p, t);
	default: break;
	}
	if (s[i] == 'r' && i + 1 < p->len && s[i + 1] == '"')
		return df_lex_string(p, t, true);
	if (s[i] == '.' && i + 1 < p->len && s[i + 1] == '.') {
		t->kind = TK_DOTDOT;
		t->len = 2;
		return true;
	}
	if (!df_word_char((unsigned char)s[i])) {
		char q[64];

		df_quote(p, i, 1, q, sizeof(q));
		df_fail(p, i, 1, _("\"%s\" was unexpected in this context"),
			q);
		return false;
	}
	/* a word ends before ".." (a range in a set) */
	while (i < p->len && df_word_char((unsigned char)s[i]) &&
	       !(s[i] == '.' && i + 1 < p->len && s[i + 1] == '.'))
		i++;
	t->len = i - p->pos;
	t->kind = TK_WORD;
	t->str = strndup(s + p->pos, t->len);
	if (t->str == NULL) {
		df_fail(p, p->pos, 1, "%s", _("out of memory"));
		return false;
	}
	t->strlen = t->len;
	for (size_t k = 0; k < sizeof(df_keywords) / sizeof(df_keywords[0]);
	     k++)
		if (strcmp(t->str, df_keywords[k].w) == 0) {
			t->kind = df_keywords[k].t;
			df_token_free(t);
			break;
		}
	return true;
}

/* Consume the peeked token (its string moves to the caller's copy). */
static void
df_take(struct df_parser *p, struct df_token *out)
{
	if (out)
		*out = p->tok;
	else
		df_token_free(&p->tok);
	p->pos = p->tok.pos + p->tok.len;
	p->have_tok = false;
	memset(&p->tok, 0, sizeof(p->tok));
}

/* ---- literal conversion ---- */

/* Wireshark's integer forms: decimal, 0x hex, 0 octal, 0b binary. */
static bool
df_parse_uint(const char *s, uint64_t *v)
{
	char *end;
	int base = 10;

	if (*s == '\0' || *s == '-' || *s == '+')
		return false;
	if (s[0] == '0' && (s[1] == 'b' || s[1] == 'B')) {
		s += 2;
		base = 2;
	} else if (s[0] == '0' && (s[1] == 'x' || s[1] == 'X'))
		base = 16;
	else if (s[0] == '0' && s[1])
		base = 8;
	errno = 0;
	*v = strtoull(s, &end, base);
	return *s && *end == '\0' && errno == 0;
}

static bool
df_parse_double(const char *s, double *v)
{
	char *end;

	if (*s == '\0')
		return false;
	errno = 0;
	*v = strtod(s, &end);
	return *end == '\0' && errno == 0;
}

/* Byte strings: aa:bb:cc, aa-bb-cc, aabb.ccdd (a MAC's Cisco form),
 * a single byte "aa"; at most MAX bytes. */
static bool
df_parse_bytes(const char *s, uint8_t *out, size_t max, size_t *n)
{
	size_t k = 0;
	char sep = 0;

	if (*s == '\0')
		return false;
	/* aabb.ccdd.eeff */
	if (strlen(s) == 14 && s[4] == '.' && s[9] == '.') {
		for (int i = 0; i < 14; i += 5)
			for (int j = 0; j < 4; j += 2) {
				int h = hex_digit_value(s[i + j]);
				int l = hex_digit_value(s[i + j + 1]);

				if (h < 0 || l < 0 || k >= max)
					return false;
				out[k++] = (uint8_t)(h * 16 + l);
			}
		*n = k;
		return true;
	}
	while (*s) {
		int h = hex_digit_value(s[0]), l;

		if (h < 0 || k >= max)
			return false;
		l = hex_digit_value(s[1]);
		if (l >= 0) {
			out[k++] = (uint8_t)(h * 16 + l);
			s += 2;
		} else
			out[k++] = (uint8_t)h, s += 1;
		if (*s == '\0')
			break;
		if (sep == 0 && (*s == ':' || *s == '-' || *s == '.'))
			sep = *s;
		if (*s != sep)
			return false;
		s++;
		if (*s == '\0')
			return false;
	}
	*n = k;
	return k > 0;
}

/* The value text of a bytes-like field: "aa:bb" or plain hex "aabb". */
static bool
df_parse_hexrun(const char *s, uint8_t *out, size_t max, size_t *n)
{
	size_t k = 0, len = strlen(s);

	if (len == 0 || len % 2 || strchr(s, ':'))
		return df_parse_bytes(s, out, max, n);
	for (size_t i = 0; i < len; i += 2) {
		int h = hex_digit_value(s[i]), l = hex_digit_value(s[i + 1]);

		if (h < 0 || l < 0 || k >= max)
			return false;
		out[k++] = (uint8_t)(h * 16 + l);
	}
	*n = k;
	return true;
}

/* An address with an optional /prefix. */
static bool
df_parse_addr(const char *s, enum field_type type, struct df_value *v)
{
	char buf[128];
	const char *slash = strchr(s, '/');
	size_t alen = slash ? (size_t)(slash - s) : strlen(s);
	unsigned bits = type == FIELD_IPV4 ? 32 : 128;
	int af = type == FIELD_IPV4 ? AF_INET : AF_INET6;

	if (alen >= sizeof(buf))
		return false;
	memcpy(buf, s, alen);
	buf[alen] = '\0';
	if (type == FIELD_IPV4) {
		/* inet_pton takes only the four-part dotted form */
		int dots = 0;

		for (const char *c = buf; *c; c++)
			dots += *c == '.';
		if (dots != 3)
			return false;
	}
	if (inet_pton(af, buf, v->bytes) != 1)
		return false;
	v->n = bits / 8;
	v->prefix = bits;
	if (slash) {
		uint64_t pl;

		if (!df_parse_uint(slash + 1, &pl) || pl > bits ||
		    (slash[1] == '0' && slash[2]))
			return false;
		v->prefix = (unsigned)pl;
	}
	v->kind = DV_BYTES;
	return true;
}

/* Convert token T to a value for field F (type TYPE, or bytes when
 * SLICED). False with an error at the token. */
static bool
df_convert(struct df_parser *p, const struct df_token *t,
	   const struct df_field *f, bool sliced, struct df_value *v)
{
	enum field_type type = f->def->type;
	const char *s = t->str;
	char q[128];

	memset(v, 0, sizeof(*v));
	if (t->kind == TK_CHAR) {
		if (sliced || type == FIELD_PROTOCOL) {
			v->kind = DV_BYTES;
			v->bytes[0] = (uint8_t)t->ch;
			v->n = 1;
			return true;
		}
		if (type == FIELD_UINT || type == FIELD_TEXT ||
		    type == FIELD_DOUBLE) {
			v->kind = type == FIELD_DOUBLE ? DV_DOUBLE : DV_UINT;
			v->u = t->ch;
			v->d = (double)t->ch;
			return true;
		}
		goto bad;
	}
	if (sliced || type == FIELD_PROTOCOL) {
		if (t->kind == TK_STRING) {
			if (t->strlen > DF_MAX_BYTES)
				goto bad;
			memcpy(v->bytes, s, t->strlen);
			v->n = t->strlen;
		} else if (!df_parse_bytes(s, v->bytes, DF_MAX_BYTES, &v->n))
			goto bad;
		v->kind = DV_BYTES;
		v->prefix = (unsigned)(v->n * 8);
		return true;
	}
	switch (type) {
	case FIELD_UINT:
		if (t->kind == TK_WORD && df_parse_uint(s, &v->u)) {
			v->kind = DV_UINT;
			return true;
		}
		if (t->kind == TK_WORD &&
		    (strcmp(s, "True") == 0 || strcmp(s, "False") == 0)) {
			v->kind = DV_UINT;
			v->u = s[0] == 'T';
			return true;
		}
		goto bad;
	case FIELD_DOUBLE:
		if (t->kind == TK_WORD && df_parse_double(s, &v->d)) {
			v->kind = DV_DOUBLE;
			return true;
		}
		goto bad;
	case FIELD_IPV4:
	case FIELD_IPV6:
		if (t->kind == TK_WORD && df_parse_addr(s, type, v))
			return true;
		goto bad;
	case FIELD_ETHER:
		if (t->kind == TK_WORD &&
		    df_parse_bytes(s, v->bytes, DF_MAX_BYTES, &v->n) &&
		    v->n == 6) {
			v->kind = DV_BYTES;
			v->prefix = 48;
			return true;
		}
		goto bad;
	case FIELD_STRING:
	case FIELD_TEXT:
	case FIELD_PROTOCOL:
		v->kind = DV_TEXT;
		v->text = malloc(t->strlen + 1);
		if (v->text == NULL) {
			df_fail(p, t->pos, t->len, "%s", _("out of memory"));
			return false;
		}
		memcpy(v->text, s, t->strlen + 1);
		v->textlen = t->strlen;
		if (type == FIELD_TEXT && t->kind == TK_WORD) {
			v->has_u = df_parse_uint(s, &v->u);
			if (strcmp(s, "True") == 0 || strcmp(s, "False") == 0) {
				v->has_u = true;
				v->u = s[0] == 'T';
			}
			v->has_bytes = df_parse_bytes(s, v->bytes,
						      DF_MAX_BYTES, &v->n);
			if (!df_parse_double(s, &v->d))
				v->d = 0;
		}
		return true;
	}
bad:
	df_quote(p, t->kind == TK_STRING ? t->pos + 1 : t->pos,
		 t->kind == TK_STRING ? t->len - 2 : t->len, q, sizeof(q));
	df_fail(p, t->pos, t->len,
		_("\"%s\" is not a valid value for %s (%s)"), q, f->def->name,
		sliced ? _("a byte string") : field_type_name(type));
	return false;
}

/* ---- fields ---- */

static size_t
df_distance(const char *a, const char *b)
{
	size_t la = strlen(a), lb = strlen(b);
	size_t row[128], i, j;

	if (la >= 127 || lb >= 127)
		return 1000;
	for (j = 0; j <= lb; j++)
		row[j] = j;
	for (i = 1; i <= la; i++) {
		size_t diag = row[0];

		row[0] = i;
		for (j = 1; j <= lb; j++) {
			size_t up = row[j];
			size_t best = diag + (a[i - 1] != b[j - 1]);

			if (row[j - 1] + 1 < best)
				best = row[j - 1] + 1;
			if (up + 1 < best)
				best = up + 1;
			row[j] = best;
			diag = up;
		}
	}
	return row[lb];
}

/* "did you mean" list: up to three names closest to NAME. */
static void
df_suggest(const char *name, char *out, size_t size)
{
	const char *best[3] = {NULL, NULL, NULL};
	size_t dist[3] = {1000, 1000, 1000};
	size_t limit = strlen(name) / 3 + 2, used = 0;

	out[0] = '\0';
	for (size_t i = 0; i < field_count(); i++) {
		const char *cand = field_at(i)->name;
		size_t d = df_distance(name, cand);

		/* a prefix of a longer name is close too */
		if (d > limit && strncmp(cand, name, strlen(name)) == 0)
			d = limit;
		for (int k = 0; k < 3; k++)
			if (d < dist[k] ||
			    (d == dist[k] && best[k] &&
			     strcmp(cand, best[k]) < 0)) {
				for (int m = 2; m > k; m--) {
					dist[m] = dist[m - 1];
					best[m] = best[m - 1];
				}
				dist[k] = d;
				best[k] = cand;
				break;
			}
	}
	for (int k = 0; k < 3; k++) {
		int w;

		if (!best[k] || dist[k] > limit)
			break;
		w = snprintf(out + used, size - used, "%s%s",
			     used ? ", " : "", best[k]);
		if (w < 0 || (size_t)w >= size - used)
			break;
		used += (size_t)w;
	}
}

/* [i:j] [i-j] [i] [:j] [i:] separated by commas, at p->pos ('['). */
static bool
df_parse_slices(struct df_parser *p, struct df_field *f)
{
	const char *s = p->text;
	size_t i = p->pos + 1, open = p->pos;

	for (;;) {
		long a = 0, b = -1;
		bool have_a = false;
		char *end;
		struct df_slice *sl;

		while (i < p->len && s[i] == ' ')
			i++;
		if (i < p->len && (isdigit((unsigned char)s[i]) ||
				   s[i] == '-')) {
			errno = 0;
			a = strtol(s + i, &end, 10);
			if (errno || end == s + i)
				goto bad;
			i = (size_t)(end - s);
			have_a = true;
		}
		if (i < p->len && s[i] == ':') {
			i++;
			if (i < p->len && isdigit((unsigned char)s[i])) {
				errno = 0;
				b = strtol(s + i, &end, 10);
				if (errno || b <= 0)
					goto bad;
				i = (size_t)(end - s);
			}
		} else if (i < p->len && s[i] == '-' && have_a) {
			long e;

			i++;
			errno = 0;
			e = strtol(s + i, &end, 10);
			if (errno || end == s + i || e < a || a < 0)
				goto bad;
			i = (size_t)(end - s);
			b = e - a + 1;
		} else if (have_a)
			b = 1;
		else
			goto bad;
		if (f->nslices >= DF_MAX_SLICES)
			goto bad;
		sl = &f->slices[f->nslices++];
		sl->start = a;
		sl->len = b;
		while (i < p->len && s[i] == ' ')
			i++;
		if (i < p->len && s[i] == ',') {
			i++;
			continue;
		}
		if (i < p->len && s[i] == ']') {
			p->pos = i + 1;
			return true;
		}
		goto bad;
	}
bad:
	df_fail(p, open, (i < p->len ? i : p->len) - open + 1, "%s",
		_("not a valid range: use [start:length], [start-end], "
		  "[start] or [start:]"));
	return false;
}

/* The summary's form of F, if it has one. */
static void
df_classify(struct df_field *f)
{
	static const struct {
		const char *name;
		enum df_sum sum;
		unsigned proto;
	} map[] = {
		{"ip.src", DS_SRC4, 0},       {"ip.dst", DS_DST4, 0},
		{"ip.addr", DS_ADDR4, 0},     {"ipv6.src", DS_SRC6, 0},
		{"ipv6.dst", DS_DST6, 0},     {"ipv6.addr", DS_ADDR6, 0},
		{"tcp.srcport", DS_SPORT, PROTO_TCP},
		{"tcp.dstport", DS_DPORT, PROTO_TCP},
		{"tcp.port", DS_PORT, PROTO_TCP},
		{"udp.srcport", DS_SPORT, PROTO_UDP},
		{"udp.dstport", DS_DPORT, PROTO_UDP},
		{"udp.port", DS_PORT, PROTO_UDP},
	};
	const struct proto_desc *d;

	f->sum = DS_NONE;
	if (f->nslices)
		return;
	for (size_t i = 0; i < sizeof(map) / sizeof(map[0]); i++)
		if (strcmp(f->def->name, map[i].name) == 0) {
			f->sum = map[i].sum;
			f->proto = map[i].proto;
			return;
		}
	/* a link, network or transport protocol: its layer bit */
	d = f->def->type == FIELD_PROTOCOL
		    ? proto_by_tree_name(f->def->name)
		    : NULL;
	if (d && d->layer != PROTO_LAYER_APP) {
		f->sum = DS_PROTO;
		f->proto = d->id;
	}
}

/* Resolve a word as a field; QUIET: no error, just false. */
static bool
df_field(struct df_parser *p, const struct df_token *t, struct df_field *f,
	 bool quiet)
{
	memset(f, 0, sizeof(*f));
	f->extra = field_extra_lookup(t->str);
	f->def = f->extra ? &f->extra->def : field_lookup(t->str);
	if (f->def == NULL) {
		char q[128], sug[256];

		if (quiet)
			return false;
		df_quote(p, t->pos, t->len, q, sizeof(q));
		df_suggest(t->str, sug, sizeof(sug));
		if (sug[0])
			df_fail(p, t->pos, t->len,
				_("\"%s\" is not a valid protocol or field "
				  "name (did you mean %s?)"),
				q, sug);
		else
			df_fail(p, t->pos, t->len,
				_("\"%s\" is not a valid protocol or field "
				  "name"),
				q);
		return false;
	}
	/* a slice follows the name directly */
	if (p->pos < p->len && p->text[p->pos] == '[' &&
	    !df_parse_slices(p, f))
		return false;
	if (!f->extra || f->extra->pseudo == FIELD_PSEUDO_EITHER ||
	    f->extra->pseudo == FIELD_PSEUDO_PROTOCOLS) {
		p->needs_tree = true;
		df_classify(f);
		if (f->sum == DS_NONE)
			p->tree_only = true;
	}
	return true;
}

/* ---- parser ---- */

static struct df_node *df_or(struct df_parser *p);
static void df_node_free(struct df_node *n);

static struct df_node *
df_new(struct df_parser *p, enum df_kind kind)
{
	struct df_node *n = calloc(1, sizeof(*n));

	if (n == NULL)
		df_fail(p, p->pos, 1, "%s", _("out of memory"));
	else
		n->kind = kind;
	return n;
}

static bool
df_is_relop(enum df_tok k)
{
	return k == TK_EQ || k == TK_NE || k == TK_ANY_NE || k == TK_ALL_EQ ||
	       k == TK_GT || k == TK_GE || k == TK_LT || k == TK_LE ||
	       k == TK_CONTAINS || k == TK_MATCHES;
}

static bool
df_is_value_tok(enum df_tok k)
{
	return k == TK_WORD || k == TK_STRING || k == TK_CHAR;
}

/* The set after "in": { v v .. v, lo..hi } */
static bool
df_parse_set(struct df_parser *p, struct df_node *n)
{
	bool sliced = n->f.nslices > 0;
	size_t cap = 0;

	if (!df_peek(p))
		return false;
	if (p->tok.kind != TK_LBRACE) {
		df_fail(p, p->tok.pos, p->tok.len, "%s",
			_("\"in\" must be followed by a set in braces: "
			  "{80, 443}"));
		return false;
	}
	df_take(p, NULL);
	n->set = true;
	for (;;) {
		struct df_token t;
		struct df_value *v;

		if (!df_peek(p))
			return false;
		if (p->tok.kind == TK_RBRACE && n->nvals > 0) {
			df_take(p, NULL);
			return true;
		}
		if (!df_is_value_tok(p->tok.kind)) {
			df_fail(p, p->tok.pos, p->tok.len, "%s",
				p->tok.kind == TK_END
					? _("the set has no closing brace")
					: _("a value was expected in the set"));
			return false;
		}
		if (n->nvals == cap) {
			size_t nc = cap ? cap * 2 : 4;
			struct df_value *nv =
				realloc(n->vals, nc * sizeof(*nv));

			if (nv == NULL) {
				df_fail(p, p->tok.pos, 1, "%s",
					_("out of memory"));
				return false;
			}
			n->vals = nv;
			cap = nc;
		}
		df_take(p, &t);
		v = &n->vals[n->nvals];
		if (!df_convert(p, &t, &n->f, sliced, v)) {
			df_token_free(&t);
			return false;
		}
		n->nvals++;
		df_token_free(&t);
		if (!df_peek(p))
			return false;
		if (p->tok.kind == TK_DOTDOT) {
			struct df_value hi;
			bool ok;

			df_take(p, NULL);
			if (!df_peek(p))
				return false;
			if (!df_is_value_tok(p->tok.kind) ||
			    (v->kind != DV_UINT && v->kind != DV_DOUBLE)) {
				df_fail(p, p->tok.pos, p->tok.len, "%s",
					_("a range needs two numbers: "
					  "lo..hi"));
				return false;
			}
			df_take(p, &t);
			ok = df_convert(p, &t, &n->f, sliced, &hi);
			df_token_free(&t);
			if (!ok)
				return false;
			v->range = true;
			v->hi = hi.u;
			v->dhi = hi.d;
			if (!df_peek(p))
				return false;
		}
		if (p->tok.kind == TK_COMMA)
			df_take(p, NULL);
	}
}

/* The peeked token is "not" or "!" and "in" follows it. */
static bool
df_not_in(const struct df_parser *p)
{
	size_t i = p->tok.pos + p->tok.len;

	while (i < p->len && isspace((unsigned char)p->text[i]))
		i++;
	return i + 2 <= p->len && strncmp(p->text + i, "in", 2) == 0 &&
	       (i + 2 == p->len ||
		!df_word_char((unsigned char)p->text[i + 2]));
}

static struct df_node *
df_relation(struct df_parser *p)
{
	struct df_token t;
	struct df_node *n;
	enum df_tok op;
	bool sliced;

	if (!df_peek(p))
		return NULL;
	if (p->tok.kind != TK_WORD) {
		if (p->tok.kind == TK_END)
			df_fail(p, p->tok.pos, 1, "%s",
				_("unexpected end of filter expression"));
		else {
			char q[128];

			df_quote(p, p->tok.pos, p->tok.len, q, sizeof(q));
			df_fail(p, p->tok.pos, p->tok.len,
				_("\"%s\" was unexpected in this context"), q);
		}
		return NULL;
	}
	df_take(p, &t);
	n = df_new(p, DN_EXISTS);
	if (n == NULL || !df_field(p, &t, &n->f, false)) {
		df_token_free(&t);
		free(n);
		return NULL;
	}
	df_token_free(&t);
	if (!df_peek(p))
		goto fail;
	op = p->tok.kind;
	if (op == TK_NOT && df_not_in(p)) {
		struct df_node *neg;

		df_take(p, NULL); /* not */
		if (!df_peek(p))
			goto fail;
		df_take(p, NULL); /* in */
		n->kind = DN_REL;
		n->op = TK_IN;
		if (!df_parse_set(p, n))
			goto fail;
		/* present, and no occurrence in the set */
		neg = df_new(p, DN_NOT);
		if (neg == NULL)
			goto fail;
		neg->a = n;
		neg->op = TK_IN;
		return neg;
	}
	if (op == TK_IN) {
		df_take(p, NULL);
		n->kind = DN_REL;
		n->op = TK_IN;
		if (!df_parse_set(p, n))
			goto fail;
		return n;
	}
	if (!df_is_relop(op))
		return n; /* existence */
	df_take(p, NULL);
	n->op = op;
	sliced = n->f.nslices > 0;
	if (!df_peek(p))
		goto fail;
	if (!df_is_value_tok(p->tok.kind)) {
		if (p->tok.kind == TK_END)
			df_fail(p, p->tok.pos, 1, "%s",
				_("unexpected end of filter expression"));
		else
			df_fail(p, p->tok.pos, p->tok.len, "%s",
				_("a value or field was expected here"));
		goto fail;
	}
	df_take(p, &t);
	/* a word naming a field is the field, as in Wireshark */
	if (t.kind == TK_WORD && op != TK_MATCHES &&
	    df_field(p, &t, &n->g, true)) {
		df_token_free(&t);
		if (p->failed)
			goto fail;
		n->kind = DN_FF;
		return n;
	}
	n->kind = DN_REL;
	if (op == TK_MATCHES) {
		const char *re = t.str;
		int flags = REG_EXTENDED | REG_NOSUB | REG_ICASE;
		int rc;

		if (t.kind != TK_STRING) {
			df_fail(p, t.pos, t.len, "%s",
				_("\"matches\" takes a quoted regular "
				  "expression"));
			df_token_free(&t);
			goto fail;
		}
		if (strncmp(re, "(?-i)", 5) == 0) {
			flags &= ~REG_ICASE;
			re += 5;
		} else if (strncmp(re, "(?i)", 4) == 0)
			re += 4;
		if (strlen(re) != t.strlen - (size_t)(re - t.str)) {
			df_fail(p, t.pos, t.len, "%s",
				_("a regular expression cannot hold a NUL "
				  "byte"));
			df_token_free(&t);
			goto fail;
		}
		rc = regcomp(&n->re, re, flags);
		if (rc != 0) {
			char m[200];

			regerror(rc, &n->re, m, sizeof(m));
			df_fail(p, t.pos, t.len,
				_("not a valid regular expression: %s"), m);
			df_token_free(&t);
			goto fail;
		}
		n->has_re = true;
		df_token_free(&t);
		return n;
	}
	if (op == TK_CONTAINS && !sliced &&
	    (n->f.def->type == FIELD_UINT || n->f.def->type == FIELD_DOUBLE ||
	     n->f.def->type == FIELD_IPV4 || n->f.def->type == FIELD_IPV6)) {
		df_fail(p, t.pos, t.len,
			_("%s (%s) cannot be tested with \"contains\""),
			n->f.def->name, field_type_name(n->f.def->type));
		df_token_free(&t);
		goto fail;
	}
	n->vals = calloc(1, sizeof(*n->vals));
	if (n->vals == NULL) {
		df_fail(p, t.pos, t.len, "%s", _("out of memory"));
		df_token_free(&t);
		goto fail;
	}
	n->nvals = 1;
	if (!df_convert(p, &t, &n->f, sliced, &n->vals[0])) {
		df_token_free(&t);
		goto fail;
	}
	df_token_free(&t);
	return n;
fail:
	df_node_free(n);
	return NULL;
}

static struct df_node *
df_unary(struct df_parser *p)
{
	struct df_node *n;

	if (!df_peek(p))
		return NULL;
	if (++p->depth > DF_MAX_DEPTH) {
		df_fail(p, p->tok.pos, p->tok.len, "%s",
			_("the filter is nested too deeply"));
		return NULL;
	}
	if (p->tok.kind == TK_NOT) {
		df_take(p, NULL);
		n = df_new(p, DN_NOT);
		if (n && !(n->a = df_unary(p))) {
			free(n);
			n = NULL;
		}
	} else if (p->tok.kind == TK_LPAREN) {
		size_t open = p->tok.pos;

		df_take(p, NULL);
		n = df_or(p);
		if (n && df_peek(p) && p->tok.kind != TK_RPAREN) {
			df_fail(p, open, 1, "%s",
				_("this parenthesis is not closed"));
			df_node_free(n);
			n = NULL;
		} else if (n)
			df_take(p, NULL);
	} else
		n = df_relation(p);
	p->depth--;
	return n;
}

static struct df_node *
df_binary(struct df_parser *p, int level)
{
	static const enum df_tok ops[] = {TK_OR, TK_XOR, TK_AND};
	static const enum df_kind kinds[] = {DN_OR, DN_XOR, DN_AND};
	struct df_node *l;

	l = level < 2 ? df_binary(p, level + 1) : df_unary(p);
	while (l && df_peek(p) && p->tok.kind == ops[level]) {
		struct df_node *n;

		df_take(p, NULL);
		n = df_new(p, kinds[level]);
		if (n == NULL) {
			df_node_free(l);
			return NULL;
		}
		n->a = l;
		n->b = level < 2 ? df_binary(p, level + 1) : df_unary(p);
		if (n->b == NULL) {
			df_node_free(n);
			return NULL;
		}
		l = n;
	}
	return l;
}

static struct df_node *
df_or(struct df_parser *p)
{
	return df_binary(p, 0);
}

static void
df_node_free(struct df_node *n)
{
	if (n == NULL)
		return;
	df_node_free(n->a);
	df_node_free(n->b);
	for (size_t i = 0; i < n->nvals; i++)
		free(n->vals[i].text);
	free(n->vals);
	if (n->has_re)
		regfree(&n->re);
	free(n);
}

/* A protocol's layer bit answers its existence only (its bytes and
 * the field against field form need the tree). */
static bool
df_summary_nodes(const struct df_node *n)
{
	if (n == NULL)
		return true;
	if (n->kind == DN_FF)
		return false;
	if ((n->kind == DN_REL) && n->f.sum == DS_PROTO)
		return false;
	return df_summary_nodes(n->a) && df_summary_nodes(n->b);
}

struct dfilter *
dfilter_compile(const char *text, struct dfilter_error *err)
{
	struct df_parser p;
	struct dfilter_error dummy;
	struct dfilter *f;
	struct df_node *root;

	if (err == NULL)
		err = &dummy;
	memset(err, 0, sizeof(*err));
	memset(&p, 0, sizeof(p));
	p.text = text;
	p.len = strlen(text);
	p.err = err;
	if (p.len > DF_MAX_TEXT) {
		df_fail(&p, DF_MAX_TEXT, 1, "%s", _("the filter is too long"));
		return NULL;
	}
	if (!df_peek(&p))
		return NULL;
	if (p.tok.kind == TK_END) {
		df_fail(&p, 0, 1, "%s", _("the filter is empty"));
		return NULL;
	}
	root = df_or(&p);
	if (root && df_peek(&p) && p.tok.kind != TK_END) {
		char q[128];

		df_quote(&p, p.tok.pos, p.tok.len, q, sizeof(q));
		df_fail(&p, p.tok.pos, p.tok.len,
			_("\"%s\" was unexpected in this context"), q);
	}
	if (p.have_tok)
		df_token_free(&p.tok);
	if (p.failed || root == NULL) {
		df_node_free(root);
		if (!p.failed)
			df_fail(&p, 0, 1, "%s", _("not a valid filter"));
		return NULL;
	}
	f = calloc(1, sizeof(*f));
	if (f == NULL) {
		df_node_free(root);
		df_fail(&p, 0, 1, "%s", _("out of memory"));
		return NULL;
	}
	f->root = root;
	f->needs_tree = p.needs_tree;
	f->summary_path = !p.tree_only && df_summary_nodes(root);
	return f;
}

void
dfilter_free(struct dfilter *f)
{
	if (f == NULL)
		return;
	df_node_free(f->root);
	free(f);
}

bool
dfilter_needs_tree(const struct dfilter *f)
{
	return f->needs_tree;
}

/* ---- evaluation ---- */

/* One occurrence of a field in a packet, converted for comparing. */
struct df_occ {
	enum df_vkind kind;
	uint64_t u;
	double d;
	const uint8_t *bytes; /* DV_BYTES */
	size_t n;
	uint8_t buf[DF_MAX_BYTES];
	const char *text;     /* DV_TEXT and every tree value */
	size_t textlen;
	bool has_u;
};

typedef bool (*df_visit_fn)(const struct df_node *n, struct df_occ *o,
			    void *ctx);

/* Bytes [off, off+len) of the frame, sliced by F's ranges into O. */
static bool
df_occ_slice(const struct df_field *f, const struct dfilter_packet *pk,
	     size_t off, size_t len, struct df_occ *o)
{
	const uint8_t *b;
	size_t k = 0;

	if (pk->data == NULL || off > pk->caplen)
		return false;
	if (len > pk->caplen - off)
		len = pk->caplen - off;
	b = pk->data + off;
	o->kind = DV_BYTES;
	if (f->nslices == 0) {
		o->bytes = b;
		o->n = len;
		return true;
	}
	for (int i = 0; i < f->nslices; i++) {
		long s = f->slices[i].start, l = f->slices[i].len;

		if (s < 0)
			s += (long)len;
		if (s < 0 || (size_t)s > len)
			return false;
		if (l < 0)
			l = (long)len - s;
		if ((size_t)(s + l) > len)
			return false; /* Wireshark: out of range, no match */
		if (k + (size_t)l > sizeof(o->buf))
			return false;
		memcpy(o->buf + k, b + s, (size_t)l);
		k += (size_t)l;
	}
	o->bytes = o->buf;
	o->n = k;
	return true;
}

/* A tree value as TYPE. */
static bool
df_occ_value(enum field_type type, const char *val, struct df_occ *o)
{
	o->text = val;
	o->textlen = strlen(val);
	switch (type) {
	case FIELD_UINT:
		o->kind = DV_UINT;
		if (strcmp(val, "True") == 0 || strcmp(val, "False") == 0) {
			o->u = val[0] == 'T';
			return true;
		}
		return df_parse_uint(val, &o->u) ||
		       (val[0] == '0' && val[1] == '\0' && (o->u = 0, true));
	case FIELD_DOUBLE:
		o->kind = DV_DOUBLE;
		return df_parse_double(val, &o->d);
	case FIELD_IPV4:
		o->kind = DV_BYTES;
		o->n = 4;
		o->bytes = o->buf;
		return inet_pton(AF_INET, val, o->buf) == 1;
	case FIELD_IPV6:
		o->kind = DV_BYTES;
		o->n = 16;
		o->bytes = o->buf;
		return inet_pton(AF_INET6, val, o->buf) == 1;
	case FIELD_ETHER:
		o->kind = DV_BYTES;
		o->bytes = o->buf;
		return df_parse_bytes(val, o->buf, sizeof(o->buf), &o->n) &&
		       o->n == 6;
	case FIELD_STRING:
	case FIELD_PROTOCOL:
		o->kind = DV_TEXT;
		return true;
	case FIELD_TEXT:
		o->kind = DV_TEXT;
		o->has_u = df_parse_uint(val, &o->u) ||
			   (val[0] == '0' && val[1] == '\0' && (o->u = 0, true));
		o->bytes = o->buf;
		if (!df_parse_hexrun(val, o->buf, sizeof(o->buf), &o->n))
			o->n = 0, o->bytes = NULL;
		return true;
	}
	return false;
}

/* The summary's occurrences of F (a plain packet: see
 * dfilter_match_summary). */
static bool
df_each_summary(const struct df_node *n, const struct df_field *f,
		const struct dfilter_packet *pk, df_visit_fn visit,
		void *ctx, size_t *seen)
{
	const struct decode_summary *s = pk->s;
	const struct addr *a[2] = {NULL, NULL};
	uint16_t port[2];
	int np = 0;
	struct df_occ o;

	switch (f->sum) {
	case DS_NONE:
		return false;
	case DS_PROTO:
		if (!decode_has(s, f->proto))
			return false;
		memset(&o, 0, sizeof(o));
		(*seen)++;
		return visit(n, &o, ctx);
	case DS_SRC4: case DS_DST4: case DS_ADDR4:
		if (s->ip_version != 4)
			return false;
		break;
	case DS_SRC6: case DS_DST6: case DS_ADDR6:
		if (s->ip_version != 6)
			return false;
		break;
	case DS_SPORT: case DS_DPORT: case DS_PORT:
		if (s->l4_proto != f->proto)
			return false;
		if (f->sum != DS_DPORT)
			port[np++] = s->sport;
		if (f->sum != DS_SPORT)
			port[np++] = s->dport;
		for (int i = 0; i < np; i++) {
			memset(&o, 0, sizeof(o));
			o.kind = DV_UINT;
			o.u = port[i];
			(*seen)++;
			if (visit(n, &o, ctx))
				return true;
		}
		return false;
	}
	if (f->sum == DS_SRC4 || f->sum == DS_SRC6)
		a[0] = &s->src;
	else if (f->sum == DS_DST4 || f->sum == DS_DST6)
		a[0] = &s->dst;
	else {
		a[0] = &s->src;
		a[1] = &s->dst;
	}
	for (int i = 0; i < 2 && a[i]; i++) {
		memset(&o, 0, sizeof(o));
		o.kind = DV_BYTES;
		o.n = s->ip_version == 4 ? 4 : 16;
		memcpy(o.buf, a[i]->bytes, o.n);
		o.bytes = o.buf;
		(*seen)++;
		if (visit(n, &o, ctx))
			return true;
	}
	return false;
}

/* Walk every occurrence of F in the packet; VISIT returns true to stop
 * (a match found). Returns whether it stopped; *SEEN counts them. */
static bool
df_each(const struct df_node *n, const struct df_field *f,
	const struct dfilter_packet *pk, df_visit_fn visit, void *ctx,
	size_t *seen)
{
	const struct field_extra *x = f->extra;
	struct df_occ o;
	const char *names[2] = {f->def->name, NULL};

	if (x && x->pseudo != FIELD_PSEUDO_EITHER) {
		char num[32];

		memset(&o, 0, sizeof(o));
		switch (x->pseudo) {
		case FIELD_PSEUDO_FRAME:
			if (!df_occ_slice(f, pk, 0, pk->caplen, &o))
				return false;
			break;
		case FIELD_PSEUDO_NUMBER:
		case FIELD_PSEUDO_LEN:
		case FIELD_PSEUDO_CAP_LEN:
			o.kind = DV_UINT;
			o.u = x->pseudo == FIELD_PSEUDO_NUMBER ? pk->number
			      : x->pseudo == FIELD_PSEUDO_LEN  ? pk->len
							       : pk->caplen;
			snprintf(num, sizeof(num), "%llu",
				 (unsigned long long)o.u);
			o.text = num;
			o.textlen = strlen(num);
			break;
		case FIELD_PSEUDO_TIME_EPOCH:
			o.kind = DV_DOUBLE;
			o.d = pk->time;
			snprintf(num, sizeof(num), "%.9f", pk->time);
			o.text = num;
			o.textlen = strlen(num);
			break;
		case FIELD_PSEUDO_PROTOCOLS: {
			char protos[512];
			size_t used = 0;

			protos[0] = '\0';
			for (int i = 0; pk->t && i < pk->t->count; i++) {
				const struct tree_node *tn = &pk->t->nodes[i];
				int w;

				if (!(tn->flags & TREE_FLAG_PROTOCOL))
					continue;
				w = snprintf(protos + used,
					     sizeof(protos) - used, "%s%s",
					     used ? ":" : "", tn->field);
				if (w < 0 ||
				    (size_t)w >= sizeof(protos) - used)
					break;
				used += (size_t)w;
			}
			o.kind = DV_TEXT;
			o.text = protos;
			o.textlen = used;
			if (f->nslices)
				return false;
			(*seen)++;
			return visit(n, &o, ctx);
		}
		default:
			return false;
		}
		(*seen)++;
		return visit(n, &o, ctx);
	}
	if (pk->t == NULL)
		return pk->s ? df_each_summary(n, f, pk, visit, ctx, seen)
			     : false;
	if (x) {
		names[0] = x->alias[0];
		names[1] = x->alias[1];
	}
	for (int i = 0; i < pk->t->count; i++) {
		const struct tree_node *tn = &pk->t->nodes[i];

		if (tn->field == NULL ||
		    (strcmp(tn->field, names[0]) != 0 &&
		     (names[1] == NULL || strcmp(tn->field, names[1]) != 0)))
			continue;
		memset(&o, 0, sizeof(o));
		if (f->nslices || (f->def->type == FIELD_PROTOCOL &&
				   n && n->kind != DN_EXISTS)) {
			/* A protocol's value is its bytes to the end of the
			 * frame (Wireshark's tvb), its slices its own. */
			size_t len = f->nslices ? tn->length
						: pk->caplen - (tn->offset <
								pk->caplen
							? tn->offset
							: pk->caplen);

			if (!df_occ_slice(f, pk, tn->offset, len, &o))
				continue;
			o.text = NULL;
		} else if (!df_occ_value(f->def->type, tn->value, &o))
			continue;
		(*seen)++;
		if (visit(n, &o, ctx))
			return true;
	}
	return false;
}

static int
df_cmp_bytes(const uint8_t *a, size_t an, const uint8_t *b, size_t bn)
{
	size_t m = an < bn ? an : bn;
	int c = memcmp(a, b, m);

	if (c)
		return c < 0 ? -1 : 1;
	return an < bn ? -1 : an > bn;
}

/* Address V (with its prefix) against occurrence O: equal when the
 * prefix bits agree. */
static bool
df_prefix_eq(const struct df_value *v, const struct df_occ *o)
{
	unsigned bits = v->prefix, full = bits / 8, rest = bits % 8;

	if (o->n != v->n)
		return false;
	if (memcmp(o->bytes, v->bytes, full) != 0)
		return false;
	if (rest) {
		uint8_t mask = (uint8_t)(0xff << (8 - rest));

		return (o->bytes[full] & mask) == (v->bytes[full] & mask);
	}
	return true;
}

/* -1, 0, 1; or 2 when they cannot be compared. */
static int
df_cmp(const struct df_occ *o, const struct df_value *v, bool *eq_prefix)
{
	*eq_prefix = false;
	switch (v->kind) {
	case DV_UINT:
		if (o->kind == DV_UINT || (o->kind == DV_TEXT && o->has_u))
			return o->u < v->u ? -1 : o->u > v->u;
		if (o->kind == DV_DOUBLE)
			return o->d < (double)v->u ? -1 : o->d > (double)v->u;
		return 2;
	case DV_DOUBLE:
		if (o->kind == DV_DOUBLE)
			return o->d < v->d ? -1 : o->d > v->d;
		if (o->kind == DV_UINT)
			return (double)o->u < v->d ? -1 : (double)o->u > v->d;
		return 2;
	case DV_BYTES:
		if (o->kind != DV_BYTES)
			return 2;
		if (v->prefix && v->prefix < v->n * 8)
			*eq_prefix = true;
		return df_cmp_bytes(o->bytes, o->n, v->bytes, v->n);
	case DV_TEXT:
		if (o->kind == DV_BYTES) /* a protocol against a string */
			return df_cmp_bytes(o->bytes, o->n,
					    (const uint8_t *)v->text,
					    v->textlen);
		if (v->has_u && o->has_u)
			return o->u < v->u ? -1 : o->u > v->u;
		if (v->has_bytes && o->bytes && o->n &&
		    df_cmp_bytes(o->bytes, o->n, v->bytes, v->n) == 0)
			return 0;
		if (o->text == NULL)
			return 2;
		return df_cmp_bytes((const uint8_t *)o->text, o->textlen,
				    (const uint8_t *)v->text, v->textlen);
	}
	return 2;
}

static bool
df_val_eq(const struct df_occ *o, const struct df_value *v)
{
	bool pre;
	int c;

	if (v->range) {
		if (v->kind == DV_DOUBLE || o->kind == DV_DOUBLE) {
			double x = o->kind == DV_DOUBLE ? o->d : (double)o->u;

			if (o->kind != DV_DOUBLE && o->kind != DV_UINT)
				return false;
			return x >= (v->kind == DV_DOUBLE ? v->d
							   : (double)v->u) &&
			       x <= (v->kind == DV_DOUBLE ? v->dhi
							   : (double)v->hi);
		}
		if (o->kind != DV_UINT && !(o->kind == DV_TEXT && o->has_u))
			return false;
		return o->u >= v->u && o->u <= v->hi;
	}
	c = df_cmp(o, v, &pre);
	if (pre)
		return df_prefix_eq(v, o);
	return c == 0;
}

static bool
df_contains(const struct df_occ *o, const struct df_value *v)
{
	const uint8_t *hay;
	const uint8_t *needle;
	size_t hn, nn;

	if (o->kind == DV_BYTES) {
		hay = o->bytes;
		hn = o->n;
	} else if (o->text) {
		hay = (const uint8_t *)o->text;
		hn = o->textlen;
	} else
		return false;
	if (v->kind == DV_BYTES) {
		needle = v->bytes;
		nn = v->n;
	} else if (v->kind == DV_TEXT) {
		needle = (const uint8_t *)v->text;
		nn = v->textlen;
	} else
		return false;
	if (nn == 0)
		return true;
	for (size_t i = 0; i + nn <= hn; i++)
		if (hay[i] == needle[0] && memcmp(hay + i, needle, nn) == 0)
			return true;
	return false;
}

static bool
df_regex(const struct df_node *n, const struct df_occ *o)
{
	char buf[4096];
	size_t len;

	if (o->kind == DV_BYTES) {
		len = o->n < sizeof(buf) - 1 ? o->n : sizeof(buf) - 1;
		memcpy(buf, o->bytes, len);
		/* regexec stops at a NUL: bytes are matched with each NUL
		 * read as \x01 (a pattern holds no NUL, "." takes either) */
		for (size_t i = 0; i < len; i++)
			if (buf[i] == '\0')
				buf[i] = '\x01';
		buf[len] = '\0';
		return regexec(&n->re, buf, 0, NULL, 0) == 0;
	}
	if (o->text == NULL)
		return false;
	return regexec(&n->re, o->text, 0, NULL, 0) == 0;
}

/* Does occurrence O satisfy the relation (any-kind ops; for != and ===
 * it answers "equal"). */
static bool
df_visit_rel(const struct df_node *n, struct df_occ *o, void *ctx)
{
	(void)ctx;
	if (n->op == TK_MATCHES)
		return df_regex(n, o);
	for (size_t i = 0; i < n->nvals; i++) {
		const struct df_value *v = &n->vals[i];
		bool pre;
		int c;

		switch (n->op) {
		case TK_IN:
		case TK_EQ:
		case TK_NE:
		case TK_ALL_EQ:
			if (df_val_eq(o, v))
				return true;
			break;
		case TK_ANY_NE:
			if (!df_val_eq(o, v))
				return true;
			break;
		case TK_CONTAINS:
			if (df_contains(o, v))
				return true;
			break;
		default:
			c = df_cmp(o, v, &pre);
			if (c == 2)
				break;
			if ((n->op == TK_GT && c > 0) ||
			    (n->op == TK_GE && c >= 0) ||
			    (n->op == TK_LT && c < 0) ||
			    (n->op == TK_LE && c <= 0))
				return true;
			break;
		}
	}
	return false;
}

static bool
df_visit_stop(const struct df_node *n, struct df_occ *o, void *ctx)
{
	(void)n;
	(void)o;
	(void)ctx;
	return true;
}

static bool
df_visit_not_eq(const struct df_node *n, struct df_occ *o, void *ctx)
{
	return !df_visit_rel(n, o, ctx);
}

/* Field against field: each left occurrence against the right's. */
struct df_ff {
	const struct dfilter_packet *pk;
	const struct df_node *n;
};

static bool
df_ff_inner(const struct df_node *n, struct df_occ *r, void *ctx)
{
	const struct df_occ *l = ctx;
	struct df_value v;
	bool pre;
	int c;

	memset(&v, 0, sizeof(v));
	v.kind = r->kind;
	v.u = r->u;
	v.d = r->d;
	if (r->kind == DV_BYTES) {
		v.n = r->n < sizeof(v.bytes) ? r->n : sizeof(v.bytes);
		memcpy(v.bytes, r->bytes, v.n);
	} else if (r->kind == DV_TEXT) {
		v.text = (char *)(uintptr_t)r->text;
		v.textlen = r->textlen;
		v.has_u = r->has_u;
	}
	if (l->kind != r->kind && !(l->kind == DV_TEXT || r->kind == DV_TEXT))
		return false;
	if (n->op == TK_CONTAINS)
		return df_contains(l, &v);
	c = df_cmp(l, &v, &pre);
	if (c == 2)
		return false;
	switch (n->op) {
	case TK_EQ:
	case TK_NE:
	case TK_ALL_EQ: return c == 0;
	case TK_ANY_NE: return c != 0;
	case TK_GT: return c > 0;
	case TK_GE: return c >= 0;
	case TK_LT: return c < 0;
	case TK_LE: return c <= 0;
	default: return false;
	}
}

static bool
df_ff_outer(const struct df_node *n, struct df_occ *l, void *ctx)
{
	const struct df_ff *ff = ctx;
	size_t seen = 0;
	bool r = df_each(n, &n->g, ff->pk, df_ff_inner, l, &seen);

	return n->op == TK_ALL_EQ ? !r && seen : r;
}

static bool
df_eval(const struct df_node *n, const struct dfilter_packet *pk)
{
	size_t seen = 0;
	bool hit;

	switch (n->kind) {
	case DN_AND:
		return df_eval(n->a, pk) && df_eval(n->b, pk);
	case DN_OR:
		return df_eval(n->a, pk) || df_eval(n->b, pk);
	case DN_XOR:
		return df_eval(n->a, pk) != df_eval(n->b, pk);
	case DN_NOT:
		if (n->op == TK_IN) {
			/* "not in": present, and no occurrence in the set */
			hit = df_each(n->a, &n->a->f, pk, df_visit_rel, NULL,
				      &seen);
			return seen && !hit;
		}
		return !df_eval(n->a, pk);
	case DN_EXISTS:
		return df_each(n, &n->f, pk, df_visit_stop, NULL, &seen);
	case DN_REL:
		if (n->op == TK_NE) {
			hit = df_each(n, &n->f, pk, df_visit_rel, NULL, &seen);
			return seen && !hit;
		}
		if (n->op == TK_ALL_EQ) {
			hit = df_each(n, &n->f, pk, df_visit_not_eq, NULL,
				      &seen);
			return seen && !hit;
		}
		return df_each(n, &n->f, pk, df_visit_rel, NULL, &seen);
	case DN_FF: {
		struct df_ff ff = {pk, n};

		if (n->op == TK_NE) {
			hit = df_each(n, &n->f, pk, df_ff_outer, &ff, &seen);
			return seen && !hit;
		}
		return df_each(n, &n->f, pk, df_ff_outer, &ff, &seen);
	}
	}
	return false;
}

bool
dfilter_match(const struct dfilter *f, const struct dfilter_packet *p)
{
	return df_eval(f->root, p);
}

bool
dfilter_summary_path(const struct dfilter *f)
{
	return f->summary_path;
}

/* A packet whose summary is all the tree would say of the fast path's
 * fields: decoded without fault, not a fragment, one IP header (no
 * tunnel: IP in IP, GRE, ESP, AH, a UDP tunnel's port), and no ICMP
 * error quoting another packet's headers. */
static bool
df_summary_plain(const struct decode_summary *s)
{
	static const uint16_t tunnels[] = {4789, 4790, 6081, 3544, 8472, 2152};
	const uint64_t allowed =
		(1ull << PROTO_ETHERNET) | (1ull << PROTO_VLAN) |
		(1ull << PROTO_SLL) | (1ull << PROTO_SLL2) |
		(1ull << PROTO_LOOP) | (1ull << PROTO_ARP) |
		(1ull << PROTO_IPV4) | (1ull << PROTO_IPV6) |
		(1ull << PROTO_ICMP) | (1ull << PROTO_ICMPV6) |
		(1ull << PROTO_TCP) | (1ull << PROTO_UDP);
	const uint64_t both = (1ull << PROTO_IPV4) | (1ull << PROTO_IPV6);

	if (s->status != DECODE_OK || s->frag != DECODE_FRAG_NONE)
		return false;
	if ((s->layers & ~allowed) || (s->layers & both) == both)
		return false;
	/* the summary stops at the outermost IP: what it carries must be
	 * a transport it reads (not IP in IP, GRE, ESP, ...) */
	if (s->ip_version && s->l4 != 1 && s->l4 != 6 && s->l4 != 17 &&
	    s->l4 != 58)
		return false;
	if (decode_has(s, PROTO_ICMP) && s->icmp_type != 0 &&
	    s->icmp_type != 8)
		return false;
	if (decode_has(s, PROTO_ICMPV6) && s->icmp_type < 128)
		return false;
	if (s->l4_proto == PROTO_UDP)
		for (size_t i = 0; i < sizeof(tunnels) / sizeof(tunnels[0]);
		     i++)
			if (s->sport == tunnels[i] || s->dport == tunnels[i])
				return false;
	return true;
}

int
dfilter_match_summary(const struct dfilter *f,
		      const struct dfilter_packet *p)
{
	struct dfilter_packet q = *p;

	if (!f->summary_path)
		return -1;
	if (f->needs_tree && (p->s == NULL || !df_summary_plain(p->s)))
		return -1;
	q.t = NULL;
	return df_eval(f->root, &q) ? 1 : 0;
}

void
dfilter_error_format(const char *text, const struct dfilter_error *err,
		     char *out, size_t outlen)
{
	char shown[1024], before[1024];
	size_t col, len = strlen(text), pos = err->pos, span = err->len;
	size_t used;
	int w;

	if (outlen == 0)
		return;
	if (pos > len)
		pos = len;
	escape_text(text, len, shown, sizeof(shown));
	col = escape_text(text, pos, before, sizeof(before));
	/* the span as shown: its escaped length */
	if (span > len - pos)
		span = len - pos;
	if (span) {
		char mid[1024];

		span = escape_text(text + pos, span, mid, sizeof(mid));
	}
	if (span == 0)
		span = 1;
	w = snprintf(out, outlen, "%s\n    %s\n    ", err->msg, shown);
	if (w < 0 || (size_t)w >= outlen)
		return;
	used = (size_t)w;
	for (size_t i = 0; i < col && used + 1 < outlen; i++)
		out[used++] = ' ';
	for (size_t i = 0; i < span && used + 1 < outlen; i++)
		out[used++] = i ? '~' : '^';
	out[used] = '\0';
}

size_t
dfilter_field_count(void)
{
	return field_count();
}

const char *
dfilter_field_name(size_t i)
{
	const struct field_def *d = field_at(i);

	return d != NULL ? d->name : NULL;
}
