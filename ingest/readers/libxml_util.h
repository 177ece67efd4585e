// libxml2, configured once for hostile input, and what the XML and HTML
// readers share: parsing from memory with the errors collected (never printed),
// a non-recursive tree walk, and bounded text extraction.
//
// Security: InitLibXml() installs an external entity loader that refuses every
// URI, so no document ever makes libxml2 open a file or a network connection,
// whatever options a caller passes. Parsing uses XML_PARSE_NONET, never
// XML_PARSE_NOENT (entities are not substituted by the parser), never
// XML_PARSE_DTDLOAD / DTDVALID / HUGE. Entity references left in the tree are
// expanded by BoundedText() only when internal, with a byte and node budget,
// so "billion laughs" stays within max_field_bytes.
//
// libxml2 itself is loaded with dlopen() by InitLibXml() (so by the first
// parse), not linked: a `meute` command that reads no XML or HTML (search
// above all) never maps it (issue 16). Its types come from its headers; its
// functions are called through LibXml().
//
// Thread safety: InitLibXml() is idempotent and thread-safe; parse functions
// use only their own context (the error handler is libxml2's per-thread one).

#ifndef MEUTE_INGEST_READERS_LIBXML_UTIL_H_
#define MEUTE_INGEST_READERS_LIBXML_UTIL_H_

#include <cstddef>
#include <functional>
#include <memory>
#include <set>
#include <string>
#include <vector>

#include <libxml/HTMLparser.h>
#include <libxml/globals.h>
#include <libxml/parser.h>
#include <libxml/tree.h>
#include <libxml/uri.h>

#include "absl/strings/string_view.h"

namespace meute::ingest::internal {

// The libxml2 functions Meute calls, resolved when the library is loaded.
struct LibXmlApi {
  decltype(&::xmlInitParser) InitParser;
  decltype(&::xmlSetExternalEntityLoader) SetExternalEntityLoader;
  decltype(&::xmlSetStructuredErrorFunc) SetStructuredErrorFunc;
  decltype(&::__xmlStructuredError) StructuredError;
  decltype(&::__xmlStructuredErrorContext) StructuredErrorContext;
  decltype(&::xmlNewParserCtxt) NewParserCtxt;
  decltype(&::htmlNewParserCtxt) HtmlNewParserCtxt;
  decltype(&::xmlFreeParserCtxt) FreeParserCtxt;
  decltype(&::xmlCtxtReadMemory) CtxtReadMemory;
  decltype(&::htmlCtxtReadMemory) HtmlCtxtReadMemory;
  decltype(&::xmlFreeDoc) FreeDoc;
  decltype(&::xmlDocGetRootElement) DocGetRootElement;
  decltype(&::xmlGetLineNo) GetLineNo;
  decltype(&::xmlNodeGetBase) NodeGetBase;
  decltype(&::xmlBuildURI) BuildURI;
  xmlFreeFunc* Free;  // The variable xmlFree: *Free frees what the two above return.
};

// Loads and configures libxml2 once. Returns false if it cannot be loaded
// (LibXmlError() says why); the parse functions then return null.
bool InitLibXml();
std::string LibXmlError();

// The functions of libxml2. REQUIRES: InitLibXml() returned true (as it did
// for any document a parse function returned).
const LibXmlApi& LibXml();

struct XmlDocFree {
  void operator()(xmlDoc* doc) const { LibXml().FreeDoc(doc); }
};
using XmlDocPtr = std::unique_ptr<xmlDoc, XmlDocFree>;

struct XmlProblem {
  int line = 0;
  int column = 0;
  bool fatal = false;
  std::string message;
};

// Parses UTF-8 XML in recover mode. Returns null if nothing could be parsed.
// At most `max_problems` problems are kept.
XmlDocPtr ParseXml(absl::string_view utf8, std::vector<XmlProblem>* problems,
                   size_t max_problems = 20);

// Parses UTF-8 HTML (always succeeds on non-empty input unless out of memory).
XmlDocPtr ParseHtml(absl::string_view utf8);

// `href` resolved against the base URI of `node` (xml:base attributes up the
// tree, RFC 3986), as libxml2's xmlNodeGetBase() and xmlBuildURI() do; `href`
// itself when there is no base or it cannot be resolved.
std::string ResolveUri(const xmlNode* node, absl::string_view href);

// Lower-case local name of an element ("content" for content:encoded).
std::string LocalName(const xmlNode* node);
// The namespace prefix of an element ("" if none).
std::string Prefix(const xmlNode* node);
// Value of attribute `name` (no namespace), "" if absent.
std::string Attribute(const xmlNode* node, const char* name);

// Visits the subtree under `root` (not `root` itself) in document order,
// without recursion. enter(node) returns true to descend into the node (and
// get leave(node) after its children); false skips its subtree.
void Walk(xmlNode* root, const std::function<bool(xmlNode*)>& enter,
          const std::function<void(xmlNode*)>& leave);

// Text budget shared by one field's extraction.
struct TextBudget {
  explicit TextBudget(size_t bytes) : bytes_left(bytes) {}
  size_t bytes_left;
  size_t nodes_left = 1000000;
  bool exhausted = false;
  std::set<std::string> external_entities;  // Names of entities not expanded.
};

// True for the elements whose content is never text of any field, whatever
// encloses them: script, style, noscript, template, svg and iframe.
bool IsNonTextElement(const xmlNode* node);

// Concatenated text of the subtree of `node` (text and CDATA), with internal
// entity references expanded within `budget` and external ones left out; the
// content of IsNonTextElement() elements is left out.
std::string BoundedText(const xmlNode* node, TextBudget* budget);

}  // namespace meute::ingest::internal

#endif  // MEUTE_INGEST_READERS_LIBXML_UTIL_H_
