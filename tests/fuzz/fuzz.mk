# Fuzzing (included by the top Makefile).
#
#   make fuzz          build the libFuzzer targets with clang (ASan, UBSan),
#                      make their seed corpora, run each for FUZZ_SECONDS
#                      (default 60), FUZZ_JOBS at a time, and print a table
#   make fuzz-build    only build them, into tests/fuzz/build/
#   FUZZ_TARGETS=...   run only these (names as in tests/fuzz/fuzz-NAME.c)
#
# The same harnesses are built by $(CC) with the normal flags as
# tests/fuzz/replay-NAME, which run inputs named on the command line:
# make check replays tests/fuzz/regress/NAME/* (every crash, leak or hang
# found, fixed) and a few seeds through them (tests/fuzz/replay.sh).

FUZZ_CC ?= clang
FUZZ_SECONDS ?= 60
FUZZ_JOBS ?= 2
FUZZ_DIR = tests/fuzz/build
FUZZ_SRC = $(sort $(wildcard tests/fuzz/fuzz-*.c))
FUZZ_NAMES = $(patsubst tests/fuzz/fuzz-%.c,%,$(FUZZ_SRC))
FUZZ_TARGETS ?= $(FUZZ_NAMES)
FUZZ_BINS = $(addprefix $(FUZZ_DIR)/fuzz-,$(FUZZ_NAMES))
FUZZ_LIB_OBJ = $(patsubst lib/%.c,$(FUZZ_DIR)/lib/%.o,$(LIB_SRC))
FUZZ_SANITIZE = -fsanitize=address,undefined -fno-sanitize-recover=all
FUZZ_CFLAGS = -std=c11 -pthread -g -O1 -fno-omit-frame-pointer $(FUZZ_SANITIZE) \
	$(TK_CPPFLAGS) $(PKG_CFLAGS) -MMD -MP

# The replay binaries: the harnesses and a main() that feeds them files.
FUZZ_REPLAY = $(addprefix tests/fuzz/replay-,$(FUZZ_NAMES))
FUZZ_CLEAN = $(FUZZ_REPLAY) tests/fuzz/*.o tests/fuzz/*.d $(FUZZ_DIR)

# make check replays them.
check: $(FUZZ_REPLAY)

$(FUZZ_DIR)/lib/%.o: lib/%.c | fuzz-cc
	@mkdir -p $(FUZZ_DIR)/lib
	$(FUZZ_CC) $(FUZZ_CFLAGS) -fsanitize=fuzzer-no-link -c -o $@ $<

$(FUZZ_DIR)/fuzz-%.o: tests/fuzz/fuzz-%.c | fuzz-cc
	@mkdir -p $(FUZZ_DIR)
	$(FUZZ_CC) $(FUZZ_CFLAGS) -fsanitize=fuzzer-no-link -c -o $@ $<

$(FUZZ_DIR)/libtk.a: $(FUZZ_LIB_OBJ)
	rm -f $@
	$(AR) rcs $@ $(FUZZ_LIB_OBJ)

$(FUZZ_DIR)/fuzz-%: $(FUZZ_DIR)/fuzz-%.o $(FUZZ_DIR)/libtk.a
	$(FUZZ_CC) $(FUZZ_SANITIZE) -fsanitize=fuzzer -o $@ $< $(FUZZ_DIR)/libtk.a \
		$(PKG_LIBS) -lm -pthread

tests/fuzz/replay-%: tests/fuzz/fuzz-%.o tests/fuzz/replay.o lib/libtk.a
	$(CC) $(CFLAGS) $(LDFLAGS) -o $@ $< tests/fuzz/replay.o lib/libtk.a $(PKG_LIBS) -lm -pthread $(LDLIBS)

fuzz-cc:
	@command -v $(FUZZ_CC) > /dev/null || \
		{ echo "make fuzz needs $(FUZZ_CC) and libFuzzer: apt-get install clang" >&2; exit 2; }

fuzz-build: $(FUZZ_BINS)

fuzz: fuzz-build all
	@sh tests/fuzz/seeds.sh $(FUZZ_DIR)/corpus
	@FUZZ_SECONDS=$(FUZZ_SECONDS) FUZZ_JOBS=$(FUZZ_JOBS) sh tests/fuzz/run.sh $(FUZZ_TARGETS)

.PHONY: fuzz fuzz-build fuzz-cc

-include $(wildcard $(FUZZ_DIR)/*.d $(FUZZ_DIR)/lib/*.d tests/fuzz/*.d)
