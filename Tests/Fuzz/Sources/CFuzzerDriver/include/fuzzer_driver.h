#ifndef QUIRE_FUZZER_DRIVER_H
#define QUIRE_FUZZER_DRIVER_H

#include <stddef.h>
#include <stdint.h>

/// libFuzzer's driver (in clang's libclang_rt.fuzzer, linked by -sanitize=fuzzer): parses the
/// command line and runs `callback` on every input it generates. Called from the targets' own
/// `main`, since SwiftPM links an executable's entry point under its own name.
int LLVMFuzzerRunDriver(int *argc, char ***argv, int (*callback)(const uint8_t *data, size_t size));

#endif
