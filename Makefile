# ticketkit: Unix filters that turn a stream of support tickets into decisions.
#
#   make            build lib/libtk.a and the tools in bin/
#   make check      run every test (SANITIZE=1: under ASan+UBSan; VALGRIND=1: under
#                   valgrind; SUITES="golden unit ...": only these suites)
#   make hardening  the slow fault and hostile-input tests
#   make integration  workflow scripts, export recipes, GNU parallel, make install
#   make demo       run the main job on the bundled sample tickets
#   make bench      benchmarks against the peer tools (needs ../shared)
#   make install    PREFIX=/usr/local, DESTDIR for staging
#   make fuzz       run each libFuzzer target for FUZZ_SECONDS (needs clang)
#   make lint       cppcheck and clang-tidy at the settings in tests/lint.sh
#
# DEVELOPER=1 turns on -Werror and the strict warning set CI uses.

VERSION = 0.1.0

PREFIX ?= /usr/local
BINDIR ?= $(PREFIX)/bin
MANDIR ?= $(PREFIX)/share/man
BASHCOMPDIR ?= $(PREFIX)/share/bash-completion/completions
ZSHCOMPDIR ?= $(PREFIX)/share/zsh/site-functions
FISHCOMPDIR ?= $(PREFIX)/share/fish/vendor_completions.d

CC ?= cc
CFLAGS ?= -O2 -g
PKG_CONFIG ?= pkg-config
PKGS = json-c libpcre2-8
DEBS = gcc libc6-dev make pkg-config libjson-c-dev libpcre2-dev

# Recursive (=) so that pkg-config runs after the deps target has installed it.
PKG_CFLAGS = $(shell $(PKG_CONFIG) --cflags $(PKGS))
PKG_LIBS = $(shell $(PKG_CONFIG) --libs $(PKGS))

WARNINGS = -Wall -Wextra -Wpedantic -Wshadow -Wstrict-prototypes -Wmissing-prototypes \
	-Wpointer-arith -Wcast-qual -Wwrite-strings -Wformat=2 -Wundef -Wvla \
	-Wconversion -Wno-sign-conversion
ifeq ($(DEVELOPER),1)
WARNINGS += -Werror
endif
ifeq ($(SANITIZE),1)
CFLAGS += -O1 -fsanitize=address,undefined -fno-omit-frame-pointer -fno-sanitize-recover=all
LDFLAGS += -fsanitize=address,undefined
endif

TK_CPPFLAGS = -Ilib -Icmd -D_POSIX_C_SOURCE=200809L -DTK_VERSION='"$(VERSION)"'
ALL_CFLAGS = -std=c11 -pthread $(WARNINGS) $(TK_CPPFLAGS) $(PKG_CFLAGS) $(CPPFLAGS) $(CFLAGS) -MMD -MP

