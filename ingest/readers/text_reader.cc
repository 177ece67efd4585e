#include "ingest/readers/text_reader.h"

#include <string>
#include <vector>

// toml++ 3.3 asserts on some malformed input that it then reports as a
// parse error in release builds (random bytes reach `parse_key()`'s
// assertion); its asserts are left out in every build so that Debug and
// sanitizer builds parse as release builds do.
#ifndef TOML_ASSERT
#define TOML_ASSERT(expr) static_assert(true)
#endif
#include <toml++/toml.h>
#include <nlohmann/json.hpp>

#include "absl/strings/ascii.h"
#include "absl/strings/match.h"
#include "absl/strings/str_cat.h"
#include "absl/strings/str_split.h"
#include "absl/strings/strip.h"
#include "ingest/french_date.h"
#include "ingest/readers/html_text.h"
#include "ingest/readers/mapped_record.h"
#include "ingest/readers/reader_common.h"

namespace meute::ingest {
namespace internal {
namespace {

using json = nlohmann::json;

struct FrontMatter {
  bool present = false;
  json fields = json::object();
  size_t body_offset = 0;  // Where the text after the front matter starts.
  int body_line = 1;       // Its line number.
  std::vector<std::pair<int, std::string>> problems;  // Line, message.
};

std::string Unquote(absl::string_view v) {
  v = absl::StripAsciiWhitespace(v);
  if (v.size() >= 2 &&
      ((v.front() == '"' && v.back() == '"') || (v.front() == '\'' && v.back() == '\''))) {
    std::string s(v.substr(1, v.size() - 2));
    if (v.front() == '"') {
      std::string out;
      for (size_t i = 0; i < s.size(); ++i) {
        if (s[i] == '\\' && i + 1 < s.size()) {
          const char n = s[++i];
          out += n == 'n' ? '\n' : n == 't' ? '\t' : n;
        } else {
          out += s[i];
        }
      }
      return out;
    }
    return s;
  }
  return std::string(v);
}

// A YAML scalar or flow list ("[a, b]").
json YamlValue(absl::string_view v) {
  v = absl::StripAsciiWhitespace(v);
  if (v.size() >= 2 && v.front() == '[' && v.back() == ']') {
    json list = json::array();
    for (absl::string_view item : absl::StrSplit(v.substr(1, v.size() - 2), ',')) {
      std::string s = Unquote(item);
      if (!s.empty()) list.push_back(s);
    }
    return list;
  }
  // A comment after an unquoted value.
  if (!v.empty() && v.front() != '"' && v.front() != '\'') {
    const size_t hash = v.find(" #");
    if (hash != absl::string_view::npos) v = absl::StripAsciiWhitespace(v.substr(0, hash));
  }
  return Unquote(v);
}

json TomlToJson(const toml::node& node, int depth) {
  if (depth > 16) return nullptr;
  if (const auto* s = node.as_string()) return s->get();
  if (const auto* i = node.as_integer()) return i->get();
  if (const auto* f = node.as_floating_point()) return f->get();
  if (const auto* b = node.as_boolean()) return b->get();
  if (const auto* d = node.as_date()) {
    char buf[16];
    std::snprintf(buf, sizeof buf, "%04d-%02d-%02d", d->get().year, d->get().month, d->get().day);
    return std::string(buf);
  }
  if (const auto* dt = node.as_date_time()) {
    const toml::date& d = dt->get().date;
    char buf[16];
    std::snprintf(buf, sizeof buf, "%04d-%02d-%02d", d.year, d.month, d.day);
    return std::string(buf);
  }
  if (const auto* a = node.as_array()) {
    json list = json::array();
    for (const toml::node& e : *a) list.push_back(TomlToJson(e, depth + 1));
    return list;
  }
  if (const auto* t = node.as_table()) {
    json obj = json::object();
    for (auto&& [k, v] : *t) obj[std::string(k.str())] = TomlToJson(v, depth + 1);
    return obj;
  }
  return nullptr;
}

// Splits text into lines (without their "\n"), with their starting offsets.
std::vector<std::pair<size_t, absl::string_view>> Lines(absl::string_view text) {
  std::vector<std::pair<size_t, absl::string_view>> lines;
  size_t pos = 0;
  while (pos <= text.size()) {
    size_t end = text.find('\n', pos);
    if (end == absl::string_view::npos) end = text.size();
    lines.emplace_back(pos, text.substr(pos, end - pos));
    if (end == text.size()) break;
    pos = end + 1;
  }
  return lines;
}

FrontMatter ReadFrontMatter(absl::string_view text) {
  FrontMatter fm;
  const auto lines = Lines(text);
  if (lines.empty()) return fm;
  const absl::string_view first = absl::StripTrailingAsciiWhitespace(lines[0].second);
  if (first != "---" && first != "+++") return fm;
  const bool is_toml = first == "+++";
  size_t close = 0;
  for (size_t i = 1; i < lines.size() && i < 500; ++i) {
    const absl::string_view l = absl::StripTrailingAsciiWhitespace(lines[i].second);
    if ((is_toml && l == "+++") || (!is_toml && (l == "---" || l == "..."))) {
      close = i;
      break;
    }
  }
  if (close == 0) {
    fm.problems.emplace_back(1, "front matter not closed: the file is read as text");
    return fm;
  }
  fm.present = true;
  fm.body_line = static_cast<int>(close) + 2;
  fm.body_offset = close + 1 < lines.size() ? lines[close + 1].first : text.size();
  if (is_toml) {
    const size_t begin = lines[1].first;
    const absl::string_view body = text.substr(begin, lines[close].first - begin);
    try {
      toml::table t = toml::parse(std::string_view(body.data(), body.size()));
      fm.fields = TomlToJson(t, 0);
    } catch (const toml::parse_error& e) {
      fm.problems.emplace_back(static_cast<int>(e.source().begin.line) + 1,
                               absl::StrCat("front matter: ", std::string(e.description())));
    }
    return fm;
  }
  std::string list_key;  // The key whose "- item" lines follow.
  for (size_t i = 1; i < close; ++i) {
    absl::string_view l = lines[i].second;
    if (!l.empty() && l.back() == '\r') l.remove_suffix(1);
    const absl::string_view trimmed = absl::StripAsciiWhitespace(l);
    if (trimmed.empty() || trimmed.front() == '#') continue;
    if (absl::StartsWith(trimmed, "- ") || trimmed == "-") {
      if (list_key.empty()) {
        fm.problems.emplace_back(static_cast<int>(i) + 1,
                                 "front matter: list item without a key, ignored");
        continue;
      }
      json& list = fm.fields[list_key];
      if (!list.is_array()) list = json::array();
      std::string item = Unquote(trimmed.substr(1));
      if (!item.empty()) list.push_back(item);
      continue;
    }
    const size_t colon = trimmed.find(':');
    if (colon == absl::string_view::npos || colon == 0) {
      fm.problems.emplace_back(static_cast<int>(i) + 1,
                               absl::StrCat("front matter: expected \"key: value\", got \"",
                                            trimmed.substr(0, 60), "\""));
      continue;
    }
    const std::string key(absl::StripAsciiWhitespace(trimmed.substr(0, colon)));
    const absl::string_view value = trimmed.substr(colon + 1);
    if (absl::StripAsciiWhitespace(value).empty()) {
      list_key = key;
      fm.fields[key] = json::array();
    } else {
      list_key.clear();
      fm.fields[key] = YamlValue(value);
    }
  }
  return fm;
}

bool IsRule(absl::string_view l) {
  l = absl::StripAsciiWhitespace(l);
  if (l.size() < 3) return false;
  const char c = l[0];
  if (c != '-' && c != '*' && c != '_' && c != '=') return false;
  for (char x : l) {
    if (x != c && x != ' ') return false;
  }
  return true;
}

// Removes inline Markdown: links and images, emphasis, code spans, tags.
std::string InlineToText(absl::string_view l) {
  std::string out;
  for (size_t i = 0; i < l.size();) {
    const char c = l[i];
    // ![alt](url) and [text](url) / [text][ref].
    if ((c == '[' || (c == '!' && i + 1 < l.size() && l[i + 1] == '['))) {
      const size_t open = c == '[' ? i : i + 1;
      const size_t close = l.find(']', open + 1);
      if (close != absl::string_view::npos && close + 1 < l.size() &&
          (l[close + 1] == '(' || l[close + 1] == '[')) {
        const char end_char = l[close + 1] == '(' ? ')' : ']';
        const size_t end = l.find(end_char, close + 2);
        if (end != absl::string_view::npos) {
          out += InlineToText(l.substr(open + 1, close - open - 1));
          i = end + 1;
          continue;
        }
      }
    }
    if (c == '<') {
      const size_t end = l.find('>', i + 1);
      if (end != absl::string_view::npos && i + 1 < l.size() &&
          (absl::ascii_isalpha(static_cast<unsigned char>(l[i + 1])) || l[i + 1] == '/')) {
        const absl::string_view inner = l.substr(i + 1, end - i - 1);
        // <https://...> autolinks keep their address.
        if (absl::StartsWith(inner, "http://") || absl::StartsWith(inner, "https://") ||
            absl::StartsWith(inner, "mailto:")) {
          out.append(inner.data(), inner.size());
        } else {
          out += ' ';
        }
        i = end + 1;
        continue;
      }
    }
    if (c == '`') {
      ++i;
      continue;
    }
    if (c == '*' || c == '_') {
      // Emphasis markers sit at a word edge; an underscore inside a word stays.
      const bool prev_alnum = i > 0 && absl::ascii_isalnum(static_cast<unsigned char>(l[i - 1]));
      const bool next_alnum =
          i + 1 < l.size() && absl::ascii_isalnum(static_cast<unsigned char>(l[i + 1]));
      if (c == '*' || !(prev_alnum && next_alnum)) {
        ++i;
        continue;
      }
    }
    if (c == '\\' && i + 1 < l.size() &&
        absl::ascii_ispunct(static_cast<unsigned char>(l[i + 1]))) {
      out += l[i + 1];
      i += 2;
      continue;
    }
    out += c;
    ++i;
  }
  return out;
}

struct MarkdownTitle {
  std::string title;
  int level = 0;
};

// Shared by both formats once the body text is ready.
ReadResult Finish(const FrontMatter& fm, std::string body, std::string title_guess,
                  absl::string_view file_name, const Mapping* mapping, ResultBuilder* out) {
  for (const auto& [line, message] : fm.problems) out->Warning(line, 0, message);
  Document doc;
  doc.kind = Kind::kNews;
  if (fm.present && fm.fields.is_object()) {
    Mapping m = mapping != nullptr ? *mapping : Mapping{};
    std::vector<std::string> keys;
    for (auto it = fm.fields.begin(); it != fm.fields.end(); ++it) keys.push_back(it.key());
    for (auto& [field, src] : IdentityMapping(keys).fields) m.fields.emplace(field, src);
    std::vector<FieldProblem> problems;
    const bool ok = MapRecord(fm.fields, m, Kind::kNews, &doc, &problems);
    for (FieldProblem& p : problems) {
      if (p.fatal) {
        out->Reject(1, 0, std::move(p.message));
      } else {
        out->Warning(1, 0, std::move(p.message));
      }
    }
    if (!ok) return std::move(*out).Finish();
  } else if (mapping != nullptr) {
    std::vector<FieldProblem> problems;
    ApplyDefaults(*mapping, false, &doc, &problems);
    for (FieldProblem& p : problems) out->Warning(0, 0, std::move(p.message));
  }
  if (doc.title.empty()) doc.title = std::move(title_guess);
  if (doc.text.empty()) doc.text = std::move(body);
  if (doc.date.empty()) {
    if (std::optional<std::string> d = FindDateline(doc.text)) doc.date = *d;
  }
  if (doc.kind == Kind::kCall && doc.deadline.empty()) {
    if (std::optional<std::string> d = FindDeadline(doc.text)) doc.deadline = *d;
  }
  if (doc.id.empty()) doc.id = doc.url.empty() ? std::string(file_name) : doc.url;
  out->Accept(std::move(doc), 1);
  return std::move(*out).Finish();
}

// Decodes, reporting conversions and repairs.
std::string Decode(absl::string_view content, ResultBuilder* out) {
  DecodedText decoded = DecodeText(content);
  if (decoded.converted) {
    out->Warning(0, 0, absl::StrCat("not valid UTF-8: read as ", decoded.encoding));
  }
  int shown = 0;
  for (int line : decoded.repaired_lines) {
    if (++shown > 20) break;
    out->Warning(line, 0, "invalid UTF-8 replaced by U+FFFD");
  }
  return NormalizeNewlines(decoded.text);
}

}  // namespace

std::string MarkdownToText(absl::string_view markdown) {
  std::string out;
  bool in_fence = false;
  bool blank_pending = false;
  for (absl::string_view l : absl::StrSplit(markdown, '\n')) {
    const absl::string_view trimmed = absl::StripAsciiWhitespace(l);
    if (absl::StartsWith(trimmed, "```") || absl::StartsWith(trimmed, "~~~")) {
      in_fence = !in_fence;
      continue;
    }
    std::string line;
    if (in_fence) {
      line = std::string(absl::StripTrailingAsciiWhitespace(l));
    } else {
      if (IsRule(trimmed)) continue;  // Rules and setext underlines.
      absl::string_view s = trimmed;
      // Reference definitions: [ref]: https://...
      if (absl::StartsWith(s, "[") && s.find("]:") != absl::string_view::npos &&
          s.find("]:") < s.find(' ')) {
        continue;
      }
      while (absl::ConsumePrefix(&s, ">")) s = absl::StripLeadingAsciiWhitespace(s);
      size_t hashes = 0;
      while (hashes < s.size() && s[hashes] == '#') ++hashes;
      if (hashes > 0 && hashes <= 6 && (hashes == s.size() || s[hashes] == ' ')) {
        s = absl::StripAsciiWhitespace(s.substr(hashes));
        while (!s.empty() && s.back() == '#') s.remove_suffix(1);
      }
      if (s.size() >= 2 && (s[0] == '-' || s[0] == '*' || s[0] == '+') && s[1] == ' ') {
        s.remove_prefix(2);
      } else {
        size_t d = 0;
        while (d < s.size() && absl::ascii_isdigit(static_cast<unsigned char>(s[d]))) ++d;
        if (d > 0 && d + 1 < s.size() && (s[d] == '.' || s[d] == ')') && s[d + 1] == ' ') {
          s.remove_prefix(d + 2);
        }
      }
      if (absl::StartsWith(s, "|")) {
        // Table rows: cells separated by spaces; separator rows dropped.
        if (s.find_first_not_of("|-: ") == absl::string_view::npos) continue;
        std::string row(s);
        for (char& c : row) {
          if (c == '|') c = ' ';
        }
        line = CollapseWhitespace(InlineToText(row));
      } else {
        line = CollapseWhitespace(InlineToText(s));
      }
    }
    if (line.empty()) {
      blank_pending = !out.empty();
      continue;
    }
    if (!out.empty()) out += blank_pending ? "\n\n" : "\n";
    blank_pending = false;
    out += line;
  }
  return out;
}

}  // namespace internal

ReadResult ParsePlainText(absl::string_view content, absl::string_view file_name,
                          const ReaderOptions& options, const Mapping* mapping) {
  internal::ResultBuilder out(file_name, options);
  const std::string text = internal::Decode(content, &out);
  internal::FrontMatter fm = internal::ReadFrontMatter(text);
  absl::string_view body = absl::string_view(text).substr(fm.present ? fm.body_offset : 0);
  // The first non-empty line is the title; the rest is the text.
  std::string title;
  size_t pos = 0;
  while (pos < body.size()) {
    size_t end = body.find('\n', pos);
    if (end == absl::string_view::npos) end = body.size();
    title = internal::CollapseWhitespace(body.substr(pos, end - pos));
    pos = end + 1;
    if (!title.empty()) break;
  }
  std::string rest;
  if (title.size() > 200) {
    // A paragraph, not a title: keep it in the text.
    title = internal::TitleFromText(title);
    rest = std::string(body);
  } else {
    rest = std::string(body.substr(std::min(pos, body.size())));
  }
  const bool fm_title = fm.present && fm.fields.contains("title");
  if (fm_title) rest = std::string(body);
  // Trim blank lines around the text and spaces at line ends.
  std::string clean;
  for (absl::string_view l : absl::StrSplit(rest, '\n')) {
    if (!clean.empty() || !absl::StripAsciiWhitespace(l).empty()) {
      clean += std::string(absl::StripTrailingAsciiWhitespace(l));
      clean += '\n';
    }
  }
  while (!clean.empty() && (clean.back() == '\n' || clean.back() == ' ')) clean.pop_back();
  return internal::Finish(fm, std::move(clean), std::move(title), file_name, mapping, &out);
}

ReadResult ParseMarkdown(absl::string_view content, absl::string_view file_name,
                         const ReaderOptions& options, const Mapping* mapping) {
  internal::ResultBuilder out(file_name, options);
  const std::string text = internal::Decode(content, &out);
  internal::FrontMatter fm = internal::ReadFrontMatter(text);
  // Inline <script>, <style>... never reach a field (line count kept).
  const std::string html_free =
      internal::StripNonTextHtml(absl::string_view(text).substr(fm.present ? fm.body_offset : 0));
  absl::string_view body = html_free;
  // Title: the first level-1 heading, else the first heading, else the first line.
  std::string title;
  int best_level = 7;
  std::vector<absl::string_view> lines = absl::StrSplit(body, '\n');
  size_t title_line = lines.size();
  bool in_fence = false;
  for (size_t i = 0; i < lines.size() && best_level > 1; ++i) {
    const absl::string_view l = absl::StripAsciiWhitespace(lines[i]);
    if (absl::StartsWith(l, "```") || absl::StartsWith(l, "~~~")) in_fence = !in_fence;
    if (in_fence) continue;
    int level = 0;
    std::string heading;
    size_t hashes = 0;
    while (hashes < l.size() && l[hashes] == '#') ++hashes;
    if (hashes > 0 && hashes <= 6 && hashes < l.size() && l[hashes] == ' ') {
      level = static_cast<int>(hashes);
      heading = std::string(l.substr(hashes));
      while (!heading.empty() && (heading.back() == '#' || heading.back() == ' ')) {
        heading.pop_back();
      }
    } else if (i + 1 < lines.size() && !l.empty()) {
      const absl::string_view next = absl::StripAsciiWhitespace(lines[i + 1]);
      if (!next.empty() && next.find_first_not_of('=') == absl::string_view::npos) level = 1;
      if (next.size() >= 2 && next.find_first_not_of('-') == absl::string_view::npos) level = 2;
      if (level > 0) heading = std::string(l);
    }
    if (level > 0 && level < best_level) {
      best_level = level;
      title = internal::CollapseWhitespace(internal::InlineToText(heading));
      title_line = i;
    }
  }
  std::string rest;
  if (title.empty()) {
    std::string all = internal::MarkdownToText(body);
    title = internal::TitleFromText(all);
    rest = std::move(all);
    // Drop the first line from the text when it became the title whole.
    const size_t nl = rest.find('\n');
    if (internal::CollapseWhitespace(rest.substr(0, nl)) == title) {
      rest = nl == std::string::npos ? "" : rest.substr(nl + 1);
    }
  } else {
    std::string without_title;
    for (size_t i = 0; i < lines.size(); ++i) {
      if (i == title_line) continue;
      // A setext underline under the title goes with it.
      if (i == title_line + 1 && best_level <= 2 &&
          absl::StripAsciiWhitespace(lines[i]).find_first_not_of("=-") == absl::string_view::npos) {
        continue;
      }
      without_title += std::string(lines[i]);
      without_title += '\n';
    }
    rest = internal::MarkdownToText(without_title);
  }
  while (!rest.empty() && rest.front() == '\n') rest.erase(0, 1);
  return internal::Finish(fm, std::move(rest), std::move(title), file_name, mapping, &out);
}

}  // namespace meute::ingest
