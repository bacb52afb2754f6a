// LLVMFuzzerRunDriver is defined by libFuzzer; this target only declares it for Swift.
#include "fuzzer_driver.h"
