#include <libxml/xmlversion.h>
// Foundation ships its own ICU headers; libxml2's would clash with them and postlint uses none of
// libxml2's ICU converters (input is always UTF-8).
#undef LIBXML_ICU_ENABLED
#include <libxml/HTMLparser.h>
#include <libxml/parser.h>
#include <libxml/parserInternals.h>
#include <libxml/tree.h>
#include <libxml/xmlerror.h>
