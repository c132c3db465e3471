// libFuzzer's driver, linked in by -sanitize=fuzzer. Declared here so that the fuzz target
// can start it from its own main, which SwiftPM's executable targets require.
#include <stddef.h>
#include <stdint.h>

int LLVMFuzzerRunDriver(int *argc, char ***argv, int (*callback)(const uint8_t *data, size_t size));
