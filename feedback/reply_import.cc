#include "feedback/reply_import.h"

#include <filesystem>
#include <map>
#include <string>
#include <utility>
#include <vector>

#include <nlohmann/json.hpp>

#include "absl/status/status.h"
#include "absl/strings/ascii.h"
#include "absl/strings/match.h"
#include "absl/strings/str_cat.h"
#include "absl/strings/str_split.h"
#include "absl/strings/strip.h"
#include "absl/time/civil_time.h"
#include "base/file_util.h"

namespace meute::feedback {
namespace {

std::string Where(const std::string& path, int line) { return absl::StrCat(path, ":", line); }

// Fills a reply from the fields of one form row; "" for a missing field.
absl::StatusOr<Reply> FromFields(const std::string& id, const std::string& answer,
                                 const std::string& author, const std::string& date,
                                 const std::string& reason) {
  Reply r;
  if (answer == "undo") {
    r.undo = true;
  } else {
    absl::StatusOr<Verdict> v = ParseVerdict(answer);
    if (!v.ok()) return v.status();
    r.answer.verdict = *v;
  }
  absl::StatusOr<SuggestionId> sid = ParseSuggestionId(id);
  if (!sid.ok()) return sid.status();
  r.answer.id = *std::move(sid);
  absl::CivilDay day;
  if (!absl::ParseCivilTime(date, &day)) {
    return absl::InvalidArgumentError(absl::StrCat("date \"", date, "\" is not YYYY-MM-DD"));
  }
  r.answer.date = date;
  if (author.empty()) return absl::InvalidArgumentError("no author");
  r.answer.author = author;
  r.answer.reason = reason;
  return r;
}

void Keep(ImportResult& out, absl::StatusOr<Reply> r, const std::string& where) {
  if (!r.ok()) {
    out.errors.push_back(absl::StrCat(where, ": ", r.status().message()));
    return;
  }
  r->answer.source = where;
  out.replies.push_back(*std::move(r));
}

// One message: its headers (lower-case names, unfolded) and body lines.
void ReadMessage(ImportResult& out, const std::string& where,
                 const std::vector<absl::string_view>& lines) {
  std::map<std::string, std::string> headers;
  std::string last;
  size_t i = 0;
  for (; i < lines.size() && !lines[i].empty(); ++i) {
    const absl::string_view line = lines[i];
    if ((line[0] == ' ' || line[0] == '\t') && !last.empty()) {
      absl::StrAppend(&headers[last], " ", absl::StripAsciiWhitespace(line));
      continue;
    }
    const size_t colon = line.find(':');
    if (colon == absl::string_view::npos) continue;  // The mbox "From " line.
    last = absl::AsciiStrToLower(line.substr(0, colon));
    headers[last] = std::string(absl::StripAsciiWhitespace(line.substr(colon + 1)));
  }
  std::string reason;
  for (++i; i < lines.size() && reason.empty(); ++i) {
    const absl::string_view body = absl::StripAsciiWhitespace(lines[i]);
    if (body.empty() || body[0] == '>') continue;
    if (absl::StartsWith(body, "Le ") && absl::EndsWith(body, ":"))
      continue;  // "Le …, X a écrit :"
    if (absl::StartsWith(body, "On ") && absl::EndsWith(body, "wrote:")) continue;
    reason = std::string(body);
  }
  absl::StatusOr<Reply> r = ParseReplySubject(headers["subject"]);
  if (r.ok()) {
    absl::StatusOr<std::string> date = MailDate(headers["date"]);
    if (!date.ok()) {
      r = date.status();
    } else if (headers["from"].empty()) {
      r = absl::InvalidArgumentError("no From header");
    } else {
      r->answer.date = *date;
      r->answer.author = headers["from"];
      r->answer.reason = reason;
    }
  }
  Keep(out, std::move(r), where);
}

// Splits one CSV line (RFC 4180 quotes; no line breaks inside fields).
std::vector<std::string> CsvFields(absl::string_view line) {
  std::vector<std::string> fields(1);
  bool quoted = false;
  for (size_t i = 0; i < line.size(); ++i) {
    const char c = line[i];
    if (quoted) {
      if (c == '"' && i + 1 < line.size() && line[i + 1] == '"') {
        fields.back() += '"';
        ++i;
      } else if (c == '"') {
        quoted = false;
      } else {
        fields.back() += c;
      }
    } else if (c == '"') {
      quoted = true;
    } else if (c == ',') {
      fields.emplace_back();
    } else if (c != '\r') {
      fields.back() += c;
    }
  }
  return fields;
}

}  // namespace

absl::StatusOr<Reply> ParseReplySubject(absl::string_view subject) {
  const std::vector<absl::string_view> words =
      absl::StrSplit(subject, absl::ByAnyChar(" \t"), absl::SkipEmpty());
  for (size_t i = 0; i + 1 < words.size(); ++i) {
    const std::string verb = absl::AsciiStrToLower(words[i]);
    if (verb != "accept" && verb != "reject" && verb != "known" && verb != "undo") continue;
    return FromFields(std::string(words[i + 1]), verb, "-", "2000-01-01", "");
  }
  return absl::InvalidArgumentError(absl::StrCat(
      "subject \"", subject, "\" holds no answer (accept, reject, known or undo, then an id)"));
}

absl::StatusOr<std::string> MailDate(absl::string_view header) {
  static const char* const kMonths[] = {"jan", "feb", "mar", "apr", "may", "jun",
                                        "jul", "aug", "sep", "oct", "nov", "dec"};
  absl::string_view rest = header;
  if (const size_t comma = rest.find(','); comma != absl::string_view::npos) {
    rest = rest.substr(comma + 1);
  }
  const std::vector<absl::string_view> parts = absl::StrSplit(rest, ' ', absl::SkipWhitespace());
  int day = 0;
  int year = 0;
  if (parts.size() >= 3 && absl::SimpleAtoi(parts[0], &day) && absl::SimpleAtoi(parts[2], &year)) {
    const std::string month = absl::AsciiStrToLower(parts[1]);
    for (int m = 0; m < 12; ++m) {
      if (month == kMonths[m]) {
        const absl::CivilDay d(year, m + 1, day);
        if (d.day() == day && d.month() == m + 1) {
          return absl::StrCat(absl::FormatCivilTime(d));
        }
      }
    }
  }
  return absl::InvalidArgumentError(absl::StrCat("Date header \"", header, "\" is not RFC 5322"));
}

ImportResult ReadMbox(const std::string& path, absl::string_view text) {
  ImportResult out;
  const std::vector<absl::string_view> lines = absl::StrSplit(text, '\n');
  std::vector<absl::string_view> message;
  int first = 0;
  for (size_t i = 0; i <= lines.size(); ++i) {
    const bool end = i == lines.size();
    absl::string_view line = end ? absl::string_view() : absl::StripSuffix(lines[i], "\r");
    if (end || (absl::StartsWith(line, "From ") &&
                (i == 0 || lines[i - 1].empty() || lines[i - 1] == "\r"))) {
      if (!message.empty()) ReadMessage(out, Where(path, first), message);
      message.clear();
      first = static_cast<int>(i) + 1;
      if (end) break;
    }
    message.push_back(line);
  }
  return out;
}

ImportResult ReadCsv(const std::string& path, absl::string_view text) {
  ImportResult out;
  const std::vector<absl::string_view> lines = absl::StrSplit(text, '\n');
  std::map<std::string, size_t> column;
  for (size_t i = 0; i < lines.size(); ++i) {
    if (absl::StripAsciiWhitespace(lines[i]).empty()) continue;
    const std::vector<std::string> fields = CsvFields(lines[i]);
    if (column.empty()) {
      for (size_t c = 0; c < fields.size(); ++c) {
        column[absl::AsciiStrToLower(absl::StripAsciiWhitespace(fields[c]))] = c;
      }
      for (const char* need : {"id", "answer", "author", "date"}) {
        if (!column.count(need)) {
          out.errors.push_back(absl::StrCat(Where(path, static_cast<int>(i) + 1),
                                            ": the header names no column \"", need,
                                            "\" (id, answer, author, date, reason)"));
          return out;
        }
      }
      continue;
    }
    auto field = [&](const char* name) {
      auto it = column.find(name);
      return it != column.end() && it->second < fields.size()
                 ? std::string(absl::StripAsciiWhitespace(fields[it->second]))
                 : std::string();
    };
    Keep(out,
         FromFields(field("id"), field("answer"), field("author"), field("date"), field("reason")),
         Where(path, static_cast<int>(i) + 1));
  }
  return out;
}

ImportResult ReadJsonLines(const std::string& path, absl::string_view text) {
  ImportResult out;
  const std::vector<absl::string_view> lines = absl::StrSplit(text, '\n');
  for (size_t i = 0; i < lines.size(); ++i) {
    if (absl::StripAsciiWhitespace(lines[i]).empty()) continue;
    const std::string where = Where(path, static_cast<int>(i) + 1);
    const nlohmann::json j =
        nlohmann::json::parse(lines[i].begin(), lines[i].end(), nullptr, false);
    if (!j.is_object()) {
      out.errors.push_back(absl::StrCat(where, ": not a JSON object"));
      continue;
    }
    auto field = [&](const char* name) {
      return j.contains(name) && j[name].is_string() ? j[name].get<std::string>() : std::string();
    };
    Keep(out,
         FromFields(field("id"), field("answer"), field("author"), field("date"), field("reason")),
         where);
  }
  return out;
}

absl::StatusOr<ImportResult> ReadReplies(const std::string& path) {
  std::error_code ec;
  if (std::filesystem::is_directory(path, ec)) {
    ImportResult out;
    std::vector<std::string> files;
    for (const char* sub : {"cur", "new"}) {
      const std::filesystem::path dir = std::filesystem::path(path) / sub;
      if (!std::filesystem::is_directory(dir, ec)) continue;
      for (const auto& entry : std::filesystem::directory_iterator(dir, ec)) {
        if (entry.is_regular_file()) files.push_back(entry.path().string());
      }
    }
    if (files.empty()) {
      return absl::InvalidArgumentError(
          absl::StrCat("folder ", path, " is not a Maildir (no message in cur/ or new/)"));
    }
    std::sort(files.begin(), files.end());
    for (const std::string& file : files) {
      absl::StatusOr<std::string> text = ReadFileToString(file);
      if (!text.ok()) return text.status();
      const std::vector<absl::string_view> lines = absl::StrSplit(*text, '\n');
      std::vector<absl::string_view> stripped;
      for (absl::string_view l : lines) stripped.push_back(absl::StripSuffix(l, "\r"));
      ReadMessage(out, Where(file, 1), stripped);
    }
    return out;
  }
  absl::StatusOr<std::string> text = ReadFileToString(path);
  if (!text.ok()) return text.status();
  if (absl::EndsWithIgnoreCase(path, ".csv")) return ReadCsv(path, *text);
  if (absl::EndsWithIgnoreCase(path, ".jsonl") || absl::EndsWithIgnoreCase(path, ".ndjson")) {
    return ReadJsonLines(path, *text);
  }
  return ReadMbox(path, *text);
}

}  // namespace meute::feedback