LIB_SRC = $(sort $(wildcard lib/*.c))
LIB_OBJ = $(LIB_SRC:.c=.o)
TOOLS = $(sort $(patsubst cmd/%.c,%,$(wildcard cmd/tk-*.c)))
BINS = $(addprefix bin/,$(TOOLS))
UNIT_SRC = $(sort $(wildcard tests/unit/test-*.c))
UNIT_BINS = $(UNIT_SRC:.c=)
TEST_TOOLS = tests/tk-propcheck tests/tk-hostile
MAN1 = $(sort $(wildcard man/*.1))
MAN5 = $(sort $(wildcard man/*.5))
MAN7 = $(sort $(wildcard man/*.7))

all: $(BINS) bin/tk

# Build dependencies: install them when missing and we can, else say what to install.
deps:
	@if ! command -v $(CC) >/dev/null 2>&1 || ! command -v $(PKG_CONFIG) >/dev/null 2>&1 || \
	    ! $(PKG_CONFIG) --exists $(PKGS); then \
		if [ "$$(id -u)" = 0 ] && command -v apt-get >/dev/null 2>&1; then \
			echo "installing build dependencies: $(DEBS)"; \
			apt-get update -qq && DEBIAN_FRONTEND=noninteractive \
				apt-get install -y -qq $(DEBS) >/dev/null || exit 1; \
		else \
			echo "missing build dependencies; install them with:" >&2; \
			echo "    sudo apt-get install $(DEBS)" >&2; \
			exit 1; \
		fi; \
	fi

# Objects are rebuilt when the flags change (SANITIZE=1 after a plain build, say).
.build-flags: FORCE
	@echo '$(CC) $(WARNINGS) $(CPPFLAGS) $(CFLAGS) $(LDFLAGS)' | cmp -s - $@ || \
		echo '$(CC) $(WARNINGS) $(CPPFLAGS) $(CFLAGS) $(LDFLAGS)' > $@

%.o: %.c .build-flags | deps
	$(CC) $(ALL_CFLAGS) -c -o $@ $<

lib/libtk.a: $(LIB_OBJ)
	$(AR) rcs $@.part$$$$ $(LIB_OBJ) && mv -f $@.part$$$$ $@

# tk-route's built-in routing file, compiled in.
lib/route-default.c: lib/route-default.json lib/gen-route.sh
	sh lib/gen-route.sh

# Programs (and the library) are made beside their place, under a name
# of the shell's own, and renamed into it: a test or a second make running
# during a build finds the old file or the new one, never half of one.
bin/%: cmd/%.o cmd/cli.o lib/libtk.a
	@mkdir -p bin
	$(CC) $(CFLAGS) $(LDFLAGS) -o $@.part$$$$ $< cmd/cli.o lib/libtk.a $(PKG_LIBS) -lm -pthread $(LDLIBS) && \
		mv -f $@.part$$$$ $@

# tk, the front end: its name does not match cmd/tk-*.c.
bin/tk: cmd/tk.o cmd/cli.o lib/libtk.a
	@mkdir -p bin
	$(CC) $(CFLAGS) $(LDFLAGS) -o $@.part$$$$ cmd/tk.o cmd/cli.o lib/libtk.a $(PKG_LIBS) -lm -pthread $(LDLIBS) && \
		mv -f $@.part$$$$ $@

tests/unit/test-%: tests/unit/test-%.o tests/unit/tap.o lib/libtk.a
	$(CC) $(CFLAGS) $(LDFLAGS) -o $@.part$$$$ $< tests/unit/tap.o lib/libtk.a $(PKG_LIBS) -lm -pthread $(LDLIBS) && \
		mv -f $@.part$$$$ $@

tests/tk-%: tests/tk-%.o lib/libtk.a
	$(CC) $(CFLAGS) $(LDFLAGS) -o $@.part$$$$ $< lib/libtk.a $(PKG_LIBS) -lm -pthread $(LDLIBS) && \
		mv -f $@.part$$$$ $@

check: all $(UNIT_BINS) $(TEST_TOOLS)
	@TK_VALGRIND=$(VALGRIND) TK_SUITES="$(SUITES)" sh tests/run.sh

# The slow fault and hostile-input tests (CI runs them): kill -9 at many
# moments, full disks, memory limits, 100 MB lines.
hardening: all $(TEST_TOOLS)
	@TK_VALGRIND=$(VALGRIND) TK_SUITES="$(SUITES)" sh tests/run.sh hardening

# The workflow scripts of tk-workflows(7), the README's export recipes, the
# tools under GNU parallel and make install: slower, and needing jq, mlr,
# parallel and a second make (CI runs them).
integration: all
	@TK_VALGRIND=$(VALGRIND) TK_SUITES="$(SUITES)" sh tests/run.sh integration

demo: all
	@sh testdata/demo.sh

bench: all
	@sh tests/bench/run.sh

lint:
	@sh tests/lint.sh

# Regenerate what is generated and committed.
unicode:
	python3 lib/gen-unicode.py > lib/unicode-table.h
sample:
	python3 testdata/gen-sample.py testdata/sample
completions: all
	sh completions/gen.sh

# tk-sentiment's English lexicon: learn the word weights again from the train
# splits of the shared VADER corpora (when they are there), then compile it in.
VADER = ../shared/data/vader_groundtruth
lexicon:
	sh lib/gen-lexicon.sh
	$(MAKE) bin/tk-sentiment
	@if [ -d $(VADER) ]; then \
		echo "bin/tk-sentiment --learn score_norm --learn-balance --lexicon lib/lexicon/en-seed.tsv $(VADER)/*/train.jsonl"; \
		bin/tk-sentiment --learn score_norm --learn-balance --lexicon lib/lexicon/en-seed.tsv \
			$(VADER)/*/train.jsonl \
			> lib/lexicon/en-learned.tsv.tmp && \
		mv lib/lexicon/en-learned.tsv.tmp lib/lexicon/en-learned.tsv; \
	else \
		echo "$(VADER) not found: keeping lib/lexicon/en-learned.tsv"; \
	fi
	sh lib/gen-lexicon.sh
	$(MAKE)

install: all
	mkdir -p $(DESTDIR)$(BINDIR) $(DESTDIR)$(MANDIR)/man1 $(DESTDIR)$(MANDIR)/man5 \
		$(DESTDIR)$(MANDIR)/man7 $(DESTDIR)$(BASHCOMPDIR) $(DESTDIR)$(ZSHCOMPDIR) \
		$(DESTDIR)$(FISHCOMPDIR)
	cp -f bin/tk $(BINS) $(DESTDIR)$(BINDIR)/
	cp -f $(MAN1) $(DESTDIR)$(MANDIR)/man1/
	$(if $(MAN5),cp -f $(MAN5) $(DESTDIR)$(MANDIR)/man5/)
	cp -f $(MAN7) $(DESTDIR)$(MANDIR)/man7/
	cp -f completions/bash/* $(DESTDIR)$(BASHCOMPDIR)/
	cp -f completions/zsh/* $(DESTDIR)$(ZSHCOMPDIR)/
	cp -f completions/fish/* $(DESTDIR)$(FISHCOMPDIR)/

uninstall:
	rm -f $(addprefix $(DESTDIR)$(BINDIR)/,tk $(TOOLS))
	rm -f $(addprefix $(DESTDIR)$(MANDIR)/man1/,$(notdir $(MAN1)))
	rm -f $(addprefix $(DESTDIR)$(MANDIR)/man5/,$(notdir $(MAN5)))
	rm -f $(addprefix $(DESTDIR)$(MANDIR)/man7/,$(notdir $(MAN7)))
	rm -f $(addprefix $(DESTDIR)$(BASHCOMPDIR)/,$(notdir $(wildcard completions/bash/*)))
	rm -f $(addprefix $(DESTDIR)$(ZSHCOMPDIR)/,$(notdir $(wildcard completions/zsh/*)))
	rm -f $(addprefix $(DESTDIR)$(FISHCOMPDIR)/,$(notdir $(wildcard completions/fish/*)))

clean:
	rm -rf bin tests/bench/tmp .build-flags
	rm -f lib/*.o lib/*.d lib/libtk.a cmd/*.o cmd/*.d tests/*.o tests/*.d $(TEST_TOOLS)
	rm -f tests/unit/*.o tests/unit/*.d $(UNIT_BINS) tests/bench/floor tests/bench/measure
	rm -rf $(FUZZ_CLEAN)

.PHONY: all deps check hardening integration demo bench lint unicode sample completions install uninstall clean FORCE
.SECONDARY:

# Fuzz targets and their regression replays.
-include tests/fuzz/fuzz.mk

-include $(wildcard lib/*.d cmd/*.d tests/*.d tests/unit/*.d)
