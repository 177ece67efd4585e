// Golden test: tests/golden/analyzer/cases.txt holds one input per line
// ("fr|" or "en|" then the text; \uXXXX escapes allowed); the expected
// analysis of each is in cases.golden. MEUTE_UPDATE_GOLDEN=1 rewrites it:
// review the diff.

#include <cstdlib>
#include <fstream>
#include <sstream>
#include <string>

#include <gtest/gtest.h>

#include "absl/strings/str_cat.h"
#include "absl/strings/str_join.h"
#include "base/file_util.h"
#include "ingest/analyzer.h"

namespace meute::ingest {
namespace {

std::string SourceDir() {
  const char* dir = std::getenv("MEUTE_SOURCE_DIR");
  return dir != nullptr ? dir : ".";
}

// Decodes \uXXXX escapes so that invisible characters stay visible in the case file.
std::string Unescape(const std::string& s) {
  std::string out;
  for (size_t i = 0; i < s.size(); ++i) {
    if (s[i] == '\\' && i + 5 < s.size() && s[i + 1] == 'u') {
      const uint32_t cp = static_cast<uint32_t>(std::stoul(s.substr(i + 2, 4), nullptr, 16));
      if (cp < 0x80) {
        out.push_back(static_cast<char>(cp));
      } else if (cp < 0x800) {
        out.push_back(static_cast<char>(0xC0 | (cp >> 6)));
        out.push_back(static_cast<char>(0x80 | (cp & 0x3F)));
      } else {
        out.push_back(static_cast<char>(0xE0 | (cp >> 12)));
        out.push_back(static_cast<char>(0x80 | ((cp >> 6) & 0x3F)));
        out.push_back(static_cast<char>(0x80 | (cp & 0x3F)));
      }
      i += 5;
    } else {
      out.push_back(s[i]);
    }
  }
  return out;
}

std::string Describe(const Analyzer& analyzer, const std::string& line) {
  const Language lang = line.rfind("en|", 0) == 0 ? Language::kEnglish : Language::kFrench;
  const std::string text = Unescape(line.substr(3));
  std::string out = absl::StrCat("== ", line, "\n");
  for (const Token& t : analyzer.Analyze(text, lang)) {
    absl::StrAppend(&out, t.position, " [", t.byte_begin, ",", t.byte_end, ") \"", t.surface,
                    "\" -> ", t.form);
    if (t.stopword) absl::StrAppend(&out, " (stop)");
    if (t.joined) absl::StrAppend(&out, " (joined)");
    if (!t.stems.empty()) absl::StrAppend(&out, " Z:", absl::StrJoin(t.stems, ","));
    absl::StrAppend(&out, "\n");
  }
  return out;
}

TEST(AnalyzerGolden, MatchesGoldenFile) {
  const std::string dir = SourceDir() + "/tests/golden/analyzer/";
  absl::StatusOr<std::string> cases = ReadFileToString(dir + "cases.txt");
  ASSERT_TRUE(cases.ok()) << cases.status();
  auto analyzer = Analyzer::Create();
  ASSERT_TRUE(analyzer.ok());

  std::string actual;
  int count = 0;
  std::istringstream in(*cases);
  for (std::string line; std::getline(in, line);) {
    if (line.empty() || line[0] == '#') continue;
    ASSERT_TRUE(line.rfind("fr|", 0) == 0 || line.rfind("en|", 0) == 0) << line;
    actual += Describe(**analyzer, line);
    ++count;
  }
  EXPECT_GE(count, 40) << "the golden file should cover at least 40 cases";

  const std::string golden_path = dir + "cases.golden";
  const char* update = std::getenv("MEUTE_UPDATE_GOLDEN");
  if (update != nullptr && std::string(update) == "1") {
    ASSERT_TRUE(WriteFileAtomically(golden_path, actual).ok());
    GTEST_SKIP() << "golden file rewritten: " << golden_path;
  }
  absl::StatusOr<std::string> expected = ReadFileToString(golden_path);
  ASSERT_TRUE(expected.ok()) << expected.status() << " (run with MEUTE_UPDATE_GOLDEN=1)";
  EXPECT_EQ(actual, *expected) << "analysis changed; if intended, rerun with "
                                  "MEUTE_UPDATE_GOLDEN=1, review the diff and bump "
                                  "kAnalyzerVersion";
}

}  // namespace
}  // namespace meute::ingest
