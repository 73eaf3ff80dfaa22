/*
 * Unit tests for lib/buf.c and the inline functions of lib/buf.h:
 * appending with add, addch, adds and addf (growing through many
 * reallocations, a long formatted string, the exact-fit boundary), the
 * NUL terminator, embedded NUL bytes, reset keeping the allocation,
 * release, grow, the string duplicators and the out-of-memory handler.
 */
#include <setjmp.h>
#include <stdint.h>
#include <stdlib.h>

#include "buf.h"
#include "tap.h"

static void test_init(void)
{
	struct tk_buf a = TK_BUF_INIT, b;

	TAP_OK(a.buf == NULL && a.len == 0 && a.alloc == 0, "TK_BUF_INIT is empty and unallocated");
	b.buf = (char *)&a;
	b.len = 7;
	b.alloc = 9;
	tk_buf_init(&b);
	TAP_OK(b.buf == NULL && b.len == 0 && b.alloc == 0,
	       "tk_buf_init empties without allocating");
	tk_buf_reset(&b);
	TAP_OK(b.buf == NULL && b.len == 0, "reset of an unallocated buffer does nothing");
}

static void test_add(void)
{
	struct tk_buf b = TK_BUF_INIT;

	tk_buf_add(&b, "abc", 3);
	TAP_INT(b.len, 3, "add: len counts the bytes");
	TAP_STR(b.buf, "abc", "add: bytes are there");
	TAP_OK(b.alloc > b.len, "add: room for the terminator");
	tk_buf_addch(&b, 'd');
	tk_buf_adds(&b, "ef");
	TAP_STR(b.buf, "abcdef", "addch and adds append");
	TAP_INT(b.len, 6, "len after addch and adds");
	tk_buf_add(&b, "", 0);
	TAP_INT(b.len, 6, "adding nothing changes nothing");
	TAP_INT(b.buf[6], '\0', "still NUL-terminated");
	tk_buf_adds(&b, "x\0y");
	TAP_STR(b.buf, "abcdefx", "adds stops at the first NUL");
	tk_buf_release(&b);

	tk_buf_add(&b, "", 0);
	TAP_OK(b.buf != NULL && b.len == 0 && b.buf[0] == '\0',
	       "adding nothing to an empty buffer gives an empty C string");
	tk_buf_release(&b);
}

static void test_embedded_nul(void)
{
	struct tk_buf b = TK_BUF_INIT;

	tk_buf_add(&b, "a\0b", 3);
	tk_buf_addch(&b, 0);
	tk_buf_addch(&b, 'c');
	TAP_INT(b.len, 5, "embedded NUL bytes count in len");
	TAP_OK(memcmp(b.buf, "a\0b\0c", 6) == 0, "embedded NUL bytes are kept, then a terminator");
	tk_buf_addf(&b, "%c%s", 0, "d");
	TAP_INT(b.len, 7, "addf of a %%c NUL counts it");
	TAP_OK(memcmp(b.buf, "a\0b\0c\0d", 8) == 0, "addf writes the NUL and what follows it");
	tk_buf_release(&b);
}

static void test_growth(void)
{
	struct tk_buf b = TK_BUF_INIT;
	size_t i, n = 1000000, allocs = 0, last = 0;
	int bad = 0;
	char chunk[37];

	for (i = 0; i < n; i++) {
		tk_buf_addch(&b, 'a' + (int)(i % 26));
		if (b.alloc != last) {
			allocs++;
			last = b.alloc;
		}
		if (b.alloc <= b.len || b.buf[b.len] != '\0')
			bad++;
	}
	TAP_INT(b.len, n, "a million addch: len");
	TAP_INT(bad, 0, "terminated and with room after every addch");
	TAP_OK(allocs >= 10, "growth went through many reallocations (%zu)", allocs);
	TAP_OK(allocs <= 40, "growth is geometric, not one byte at a time (%zu)", allocs);
	for (i = 0; i < n; i++)
		if (b.buf[i] != 'a' + (int)(i % 26))
			break;
	TAP_INT(i, n, "every byte survived the reallocations");
	tk_buf_release(&b);

	for (i = 0; i < sizeof(chunk); i++)
		chunk[i] = (char)('0' + i % 10);
	for (i = 0; i < 30000; i++)
		tk_buf_add(&b, chunk, (i % sizeof(chunk)) + 1);
	for (i = 0, last = 0; i < 30000 && !bad; i++) {
		size_t k = (i % sizeof(chunk)) + 1;

		if (memcmp(b.buf + last, chunk, k) != 0)
			bad++;
		last += k;
	}
	TAP_OK(!bad && last == b.len, "chunks of varied size appended in order (%zu bytes)", b.len);
	tk_buf_release(&b);
}

