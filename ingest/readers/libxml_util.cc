#include "ingest/readers/libxml_util.h"

#include <dlfcn.h>

#include <climits>
#include <mutex>
#include <string>

#include <libxml/entities.h>
#include <libxml/xmlerror.h>

#include "absl/strings/ascii.h"
#include "absl/strings/match.h"
#include "absl/strings/str_cat.h"
#include "ingest/readers/reader_common.h"

namespace meute::ingest::internal {
namespace {

// Refuses every external resource: DTDs, external entities, XIncludes.
xmlParserInputPtr DenyExternalEntity(const char* /*url*/, const char* /*id*/,
                                     xmlParserCtxtPtr /*ctxt*/) {
  return nullptr;
}

void CollectError(void* user, xmlError* error) {
  auto* sink = static_cast<std::pair<std::vector<XmlProblem>*, size_t>*>(user);
  if (error == nullptr || sink->first->size() >= sink->second) return;
  XmlProblem p;
  p.line = error->line;
  p.column = error->int2;
  p.fatal = error->level == XML_ERR_FATAL;
  p.message = error->message != nullptr ? error->message : "XML error";
  while (!p.message.empty() && (p.message.back() == '\n' || p.message.back() == ' ')) {
    p.message.pop_back();
  }
  if (!p.message.empty()) p.message[0] = absl::ascii_tolower(p.message[0]);
  sink->first->push_back(std::move(p));
}

void IgnoreError(void* /*user*/, xmlError* /*error*/) {}

// Installs a structured error handler for the current thread and restores the
// previous one on destruction.
class ErrorHandlerScope {
 public:
  ErrorHandlerScope(void* user, xmlStructuredErrorFunc fn)
      : saved_fn_(*LibXml().StructuredError()), saved_user_(*LibXml().StructuredErrorContext()) {
    LibXml().SetStructuredErrorFunc(user, fn);
  }
  ~ErrorHandlerScope() { LibXml().SetStructuredErrorFunc(saved_user_, saved_fn_); }
  ErrorHandlerScope(const ErrorHandlerScope&) = delete;
  ErrorHandlerScope& operator=(const ErrorHandlerScope&) = delete;

