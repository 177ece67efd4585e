#include "ingest/readers/pdf_reader.h"

#include <climits>
#include <ctime>
#include <memory>
#include <string>
#include <vector>

#include "absl/strings/ascii.h"
#include "absl/strings/match.h"
#include "absl/strings/str_cat.h"
#include "absl/strings/str_format.h"
#include "absl/strings/str_split.h"
#include "ingest/french_date.h"
#include "ingest/internal/json_record.h"
#include "ingest/internal/plugin.h"
#include "ingest/plugins/pdf_plugin.h"
#include "ingest/readers/mapped_record.h"
#include "ingest/readers/reader_common.h"

namespace meute::ingest {
namespace {

bool IsPlaceholderTitle(const std::string& title) {
  const std::string t = absl::AsciiStrToLower(title);
  return t.empty() || absl::StartsWith(t, "microsoft word") || absl::StartsWith(t, "untitled") ||
         absl::StartsWith(t, "sans titre") || absl::StartsWith(t, "document") ||
         absl::EndsWith(t, ".doc") || absl::EndsWith(t, ".docx") || absl::EndsWith(t, ".pdf") ||
         absl::EndsWith(t, ".odt");
}

// Joins the lines of one page: a hyphen at a line end followed by a lower-case
// letter is a cut word; blank lines separate paragraphs.
void AppendPage(absl::string_view page, std::string* out) {
  std::string pending;
  for (absl::string_view raw : absl::StrSplit(page, '\n')) {
    std::string line = internal::CollapseWhitespace(raw);
    if (line.empty()) {
      if (!pending.empty()) {
        if (!out->empty()) *out += '\n';
        *out += pending;
        pending.clear();
      }
      continue;
    }
    if (pending.empty()) {
      pending = std::move(line);
    } else if (pending.back() == '-' && absl::ascii_islower(static_cast<unsigned char>(line[0]))) {
      pending.pop_back();
      pending += line;
    } else {
      pending += '\n';
      pending += line;
    }
  }
  if (!pending.empty()) {
    if (!out->empty()) *out += '\n';
    *out += pending;
  }
}

// What the plugin hands back while it reads one PDF.
struct Extraction {
  internal::ResultBuilder* out = nullptr;
  Document* doc = nullptr;
  size_t limit = 0;
  int pages = 0;
  bool cut = false;
  std::string title;
  long long created = 0;
};

int OnPage(void* context, int index, int ok, const char* text, size_t size) {
  auto* e = static_cast<Extraction*>(context);
  if (ok == 0) {
    e->out->Warning(0, 0, absl::StrCat("page ", index + 1, " could not be read"));
    return 0;
  }
  AppendPage(absl::string_view(text, size), &e->doc->text);
  if (e->doc->text.size() > e->limit) e->cut = true;
  return e->cut ? 1 : 0;
}

void OnInfo(void* context, int pages, const char* title, size_t size, long long created) {
  auto* e = static_cast<Extraction*>(context);
  e->pages = pages;
  e->title.assign(title, size);
  e->created = created;
}

}  // namespace

ReadResult ParsePdf(absl::string_view content, absl::string_view file_name,
                    const ReaderOptions& options, const Mapping* mapping) {
  internal::ResultBuilder out(file_name, options);
  // Some writers put junk before the header; readers accept it within 1 KiB.
  if (content.size() > INT_MAX || content.substr(0, 1024).find("%PDF") == absl::string_view::npos) {
    out.Reject(0, 0, "not a PDF file (no %PDF header)");
    return std::move(out).Finish();
  }
  absl::StatusOr<void*> symbol =
      internal::PluginSymbol("libmeute_pdf.so", MEUTE_PDF_EXTRACT_SYMBOL);
  if (!symbol.ok()) {
    out.Reject(0, 0, absl::StrCat("PDF support is not installed: ", symbol.status().message()));
    return std::move(out).Finish();
  }
  Document d;
  d.kind = Kind::kCall;
  Extraction e;
  e.out = &out;
  e.doc = &d;
  e.limit = options.max_field_bytes;
  const MeutePdfSink sink{&e, OnPage, OnInfo};
  const int status =
      reinterpret_cast<MeutePdfExtractFn>(*symbol)(content.data(), content.size(), &sink);
  if (status == kMeutePdfLocked) {
    out.Reject(0, 0, "PDF is password-protected: its text cannot be read");
    return std::move(out).Finish();
  }
  if (status != kMeutePdfOk) {
    out.Reject(0, 0, "PDF could not be opened (damaged file?)");
    return std::move(out).Finish();
  }
  if (e.cut && e.pages > 1) {
    out.Warning(0, 0, absl::StrCat("text longer than ", e.limit, " bytes: later pages skipped"));
  }
  std::string title = internal::CollapseWhitespace(e.title);
  if (!IsPlaceholderTitle(title)) d.title = std::move(title);
  if (d.title.empty()) {
    d.title = internal::TitleFromText(d.text);
    // The first line became the title: do not repeat it as text.
    const size_t nl = d.text.find('\n');
    if (nl != std::string::npos && internal::CollapseWhitespace(d.text.substr(0, nl)) == d.title) {
      d.text.erase(0, nl + 1);
    }
  }
  if (std::optional<std::string> date = FindDateline(d.text)) {
    d.date = *date;
  } else if (const time_t created = static_cast<time_t>(e.created); created > 0) {
    std::tm tm{};
    if (gmtime_r(&created, &tm) != nullptr) {
      d.date = absl::StrFormat("%04d-%02d-%02d", tm.tm_year + 1900, tm.tm_mon + 1, tm.tm_mday);
    }
  }
  if (mapping != nullptr) {
    std::vector<internal::FieldProblem> problems;
    internal::ApplyDefaults(*mapping, /*kind_from_input=*/false, &d, &problems);
    for (internal::FieldProblem& p : problems) out.Warning(0, 0, std::move(p.message));
  }
  if (d.kind == Kind::kCall && d.deadline.empty()) {
    if (std::optional<std::string> deadline = FindDeadline(d.text)) d.deadline = *deadline;
  }
  if (d.id.empty()) d.id = std::string(file_name);
  if (d.title.empty() && d.text.empty()) {
    out.Reject(0, 0, "PDF has no text (a scan? text recognition is not done here)");
    return std::move(out).Finish();
  }
  out.Accept(std::move(d), 0);
  return std::move(out).Finish();
}

}  // namespace meute::ingest
