#ifndef QUIRE_CLIBXML2_SHIM_H
#define QUIRE_CLIBXML2_SHIM_H
// libxml2's headers pull in the system ICU when LIBXML_ICU_ENABLED is set, and that ICU
// clashes with the copy inside Foundation ("'UErrorCode' has different definitions in
// different modules"). Quire never uses libxml2's ICU API, so switch it off first.
#include <libxml/xmlversion.h>
#undef LIBXML_ICU_ENABLED
#include <libxml/parser.h>
#include <libxml/tree.h>
#include <libxml/xmlwriter.h>
#include <libxml/xmlreader.h>
#include <libxml/xmlerror.h>
#endif
