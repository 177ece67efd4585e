#include "recommend/bilingual_dictionary.h"

#include <zlib.h>

#include <algorithm>
#include <filesystem>
#include <set>
#include <system_error>

#include "absl/container/flat_hash_set.h"
#include "absl/status/status.h"
#include "absl/strings/ascii.h"
#include "absl/strings/match.h"
#include "absl/strings/str_cat.h"
#include "absl/strings/str_join.h"
#include "absl/strings/str_split.h"
#include "base/file_util.h"
#include "base/status_macros.h"

namespace meute::recommend {
namespace {

// The value of a dictd base-64 number, or -1 for an empty, bad or too long
// one (over 2^48: no dictionary is that large).
int64_t DecodeDictdNumber(absl::string_view digits) {
  if (digits.empty() || digits.size() > 8) return -1;
  int64_t v = 0;
  for (char c : digits) {
    int d;
    if (c >= 'A' && c <= 'Z') {
      d = c - 'A';
    } else if (c >= 'a' && c <= 'z') {
      d = c - 'a' + 26;
    } else if (c >= '0' && c <= '9') {
      d = c - '0' + 52;
    } else if (c == '+') {
      d = 62;
    } else if (c == '/') {
      d = 63;
    } else {
      return -1;
    }
    v = v * 64 + d;
  }
  return v;
}

// Reads `path` if it is at most `max_bytes` long.
absl::StatusOr<std::string> ReadBounded(const std::string& path, uint64_t max_bytes) {
  std::error_code ec;
  const uint64_t size = std::filesystem::file_size(path, ec);
  if (!ec && size > max_bytes) {
    return absl::ResourceExhaustedError(
        absl::StrCat("\"", path, "\": ", size, " bytes, over the limit of ", max_bytes));
  }
  absl::StatusOr<std::string> text = ReadFileToString(path);
  if (!text.ok()) return Annotate(text.status(), absl::StrCat("reading \"", path, "\""));
  if (text->size() > max_bytes) {
    return absl::ResourceExhaustedError(
        absl::StrCat("\"", path, "\": over the limit of ", max_bytes, " bytes"));
  }
  return text;
}

// Removes "[...]" labels and "(...)" notes, then trims.
std::string StripNotes(absl::string_view s) {
  std::string out;
  int depth = 0;
  for (char c : s) {
    if (c == '[' || c == '(') {
      ++depth;
    } else if ((c == ']' || c == ')') && depth > 0) {
      --depth;
    } else if (depth == 0) {
      out.push_back(c);
    }
  }
  return std::string(absl::StripAsciiWhitespace(out));
}

}  // namespace

absl::StatusOr<DictEntry> ParseFreeDictEntry(absl::string_view text) {
  DictEntry entry;
  bool first = true;
  for (absl::string_view line : absl::StrSplit(text, '\n')) {
    line = absl::StripAsciiWhitespace(line);
    if (first) {
      // "headword /pronunciation/ <pos>": the headword ends at " /" or " <".
      size_t end = line.size();
      for (absl::string_view mark : {" /", " <"}) end = std::min(end, line.find(mark));
      entry.headword = std::string(absl::StripAsciiWhitespace(line.substr(0, end)));
      if (entry.headword.empty()) {
        return absl::InvalidArgumentError("entry has an empty headword line");
      }
      first = false;
      continue;
    }
    if (line.empty()) continue;
    // Optional sense number "12. ".
    size_t digits = 0;
    while (digits < line.size() && absl::ascii_isdigit(static_cast<unsigned char>(line[digits]))) {
      ++digits;
    }
    if (digits > 0 && digits < line.size() && line[digits] == '.') {
      line = absl::StripLeadingAsciiWhitespace(line.substr(digits + 1));
    }
    std::vector<std::string> sense;
    for (absl::string_view t : absl::StrSplit(line, ',')) {
      std::string clean = StripNotes(t);
      if (!clean.empty()) sense.push_back(std::move(clean));
    }
    if (!sense.empty()) entry.senses.push_back(std::move(sense));
  }
  if (first) return absl::InvalidArgumentError("entry is empty");
  return entry;
}

absl::StatusOr<std::string> Gunzip(absl::string_view bytes, uint64_t max_bytes) {
  z_stream z{};
  // 16 + MAX_WBITS: expect a gzip header (dictzip's extra field included).
  if (inflateInit2(&z, 16 + MAX_WBITS) != Z_OK) {
    return absl::InternalError("zlib: inflateInit2 failed");
  }
  std::string out;
  char buffer[1 << 16];
  size_t consumed = 0;
  int rc = Z_OK;
  while (rc != Z_STREAM_END) {
    if (z.avail_in == 0 && consumed < bytes.size()) {
      const size_t n = std::min<size_t>(bytes.size() - consumed, 1u << 30);
      z.next_in = reinterpret_cast<Bytef*>(const_cast<char*>(bytes.data() + consumed));
      z.avail_in = static_cast<uInt>(n);
      consumed += n;
    }
    z.next_out = reinterpret_cast<Bytef*>(buffer);
    z.avail_out = sizeof(buffer);
    rc = inflate(&z, Z_NO_FLUSH);
    if (rc != Z_OK && rc != Z_STREAM_END) {
      inflateEnd(&z);
      return absl::DataLossError(absl::StrCat("gzip data is corrupt or truncated (zlib ", rc,
                                              z.msg != nullptr ? absl::StrCat(": ", z.msg) : "",
                                              ")"));
    }
    out.append(buffer, sizeof(buffer) - z.avail_out);
    if (out.size() > max_bytes) {
      inflateEnd(&z);
      return absl::ResourceExhaustedError(
          absl::StrCat("decompressed data over the limit of ", max_bytes, " bytes"));
    }
    if (rc == Z_OK && z.avail_in == 0 && consumed == bytes.size() && z.avail_out != 0) {
      inflateEnd(&z);
      return absl::DataLossError("gzip data is truncated");
    }
  }
  inflateEnd(&z);
  return out;
}

absl::StatusOr<std::vector<DictEntry>> ReadDictd(absl::string_view base) {
  const std::string index_path = absl::StrCat(base, ".index");
  MEUTE_ASSIGN_OR_RETURN(std::string index, ReadBounded(index_path, kMaxDictIndexBytes));
  std::string data;
  const std::string dz_path = absl::StrCat(base, ".dict.dz");
  std::error_code ec;
  if (std::filesystem::exists(dz_path, ec)) {
    MEUTE_ASSIGN_OR_RETURN(std::string packed, ReadBounded(dz_path, kMaxDictDataBytes));
    absl::StatusOr<std::string> unpacked = Gunzip(packed, kMaxDictDataBytes);
    if (!unpacked.ok()) return Annotate(unpacked.status(), absl::StrCat("\"", dz_path, "\""));
    data = *std::move(unpacked);
  } else {
    MEUTE_ASSIGN_OR_RETURN(data, ReadBounded(absl::StrCat(base, ".dict"), kMaxDictDataBytes));
  }
  std::vector<DictEntry> entries;
  int line_number = 0;
  for (absl::string_view line : absl::StrSplit(index, '\n')) {
    ++line_number;
    if (!line.empty() && line.back() == '\r') line.remove_suffix(1);
    if (line.empty()) continue;
    auto bad = [&](absl::string_view why) {
      return absl::InvalidArgumentError(
          absl::StrCat("\"", index_path, "\" line ", line_number, ": ", why));
    };
    const std::vector<absl::string_view> f = absl::StrSplit(line, '\t');
    if (f.size() != 3) {
      return bad(absl::StrCat("expected 3 tab-separated fields, found ", f.size()));
    }
    if (absl::StartsWith(f[0], "00database") || absl::StartsWith(f[0], "00-database")) continue;
    const int64_t offset = DecodeDictdNumber(f[1]);
    const int64_t length = DecodeDictdNumber(f[2]);
    if (offset < 0 || length < 0) return bad("bad base-64 offset or length");
    if (static_cast<uint64_t>(length) > kMaxDictEntryBytes) {
      return bad(
          absl::StrCat("entry of ", length, " bytes, over the limit of ", kMaxDictEntryBytes));
    }
    if (static_cast<uint64_t>(offset) + static_cast<uint64_t>(length) > data.size()) {
      return bad(absl::StrCat("entry [", offset, ", +", length, ") outside the ", data.size(),
                              " bytes of data"));
    }
    absl::StatusOr<DictEntry> entry = ParseFreeDictEntry(
        absl::string_view(data).substr(static_cast<size_t>(offset), static_cast<size_t>(length)));
    if (!entry.ok()) return bad(entry.status().message());
    entries.push_back(*std::move(entry));
  }
  return entries;
}

TranslationTable EnglishToFrench(const std::vector<DictEntry>& eng_fra,
                                 const std::vector<DictEntry>& fra_eng) {
  std::map<std::string, std::set<std::string>> pairs;
  auto one_word = [](absl::string_view s) {
    return !s.empty() && s.find(' ') == absl::string_view::npos;
  };
  for (const DictEntry& e : eng_fra) {
    if (!one_word(e.headword)) continue;
    for (const std::vector<std::string>& sense : e.senses) {
      for (const std::string& t : sense) pairs[e.headword].insert(t);
    }
  }
  for (const DictEntry& e : fra_eng) {
    for (const std::vector<std::string>& sense : e.senses) {
      for (const std::string& t : sense) {
        if (one_word(t)) pairs[t].insert(e.headword);
      }
    }
  }
  TranslationTable table;
  for (auto& [english, french] : pairs) {
    table[english].assign(french.begin(), french.end());
  }
  return table;
}

std::vector<GlossaryEntry> CompileDictionary(const TranslationTable& table,
                                             const StemWordsFn& stem_words, const Glossary& domain,
                                             const DictionaryOptions& options) {
  // Stems the domain glossary already translates from English.
  absl::flat_hash_set<std::string> domain_stems;
  for (const GlossaryEntry& e : domain.entries()) {
    if (e.lang != "en" || e.source.size() != 1) continue;
    domain_stems.insert(e.source[0].begin(), e.source[0].end());
  }
  // Source stems (joined) -> (source alternatives, translation -> its stems).
  struct Merged {
    std::vector<std::string> source;
    std::map<std::string, std::vector<std::string>> translations;
  };
  std::map<std::string, Merged> merged;
  for (const auto& [english, french] : table) {
    const std::vector<std::vector<std::string>> source = stem_words(english, "en");
    if (source.size() != 1 || source[0].empty()) continue;
    if (std::any_of(source[0].begin(), source[0].end(),
                    [&](const std::string& s) { return domain_stems.contains(s); })) {
      continue;
    }
    Merged& m = merged[absl::StrJoin(source[0], " ")];
    m.source = source[0];
    for (const std::string& t : french) {
      const std::vector<std::vector<std::string>> words = stem_words(t, "fr");
      if (words.size() != 1 || words[0].empty()) continue;
      // Keyed by the stems, so "réseau" and "réseaux" count as one translation.
      m.translations[absl::StrJoin(words[0], " ")] = words[0];
    }
  }
  std::vector<GlossaryEntry> out;
  for (auto& [key, m] : merged) {
    if (m.translations.empty()) continue;
    if (static_cast<int>(m.translations.size()) > options.max_translations) continue;
    GlossaryEntry entry;
    entry.lang = "en";
    entry.source = {m.source};
    for (const auto& [unused, stems] : m.translations) {
      for (const std::string& s : stems) {
        if (std::find(m.source.begin(), m.source.end(), s) != m.source.end()) continue;
        if (std::find(entry.targets.begin(), entry.targets.end(), s) != entry.targets.end()) {
          continue;
        }
        entry.targets.push_back(s);
      }
    }
    if (entry.targets.empty()) continue;
    out.push_back(std::move(entry));
  }
  return out;
}

}  // namespace meute::recommend