static void test_addf(void)
{
	struct tk_buf b = TK_BUF_INIT;
	char *big = malloc(100001), *want;
	size_t i, start;
	int ok;

	tk_buf_addf(&b, "%d-%s-%05.1f", 42, "x", 3.14159);
	TAP_STR(b.buf, "42-x-003.1", "addf into an unallocated buffer");
	TAP_INT(b.len, 10, "addf: len");
	tk_buf_addf(&b, "%s", "");
	TAP_INT(b.len, 10, "addf of nothing");
	tk_buf_addf(&b, "[%lu]", 18446744073709551615ul);
	TAP_STR(b.buf, "42-x-003.1[18446744073709551615]", "addf appends");
	tk_buf_release(&b);

	for (i = 0; i < 100000; i++)
		big[i] = (char)('a' + i % 26);
	big[100000] = '\0';
	tk_buf_adds(&b, "<");
	tk_buf_addf(&b, "%s|%08d|%s", big, 7, big);
	want = malloc(200013);
	snprintf(want, 200013, "<%s|%08d|%s", big, 7, big);
	TAP_INT(b.len, strlen(want), "a 200 kB formatted string: len");
	TAP_OK(b.buf && strcmp(b.buf, want) == 0, "a 200 kB formatted string: bytes");
	tk_buf_release(&b);
	tk_buf_addf(&b, "%0*d", 5000, 9);
	ok = b.len == 5000 && b.buf[4999] == '9' && b.buf[5000] == '\0';
	for (i = 0; i < 4999 && ok; i++)
		ok = b.buf[i] == '0';
	TAP_OK(ok, "a formatted field 5000 wide");
	tk_buf_release(&b);

	/* Fill to an exact fit, then one past it. */
	tk_buf_grow(&b, 10);
	start = b.alloc;
	for (i = 0; i + 4 < start; i++)
		tk_buf_addch(&b, '.');
	tk_buf_addf(&b, "%s", "abc"); /* 3 bytes and a NUL into the last 4 */
	TAP_INT(b.alloc, start, "addf that fits exactly does not reallocate");
	TAP_INT(b.len, start - 1, "addf that fits exactly: len");
	TAP_OK(memcmp(b.buf + start - 4, "abc", 4) == 0, "addf that fits exactly: bytes and NUL");
	tk_buf_addf(&b, "%s", "Z");
	TAP_OK(b.alloc > start && b.len == start && b.buf[start - 1] == 'Z' && b.buf[start] == '\0',
	       "addf one byte past the allocation grows and writes it");
	tk_buf_release(&b);
	free(big);
	free(want);
}

static void test_reset_release_grow(void)
{
	struct tk_buf b = TK_BUF_INIT;
	char *p;
	size_t alloc;

	tk_buf_adds(&b, "hello world, a string long enough to allocate something");
	p = b.buf;
	alloc = b.alloc;
	tk_buf_reset(&b);
	TAP_OK(b.len == 0 && b.buf == p && b.alloc == alloc, "reset keeps the memory");
	TAP_STR(b.buf, "", "reset leaves an empty C string");
	tk_buf_adds(&b, "again");
	TAP_OK(b.buf == p && strcmp(b.buf, "again") == 0,
	       "reuse after reset writes from the start");
	tk_buf_release(&b);
	TAP_OK(b.buf == NULL && b.len == 0 && b.alloc == 0, "release empties and frees");
	tk_buf_adds(&b, "after release");
	TAP_STR(b.buf, "after release", "a released buffer can be used again");

	tk_buf_grow(&b, 100000);
	TAP_OK(b.alloc >= b.len + 100001, "grow makes room for extra bytes and a NUL");
	TAP_STR(b.buf, "after release", "grow keeps the contents");
	alloc = b.alloc;
	tk_buf_grow(&b, 10);
	TAP_INT(b.alloc, alloc, "grow with room to spare does nothing");
	tk_buf_release(&b);
}

static void test_strdup(void)
{
	char *s = tk_strdup("héllo");
	char *t = tk_strndup("abcdef", 3);
	char *u = tk_strndup("a\0b", 3);
	unsigned char *z = tk_calloc(100, 3);
	int i, nonzero = 0;

	TAP_STR(s, "héllo", "tk_strdup copies");
	TAP_STR(t, "abc", "tk_strndup copies n bytes and terminates");
	TAP_OK(memcmp(u, "a\0b\0", 4) == 0, "tk_strndup copies NUL bytes within n");
	for (i = 0; i < 300; i++)
		nonzero += z[i] != 0;
	TAP_INT(nonzero, 0, "tk_calloc returns zeroed memory");
	free(s);
	free(t);
	free(u);
	free(z);
}

static jmp_buf oom_jump;
static size_t oom_size;

static void oom_catch(size_t n)
{
	oom_size = n;
	longjmp(oom_jump, 1);
}

static void test_oom(void)
{
	static struct tk_buf b = TK_BUF_INIT;
	volatile int caught = 0;

	tk_buf_adds(&b, "x");
	tk_set_oom_handler(oom_catch);
	if (setjmp(oom_jump) == 0)
		tk_buf_grow(&b, SIZE_MAX - 1);
	else
		caught = 1;
	tk_set_oom_handler(NULL);
	TAP_OK(caught, "a grow that would overflow size_t calls the out-of-memory handler");
	TAP_INT(oom_size, SIZE_MAX, "the handler is told the size asked for");
	TAP_STR(b.buf, "x", "the buffer is untouched");
	tk_buf_release(&b);
}

int main(void)
{
	test_init();
	test_add();
	test_embedded_nul();
	test_growth();
	test_addf();
	test_reset_release_grow();
	test_strdup();
	test_oom();
	return tap_done();
}
