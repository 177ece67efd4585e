#include "ingest/readers/pdf_reader.h"

#include <climits>
#include <ctime>
#include <memory>
#include <mutex>
#include <string>
#include <vector>

#include <poppler/cpp/poppler-document.h>
#include <poppler/cpp/poppler-global.h>
#include <poppler/cpp/poppler-page.h>

#include "absl/strings/ascii.h"
#include "absl/strings/match.h"
#include "absl/strings/str_cat.h"
#include "absl/strings/str_format.h"
#include "absl/strings/str_split.h"
#include "ingest/french_date.h"
#include "ingest/internal/json_record.h"
#include "ingest/readers/mapped_record.h"
#include "ingest/readers/reader_common.h"

namespace meute::ingest {
namespace {

void SilencePoppler(const std::string& /*message*/, void* /*closure*/) {}

std::string Utf8(const poppler::ustring& s) {
  const poppler::byte_array bytes = s.to_utf8();
  return std::string(bytes.begin(), bytes.end());
}

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

}  // namespace

ReadResult ParsePdf(absl::string_view content, absl::string_view file_name,
                    const ReaderOptions& options, const Mapping* mapping) {
  static std::once_flag once;
  std::call_once(once, [] { poppler::set_debug_error_function(SilencePoppler, nullptr); });
  internal::ResultBuilder out(file_name, options);
  // Some writers put junk before the header; readers accept it within 1 KiB.
  if (content.size() > INT_MAX || content.substr(0, 1024).find("%PDF") == absl::string_view::npos) {
    out.Reject(0, 0, "not a PDF file (no %PDF header)");
    return std::move(out).Finish();
  }
  std::unique_ptr<poppler::document> doc(
      poppler::document::load_from_raw_data(content.data(), static_cast<int>(content.size())));
  if (doc == nullptr) {
    out.Reject(0, 0, "PDF could not be opened (damaged file?)");
    return std::move(out).Finish();
  }
  if (doc->is_locked()) {
    out.Reject(0, 0, "PDF is password-protected: its text cannot be read");
    return std::move(out).Finish();
  }
  Document d;
  d.kind = Kind::kCall;
  const size_t limit = options.max_field_bytes;
  const int pages = doc->pages();
  bool cut = false;
  for (int i = 0; i < pages && !cut; ++i) {
    std::unique_ptr<poppler::page> page(doc->create_page(i));
    if (page == nullptr) {
      out.Warning(0, 0, absl::StrCat("page ", i + 1, " could not be read"));
      continue;
    }
    std::string text = Utf8(page->text(poppler::rectf(), poppler::page::raw_order_layout));
    AppendPage(text, &d.text);
    if (d.text.size() > limit) cut = true;
  }
  if (cut && pages > 1) {
    out.Warning(0, 0, absl::StrCat("text longer than ", limit, " bytes: later pages skipped"));
  }
  std::string title = internal::CollapseWhitespace(Utf8(doc->get_title()));
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
  } else if (const time_t created = doc->get_creation_date_t(); created > 0) {
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
