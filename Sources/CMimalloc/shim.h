// mimalloc's options, set at start-up (Postlint.swift). The library itself is linked by the
// postlint target's linker settings, so that it takes malloc's place.
#include <mimalloc.h>
