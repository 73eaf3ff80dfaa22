#!/bin/sh
# Make the damaged model files the golden cases load, from the tiny model
# that testdata/tk-train/tiny.* produces.  Run from this directory after
# accepting a new tiny.out (a change of the model format):
#	sh make-bad-models.sh
set -eu
src=../tk-train/tiny.out
size=$(wc -c < "$src")
head -c $((size / 2)) "$src" > truncated.model
head -c 30 "$src" > truncated-header.model
cp "$src" corrupt.model
# One payload byte changed: only the checksum can tell.
printf '\377' | dd of=corrupt.model bs=1 seek=$((size - 20)) conv=notrunc 2> /dev/null
{ cat "$src"; printf 'extra'; } > trailing.model
printf 'ticketkit-model 2\n{"type":"linear-ovr"}\n' > newer.model
printf 'ticketkit-model one\n' > bad-version.model
printf '\211PNG\r\n\032\n' > foreign.model
: > empty.model