 private:
  xmlStructuredErrorFunc saved_fn_;
  void* saved_user_;
};

struct ParserCtxtFree {
  void operator()(xmlParserCtxt* c) const { LibXml().FreeParserCtxt(c); }
};

void AppendBounded(absl::string_view s, std::string* out, TextBudget* budget) {
  if (budget->exhausted) return;
  if (s.size() > budget->bytes_left) {
    out->append(s.data(), budget->bytes_left);
    budget->bytes_left = 0;
    budget->exhausted = true;
    return;
  }
  out->append(s.data(), s.size());
  budget->bytes_left -= s.size();
}

void TextOf(const xmlNode* node, std::string* out, TextBudget* budget, int entity_depth);

void EntityText(const xmlNode* ref, std::string* out, TextBudget* budget, int entity_depth) {
  const auto* ent = reinterpret_cast<const xmlEntity*>(ref->children);
  const std::string name = ref->name != nullptr ? reinterpret_cast<const char*>(ref->name) : "";
  if (ent == nullptr || ent->type != XML_ENTITY_DECL) {
    budget->external_entities.insert(name);  // Undeclared: left out.
    return;
  }
  if (ent->etype != XML_INTERNAL_GENERAL_ENTITY && ent->etype != XML_INTERNAL_PREDEFINED_ENTITY) {
    budget->external_entities.insert(name);
    return;
  }
  if (entity_depth >= 16) {
    budget->exhausted = true;
    return;
  }
  if (ent->children != nullptr) {
    for (const xmlNode* c = ent->children; c != nullptr && !budget->exhausted; c = c->next) {
      TextOf(c, out, budget, entity_depth + 1);
    }
  } else if (ent->content != nullptr) {
    AppendBounded(reinterpret_cast<const char*>(ent->content), out, budget);
  }
}

// Recursion only through entity references (depth <= 16); element nesting is
// walked iteratively.
void TextOf(const xmlNode* node, std::string* out, TextBudget* budget, int entity_depth) {
  if (budget->exhausted) return;
  if (budget->nodes_left == 0) {
    budget->exhausted = true;
    return;
  }
  --budget->nodes_left;
  switch (node->type) {
    case XML_TEXT_NODE:
    case XML_CDATA_SECTION_NODE:
      if (node->content != nullptr) {
        AppendBounded(reinterpret_cast<const char*>(node->content), out, budget);
      }
      return;
    case XML_ENTITY_REF_NODE:
      EntityText(node, out, budget, entity_depth);
      return;
    case XML_ELEMENT_NODE:
      break;
    default:
      return;
  }
  Walk(
      const_cast<xmlNode*>(node),
      [&](xmlNode* n) {
        if (budget->exhausted) return false;
        if (budget->nodes_left == 0) {
          budget->exhausted = true;
          return false;
        }
        --budget->nodes_left;
        if (n->type == XML_TEXT_NODE || n->type == XML_CDATA_SECTION_NODE) {
          if (n->content != nullptr) {
            AppendBounded(reinterpret_cast<const char*>(n->content), out, budget);
          }
          return false;
        }
        if (n->type == XML_ENTITY_REF_NODE) {
          EntityText(n, out, budget, entity_depth);
          return false;
        }
        return n->type == XML_ELEMENT_NODE && !IsNonTextElement(n);
      },
      [](xmlNode*) {});
}

LibXmlApi g_api;
std::string g_error;  // Set once, before g_loaded.
bool g_loaded = false;

template <typename Fn>
bool Resolve(void* handle, const char* name, Fn* fn) {
  *fn = reinterpret_cast<Fn>(dlsym(handle, name));
  if (*fn == nullptr) g_error = absl::StrCat("libxml2 has no function ", name);
  return *fn != nullptr;
}

bool LoadLibXml() {
  void* h = dlopen("libxml2.so.2", RTLD_NOW | RTLD_LOCAL);
  if (h == nullptr) {
    const char* why = dlerror();
    g_error = absl::StrCat("cannot load libxml2: ", why != nullptr ? why : "unknown error");
    return false;
  }
  LibXmlApi& a = g_api;
  return Resolve(h, "xmlInitParser", &a.InitParser) &&
         Resolve(h, "xmlSetExternalEntityLoader", &a.SetExternalEntityLoader) &&
         Resolve(h, "xmlSetStructuredErrorFunc", &a.SetStructuredErrorFunc) &&
         Resolve(h, "__xmlStructuredError", &a.StructuredError) &&
         Resolve(h, "__xmlStructuredErrorContext", &a.StructuredErrorContext) &&
         Resolve(h, "xmlNewParserCtxt", &a.NewParserCtxt) &&
         Resolve(h, "htmlNewParserCtxt", &a.HtmlNewParserCtxt) &&
         Resolve(h, "xmlFreeParserCtxt", &a.FreeParserCtxt) &&
         Resolve(h, "xmlCtxtReadMemory", &a.CtxtReadMemory) &&
         Resolve(h, "htmlCtxtReadMemory", &a.HtmlCtxtReadMemory) &&
         Resolve(h, "xmlFreeDoc", &a.FreeDoc) &&
         Resolve(h, "xmlDocGetRootElement", &a.DocGetRootElement) &&
         Resolve(h, "xmlGetLineNo", &a.GetLineNo) && Resolve(h, "xmlNodeGetBase", &a.NodeGetBase) &&
         Resolve(h, "xmlBuildURI", &a.BuildURI) && Resolve(h, "xmlFree", &a.Free);
}

}  // namespace

bool InitLibXml() {
  static std::once_flag once;
  std::call_once(once, [] {
    if (!LoadLibXml()) return;
    g_api.InitParser();
    g_api.SetExternalEntityLoader(DenyExternalEntity);
    g_loaded = true;
  });
  return g_loaded;
}

std::string LibXmlError() {
  InitLibXml();
  return g_error;
}

const LibXmlApi& LibXml() { return g_api; }

XmlDocPtr ParseXml(absl::string_view utf8, std::vector<XmlProblem>* problems, size_t max_problems) {
  if (!InitLibXml()) {
    if (problems->size() < max_problems) problems->push_back({0, 0, true, LibXmlError()});
    return nullptr;
  }
  if (utf8.empty() || utf8.size() > INT_MAX) return nullptr;
  std::unique_ptr<xmlParserCtxt, ParserCtxtFree> ctxt(LibXml().NewParserCtxt());
  if (ctxt == nullptr) return nullptr;
  std::pair<std::vector<XmlProblem>*, size_t> sink(problems, max_problems);
  ErrorHandlerScope scope(&sink, CollectError);
  const int options = XML_PARSE_NONET | XML_PARSE_RECOVER | XML_PARSE_NOCDATA | XML_PARSE_BIG_LINES;
  xmlDoc* doc = LibXml().CtxtReadMemory(ctxt.get(), utf8.data(), static_cast<int>(utf8.size()),
                                        "feed.xml", "UTF-8", options);
  return XmlDocPtr(doc);
}

XmlDocPtr ParseHtml(absl::string_view utf8) {
  if (!InitLibXml()) return nullptr;
  if (utf8.empty() || utf8.size() > INT_MAX) return nullptr;
  std::unique_ptr<xmlParserCtxt, ParserCtxtFree> ctxt(LibXml().HtmlNewParserCtxt());
  if (ctxt == nullptr) return nullptr;
  ErrorHandlerScope scope(nullptr, IgnoreError);
  const int options =
      HTML_PARSE_NONET | HTML_PARSE_RECOVER | HTML_PARSE_NOERROR | HTML_PARSE_NOWARNING;
  xmlDoc* doc = LibXml().HtmlCtxtReadMemory(ctxt.get(), utf8.data(), static_cast<int>(utf8.size()),
                                            "page.html", "UTF-8", options);
  return XmlDocPtr(doc);
}

std::string LocalName(const xmlNode* node) {
  if (node == nullptr || node->name == nullptr) return "";
  return absl::AsciiStrToLower(reinterpret_cast<const char*>(node->name));
}

std::string Prefix(const xmlNode* node) {
  if (node == nullptr || node->ns == nullptr || node->ns->prefix == nullptr) return "";
  return absl::AsciiStrToLower(reinterpret_cast<const char*>(node->ns->prefix));
}

std::string Attribute(const xmlNode* node, const char* name) {
  if (node == nullptr || node->type != XML_ELEMENT_NODE) return "";
  for (const xmlAttr* a = node->properties; a != nullptr; a = a->next) {
    if (a->name == nullptr ||
        !absl::EqualsIgnoreCase(reinterpret_cast<const char*>(a->name), name)) {
      continue;
    }
    std::string value;
    for (const xmlNode* c = a->children; c != nullptr; c = c->next) {
      if ((c->type == XML_TEXT_NODE || c->type == XML_CDATA_SECTION_NODE) &&
          c->content != nullptr) {
        value += reinterpret_cast<const char*>(c->content);
      }
    }
    return value;
  }
  return "";
}

void Walk(xmlNode* root, const std::function<bool(xmlNode*)>& enter,
          const std::function<void(xmlNode*)>& leave) {
  if (root == nullptr) return;
  xmlNode* n = root->children;
  if (n == nullptr) return;
  for (;;) {
    const bool entered = enter(n);
    // Entity references point at their declaration: never descend into it.
    if (entered && n->children != nullptr && n->type != XML_ENTITY_REF_NODE) {
      n = n->children;
      continue;
    }
    if (entered) leave(n);
    while (n->next == nullptr) {
      n = n->parent;
      if (n == nullptr || n == root) return;
      leave(n);
    }
    n = n->next;
  }
}

bool IsNonTextElement(const xmlNode* node) {
  if (node == nullptr || node->type != XML_ELEMENT_NODE || node->name == nullptr) return false;
  const absl::string_view name = reinterpret_cast<const char*>(node->name);
  for (absl::string_view tag : {"script", "style", "noscript", "template", "svg", "iframe"}) {
    if (absl::EqualsIgnoreCase(name, tag)) return true;
  }
  return false;
}

std::string BoundedText(const xmlNode* node, TextBudget* budget) {
  std::string out;
  if (node != nullptr) TextOf(node, &out, budget, 0);
  return out;
}

std::string ResolveUri(const xmlNode* node, absl::string_view href) {
  const std::string h(href);
  xmlChar* base = LibXml().NodeGetBase(node->doc, node);
  if (base == nullptr) return h;
  xmlChar* built = LibXml().BuildURI(reinterpret_cast<const xmlChar*>(h.c_str()), base);
  std::string out = built != nullptr ? reinterpret_cast<const char*>(built) : h;
  const xmlFreeFunc free_fn = *LibXml().Free;
  free_fn(base);
  if (built != nullptr) free_fn(built);
  return out;
}

}  // namespace meute::ingest::internal
