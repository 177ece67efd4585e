#include "index/search_render.h"

#include <cmath>

#include <nlohmann/json.hpp>

#include "absl/strings/str_cat.h"
#include "absl/strings/str_format.h"
#include "absl/strings/str_join.h"
#include "ingest/document.h"

namespace meute::index {
namespace {

using Json = nlohmann::ordered_json;

constexpr absl::string_view kBold = "\x1b[1m";
constexpr absl::string_view kDim = "\x1b[2m";
constexpr absl::string_view kMark = "\x1b[1;33m";
constexpr absl::string_view kReset = "\x1b[0m";

std::string Dump(const Json& j) {
  return j.dump(2, ' ', false, Json::error_handler_t::replace) + "\n";
}

double Round(double v, double scale = 1e4) { return std::round(v * scale) / scale; }

Json HighlightsJson(const Snippet& s) {
  Json out = Json::array();
  for (const Highlight& h : s.highlights) {
    out.push_back(
        {{"start", h.begin}, {"end", h.end}, {"text", s.text.substr(h.begin, h.end - h.begin)}});
  }
  return out;
}

Json HitJson(const Hit& h) {
  Json j;
  j["rank"] = h.rank;
  j["id"] = h.id;
  j["kind"] = h.kind;
  j["title"] = h.title;
  j["date"] = h.date;
  j["score"] = Round(h.score);
  j["percent"] = h.percent;
  j["snippet"] = h.snippet.text;
  j["highlights"] = HighlightsJson(h.snippet);
  j["relaxed"] = h.relaxed;
  j["collapsed"] = h.collapsed;
  j["url"] = h.record.url;
  j["deadline"] = h.record.deadline;
  j["record"] = Json::parse(ingest::ToJson(h.record), nullptr, false);
  return j;
}

// The snippet with its highlights marked by colour (or left plain).
std::string Marked(const Snippet& s, bool color) {
  if (!color) return s.text;
  std::string out;
  size_t pos = 0;
  for (const Highlight& h : s.highlights) {
    absl::StrAppend(&out, s.text.substr(pos, h.begin - pos), kMark,
                    s.text.substr(h.begin, h.end - h.begin), kReset);
    pos = h.end;
  }
  out += s.text.substr(pos);
  return out;
}

std::string HitText(const Hit& h, bool color, const std::vector<std::string>* shared) {
  std::string meta = absl::StrCat(h.kind, " · ", h.id);
  if (!h.date.empty()) absl::StrAppend(&meta, " · ", h.date);
  if (!h.record.deadline.empty()) absl::StrAppend(&meta, " · échéance ", h.record.deadline);
  if (!h.record.funder.empty()) absl::StrAppend(&meta, " · ", h.record.funder);
  if (h.fused.has_value()) {
    absl::StrAppend(
        &meta, absl::StrFormat(" · fused %.4f", h.score), " · BM25 ",
        h.fused->bm25_rank > 0 ? absl::StrCat("#", h.fused->bm25_rank) : "not ranked", " · cosine ",
        h.fused->cosine_rank > 0 ? absl::StrCat("#", h.fused->cosine_rank) : "not ranked");
    if (h.fused->cosine.has_value())
      absl::StrAppend(&meta, absl::StrFormat(" (%.2f)", *h.fused->cosine));
  } else {
    absl::StrAppend(&meta, absl::StrFormat(" · score %.2f", h.score));
  }
  if (h.relaxed) absl::StrAppend(&meta, " · some words only");
  if (h.collapsed > 0) absl::StrAppend(&meta, " · +", h.collapsed, " near-duplicate(s)");
  std::string out = absl::StrCat(h.rank, ". ", color ? kBold : "", h.title, color ? kReset : "",
                                 "\n   ", color ? kDim : "", meta, color ? kReset : "", "\n");
  if (shared != nullptr && !shared->empty()) {
    absl::StrAppend(&out, "   shared terms: ", absl::StrJoin(*shared, ", "), "\n");
  }
  if (!h.snippet.text.empty()) absl::StrAppend(&out, "   ", Marked(h.snippet, color), "\n");
  return out;
}

}  // namespace

std::string CsvField(absl::string_view value) {
  if (value.find_first_of(",\"\r\n") == absl::string_view::npos) return std::string(value);
  std::string out = "\"";
  for (char c : value) {
    if (c == '"') out.push_back('"');
    out.push_back(c);
  }
  out.push_back('"');
  return out;
}

std::string SearchToJson(const SearchRequest& request, const SearchResponse& response) {
  Json j;
  j["version"] = kSearchJsonVersion;
  j["query"] = response.query;
  j["total"] = response.total;
  j["total_exact"] = response.total_exact;
  j["strict_total"] = response.strict_total;
  j["offset"] = request.offset;
  j["limit"] = request.limit;
  j["hits"] = Json::array();
  for (const Hit& h : response.hits) j["hits"].push_back(HitJson(h));
  Json facets = Json::object();
  for (const Facet& f : response.facets) {
    Json values = Json::array();
    for (const FacetValue& v : f.values) values.push_back({{"value", v.value}, {"count", v.count}});
    facets[f.name] = values;
  }
  j["facets"] = facets;
  j["suggestion"] = response.suggestion.empty() ? Json(nullptr) : Json(response.suggestion);
  j["corrected"] = response.corrected;
  j["notices"] = response.notices;
  j["expansions"] = response.expansions;
  return Dump(j);
}

std::string SearchToCsv(const SearchResponse& response) {
  std::string out =
      "rank,id,kind,title,date,deadline,funder,clusters,score,relaxed,url,snippet\r\n";
  for (const Hit& h : response.hits) {
    const std::vector<std::string> fields = {absl::StrCat(h.rank),
                                             h.id,
                                             h.kind,
                                             h.title,
                                             h.date,
                                             h.record.deadline,
                                             h.record.funder,
                                             absl::StrJoin(h.record.clusters, ";"),
                                             absl::StrFormat("%.4f", h.score),
                                             h.relaxed ? "yes" : "no",
                                             h.record.url,
                                             h.snippet.text};
    std::vector<std::string> quoted;
    for (const std::string& f : fields) quoted.push_back(CsvField(f));
    absl::StrAppend(&out, absl::StrJoin(quoted, ","), "\r\n");
  }
  return out;
}

std::string SearchToText(const SearchRequest& request, const SearchResponse& response, bool color) {
  std::string out;
  for (const std::string& n : response.notices) absl::StrAppend(&out, "note: ", n, "\n");
  for (const std::string& e : response.expansions) absl::StrAppend(&out, "synonyms: ", e, "\n");
  if (!response.suggestion.empty() && !response.corrected) {
    absl::StrAppend(&out, "did you mean: ", color ? kBold : "", response.suggestion,
                    color ? kReset : "", " ?\n");
  }
  if (response.hits.empty()) {
    absl::StrAppend(&out, response.total == 0 ? "no results\n"
                                              : absl::StrCat("no results on this page (",
                                                             response.total, " in all)\n"));
  } else {
    absl::StrAppend(&out, response.total_exact ? "" : "about ", response.total,
                    response.total == 1 ? " result" : " results", ", showing ",
                    response.hits.front().rank, "-", response.hits.back().rank, "\n\n");
  }
  for (const Hit& h : response.hits) absl::StrAppend(&out, HitText(h, color, nullptr), "\n");
  (void)request;
  for (const Facet& f : response.facets) {
    std::vector<std::string> values;
    for (const FacetValue& v : f.values)
      values.push_back(absl::StrCat(v.value, " (", v.count, ")"));
    absl::StrAppend(&out, color ? kBold : "", f.name, color ? kReset : "", ": ",
                    values.empty() ? "-" : absl::StrJoin(values, ", "), "\n");
  }
  return out;
}

std::string SimilarToJson(const SimilarRequest& request, const SimilarResponse& response) {
  Json j;
  j["version"] = kSearchJsonVersion;
  j["id"] = request.id;
  j["source"] = {{"id", response.source.id},
                 {"kind", std::string(ingest::KindName(response.source.kind))},
                 {"title", response.source.title}};
  j["terms"] = Json::array();
  for (const SimilarTerm& t : response.terms) {
    j["terms"].push_back({{"term", t.term}, {"stem", t.stem}, {"weight", Round(t.weight)}});
  }
  j["total"] = response.total;
  j["hits"] = Json::array();
  for (const Hit& h : response.hits) {
    Json hj = HitJson(h);
    hj["matched_terms"] = h.matched_terms;
    if (h.fused.has_value()) {
      hj["score"] = Round(h.score, 1e6);
      hj["bm25_rank"] = h.fused->bm25_rank > 0 ? Json(h.fused->bm25_rank) : Json(nullptr);
      hj["cosine_rank"] = h.fused->cosine_rank > 0 ? Json(h.fused->cosine_rank) : Json(nullptr);
      hj["cosine"] = h.fused->cosine.has_value() ? Json(Round(*h.fused->cosine)) : Json(nullptr);
    }
    j["hits"].push_back(std::move(hj));
  }
  if (response.hybrid) {
    j["fusion"] = {{"method", "reciprocal rank fusion"},
                   {"k", response.fusion_constant},
                   {"depth", response.fusion_depth}};
  }
  return Dump(j);
}

std::string SimilarToCsv(const SimilarResponse& response) {
  std::string out =
      response.hybrid ? "rank,id,kind,title,date,score,bm25_rank,cosine_rank,cosine,matched_terms,"
                        "url\r\n"
                      : "rank,id,kind,title,date,score,matched_terms,url\r\n";
  for (const Hit& h : response.hits) {
    std::vector<std::string> fields = {absl::StrCat(h.rank), h.id, h.kind, h.title, h.date};
    if (response.hybrid && h.fused.has_value()) {
      // Empty rank: that side did not rank the record.
      fields.push_back(absl::StrFormat("%.6f", h.score));
      fields.push_back(h.fused->bm25_rank > 0 ? absl::StrCat(h.fused->bm25_rank) : "");
      fields.push_back(h.fused->cosine_rank > 0 ? absl::StrCat(h.fused->cosine_rank) : "");
      fields.push_back(h.fused->cosine.has_value() ? absl::StrFormat("%.4f", *h.fused->cosine)
                                                   : "");
    } else {
      fields.push_back(absl::StrFormat("%.4f", h.score));
    }
    fields.push_back(absl::StrJoin(h.matched_terms, ";"));
    fields.push_back(h.record.url);
    std::vector<std::string> quoted;
    for (const std::string& f : fields) quoted.push_back(CsvField(f));
    absl::StrAppend(&out, absl::StrJoin(quoted, ","), "\r\n");
  }
  return out;
}

std::string SimilarToText(const SimilarResponse& response, bool color) {
  std::vector<std::string> terms;
  for (const SimilarTerm& t : response.terms) terms.push_back(t.term);
  std::string out = absl::StrCat("records like ", color ? kBold : "", response.source.title,
                                 color ? kReset : "", " (", response.source.id, ")\n",
                                 "matched on: ", absl::StrJoin(terms, ", "), "\n");
  if (response.hybrid) {
    absl::StrAppend(&out, "hybrid: BM25 and embedding cosine fused by reciprocal rank (k = ",
                    response.fusion_constant, ", top ", response.fusion_depth, " of each)\n");
  }
  out += "\n";
  if (response.hits.empty()) absl::StrAppend(&out, "no similar record\n");
  for (const Hit& h : response.hits)
    absl::StrAppend(&out, HitText(h, color, &h.matched_terms), "\n");
  return out;
}

std::string EvalToJson(const EvalSummary& summary) {
  auto metrics = [](const QueryMetrics& m) {
    Json j;
    j["id"] = m.id;
    if (!m.query.empty()) j["query"] = m.query;
    j["relevant"] = m.relevant;
    j["retrieved"] = m.retrieved;
    j["ndcg@10"] = Round(m.ndcg10);
    j["mrr"] = Round(m.mrr);
    j["recall@10"] = Round(m.recall10);
    j["p@5"] = Round(m.p5);
    return j;
  };
  Json j;
  j["version"] = kSearchJsonVersion;
  j["queries"] = Json::array();
  for (const QueryMetrics& m : summary.queries) j["queries"].push_back(metrics(m));
  j["mean"] = metrics(summary.mean);
  j["evaluated"] = summary.queries.size();
  j["skipped"] = summary.skipped;
  return Dump(j);
}

std::string EvalToCsv(const EvalSummary& summary) {
  std::string out = "id,query,relevant,retrieved,ndcg@10,mrr,recall@10,p@5\r\n";
  std::vector<QueryMetrics> rows = summary.queries;
  rows.push_back(summary.mean);
  for (const QueryMetrics& m : rows) {
    absl::StrAppend(&out, CsvField(m.id), ",", CsvField(m.query), ",", m.relevant, ",", m.retrieved,
                    ",", absl::StrFormat("%.4f,%.4f,%.4f,%.4f", m.ndcg10, m.mrr, m.recall10, m.p5),
                    "\r\n");
  }
  return out;
}

std::string EvalToText(const EvalSummary& summary) {
  std::string out = absl::StrFormat("%-12s %8s %8s %9s %8s  %s\n", "query", "nDCG@10", "MRR",
                                    "recall@10", "P@5", "text");
  for (const QueryMetrics& m : summary.queries) {
    absl::StrAppend(&out, absl::StrFormat("%-12s %8.4f %8.4f %9.4f %8.4f  %s\n", m.id, m.ndcg10,
                                          m.mrr, m.recall10, m.p5, m.query));
  }
  const QueryMetrics& m = summary.mean;
  absl::StrAppend(
      &out, absl::StrFormat("%-12s %8.4f %8.4f %9.4f %8.4f  (%d queries)\n", "mean", m.ndcg10,
                            m.mrr, m.recall10, m.p5, static_cast<int>(summary.queries.size())));
  if (!summary.skipped.empty()) {
    absl::StrAppend(&out,
                    "skipped (no relevant document judged): ", absl::StrJoin(summary.skipped, ", "),
                    "\n");
  }
  return out;
}

}  // namespace meute::index
