#include "index/eval.h"

#include <algorithm>
#include <cmath>
#include <set>
#include <vector>

#include "absl/strings/numbers.h"
#include "absl/strings/str_cat.h"
#include "absl/strings/str_split.h"
#include "absl/strings/strip.h"

namespace meute::index {

absl::StatusOr<std::vector<Topic>> ParseTopics(absl::string_view content,
                                               absl::string_view file_name) {
  std::vector<Topic> out;
  std::set<std::string> seen;
  int line_no = 0;
  for (absl::string_view line : absl::StrSplit(content, '\n')) {
    ++line_no;
    absl::ConsumeSuffix(&line, "\r");
    if (absl::StripAsciiWhitespace(line).empty() || line[0] == '#') continue;
    auto error = [&](absl::string_view what) {
      return absl::InvalidArgumentError(absl::StrCat(file_name, ":", line_no, ": ", what));
    };
    const size_t tab = line.find('\t');
    if (tab == absl::string_view::npos) return error("expected \"qid<TAB>query\"");
    Topic t;
    t.id = std::string(absl::StripAsciiWhitespace(line.substr(0, tab)));
    t.query = std::string(absl::StripAsciiWhitespace(line.substr(tab + 1)));
    if (t.id.empty()) return error("empty query id");
    if (t.query.empty()) return error(absl::StrCat("query \"", t.id, "\" is empty"));
    if (!seen.insert(t.id).second) return error(absl::StrCat("query id \"", t.id, "\" repeated"));
    out.push_back(std::move(t));
  }
  return out;
}

absl::StatusOr<Qrels> ParseQrels(absl::string_view content, absl::string_view file_name) {
  Qrels out;
  int line_no = 0;
  for (absl::string_view line : absl::StrSplit(content, '\n')) {
    ++line_no;
    if (absl::StripAsciiWhitespace(line).empty() ||
        absl::StripLeadingAsciiWhitespace(line)[0] == '#') {
      continue;
    }
    std::vector<absl::string_view> f =
        absl::StrSplit(line, absl::ByAnyChar(" \t\r"), absl::SkipEmpty());
    auto error = [&](absl::string_view what) {
      return absl::InvalidArgumentError(absl::StrCat(file_name, ":", line_no, ": ", what));
    };
    if (f.size() != 4) return error("expected \"qid iteration docid grade\"");
    int grade = 0;
    if (!absl::SimpleAtoi(f[3], &grade)) {
      return error(absl::StrCat("grade \"", f[3], "\" is not an integer"));
    }
    out[std::string(f[0])][std::string(f[2])] = grade;
  }
  return out;
}

QueryMetrics Evaluate(const std::vector<std::string>& ranked,
                      const std::map<std::string, int>& judgments) {
  QueryMetrics m;
  m.retrieved = static_cast<int>(ranked.size());
  std::vector<int> ideal;
  for (const auto& [doc, grade] : judgments) {
    if (grade > 0) {
      ++m.relevant;
      ideal.push_back(grade);
    }
  }
  std::sort(ideal.rbegin(), ideal.rend());
  auto grade_of = [&](const std::string& doc) {
    auto it = judgments.find(doc);
    return it == judgments.end() ? 0 : std::max(0, it->second);
  };
  double dcg = 0, idcg = 0;
  int rel10 = 0, rel5 = 0;
  std::set<std::string> seen;  // A system listing a document twice gets credit once.
  int rank = 0;
  for (const std::string& doc : ranked) {
    if (!seen.insert(doc).second) continue;
    ++rank;
    const int g = grade_of(doc);
    if (rank <= 10) {
      dcg += g / std::log2(rank + 1.0);
      if (g > 0) ++rel10;
    }
    if (rank <= 5 && g > 0) ++rel5;
    if (g > 0 && m.mrr == 0) m.mrr = 1.0 / rank;
  }
  for (size_t i = 0; i < ideal.size() && i < 10; ++i) idcg += ideal[i] / std::log2(i + 2.0);
  m.ndcg10 = idcg > 0 ? dcg / idcg : 0;
  m.recall10 = m.relevant > 0 ? static_cast<double>(rel10) / m.relevant : 0;
  m.p5 = rel5 / 5.0;
  return m;
}

void Summarize(EvalSummary* summary) {
  QueryMetrics& mean = summary->mean;
  mean = QueryMetrics();
  mean.id = "mean";
  const double n = static_cast<double>(summary->queries.size());
  if (n == 0) return;
  for (const QueryMetrics& q : summary->queries) {
    mean.relevant += q.relevant;
    mean.retrieved += q.retrieved;
    mean.ndcg10 += q.ndcg10 / n;
    mean.mrr += q.mrr / n;
    mean.recall10 += q.recall10 / n;
    mean.p5 += q.p5 / n;
  }
}

}  // namespace meute::index
