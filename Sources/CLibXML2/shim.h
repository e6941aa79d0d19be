#include <libxml/xmlversion.h>
/* Foundation on Linux carries its own ICU (module _FoundationICU) whose UErrorCode differs
   from the system ICU that libxml2's encoding.h includes when LIBXML_ICU_ENABLED is set; a
   Swift module importing both fails to build ("UErrorCode ... not present in definition").
   mmpipe never uses libxml2's ICU converter (it only holds pointers to encoding handlers),
   so the ICU part of libxml2's headers is left out. */
#undef LIBXML_ICU_ENABLED
#include <libxml/parser.h>
#include <libxml/xmlreader.h>
#include <libxml/SAX2.h>
#include <libxml/xmlerror.h>
