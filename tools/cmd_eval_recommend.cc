// meute eval-recommend: measures the recommender against a plain TF-IDF
// cosine baseline, in one run, on three sets:
//   1. the bundled corpus and corpora/eval/consortium.tsv (call -> clusters it
//      needs): hit@3 and recall@3, on all calls, the English calls and the
//      calls that describe a need in lay words;
//   2. Fonds vert 2023 Occitanie winners (real data, ../shared/data): the call
//      each project won, from the project title: accuracy@1 and @3, by 5-fold
//      cross-validation (a call is its name plus the mean of its training
//      projects, weighted as a cluster profile), and zero-shot from the call
//      names alone;
//   3. Wikinews FR keyphrases (real data): F@10 of Meute's document labels
//      against reader-assigned keyphrases.
// The records are analysed in process exactly as the index exports them, so
// no database is needed.

#include <algorithm>
#include <chrono>
#include <cmath>
#include <cstdlib>
#include <filesystem>
#include <fstream>
#include <iostream>
#include <map>
#include <memory>
#include <set>
#include <sstream>
#include <string>
#include <vector>

#include <nlohmann/json.hpp>

#include "absl/strings/numbers.h"
#include "absl/strings/str_cat.h"
#include "absl/strings/str_format.h"
#include "absl/strings/str_split.h"
#include "absl/strings/strip.h"
#include "base/file_util.h"
#include "base/status_macros.h"
#include "index/schema.h"
#include "ingest/analyzer.h"
#include "ingest/reader.h"
#include "recommend/keyphrases.h"
#include "recommend/model.h"
#include "recommend/recommender.h"
#include "recommend/text_analysis.h"
#include "tools/command.h"
#include "tools/recommend_common.h"

#ifndef MEUTE_DEFAULT_CORPUS
#define MEUTE_DEFAULT_CORPUS "corpora/occitanie"
#endif

namespace meute::tools {
namespace {

using recommend::TermCounts;
using recommend::TermWeights;

struct EvalArgs {
  std::string corpus = MEUTE_DEFAULT_CORPUS;
  std::string truth;
  std::string data;
  int k = 128;
  uint64_t seed = 42;
  bool json = false;
};

std::string SourceRoot() {
  std::string corpus = MEUTE_DEFAULT_CORPUS;
  const std::string suffix = "/corpora/occitanie";
  if (corpus.size() > suffix.size() &&
      corpus.compare(corpus.size() - suffix.size(), suffix.size(), suffix) == 0) {
    return corpus.substr(0, corpus.size() - suffix.size());
  }
  return ".";
}

// --- Plain TF-IDF baseline --------------------------------------------------

// A TF-IDF space fitted on raw stem counts (no glossary, no SVD).
class TfidfSpace {
 public:
  explicit TfidfSpace(const std::vector<TermCounts>& docs) {
    recommend::TermCorpus corpus;
    for (const TermCounts& d : docs) corpus.Add(d);
    vocab_ = recommend::Vocabulary::FromCorpus(corpus, {});
  }
  TermWeights Weigh(const TermCounts& terms) const { return vocab_.Weigh(terms); }

 private:
  recommend::Vocabulary vocab_;
};

// Cluster profile in the TF-IDF space, weighted as ClusterProfile().
TermWeights SparseProfile(const TermWeights& description, const std::vector<TermWeights>& members,
                          float description_weight) {
  return recommend::SparseClusterProfile(description, members, description_weight);
}

// Ranks labels by score (descending, ties by label).
std::vector<std::string> RankByScore(std::vector<std::pair<float, std::string>> scored) {
  std::sort(scored.begin(), scored.end(), [](const auto& a, const auto& b) {
    return a.first != b.first ? a.first > b.first : a.second < b.second;
  });
  std::vector<std::string> out;
  for (auto& [s, l] : scored) out.push_back(std::move(l));
  return out;
}

// --- 1. Bundled consortium ground truth --------------------------------------

struct TruthLine {
  std::string call;
  std::set<std::string> clusters;
};

struct HitRecall {
  int n = 0;
  double hit = 0;
  double recall = 0;
  void Add(const std::vector<std::string>& ranked, const std::set<std::string>& needed) {
    int found = 0;
    for (size_t i = 0; i < std::min<size_t>(3, ranked.size()); ++i)
      found += needed.count(ranked[i]);
    ++n;
    hit += found > 0 ? 1 : 0;
    recall += static_cast<double>(found) / static_cast<double>(needed.size());
  }
  nlohmann::ordered_json Json() const {
    return {{"calls", n}, {"hit@3", n ? hit / n : 0.0}, {"recall@3", n ? recall / n : 0.0}};
  }
};

absl::StatusOr<std::vector<TruthLine>> ReadTruth(const std::string& path) {
  MEUTE_ASSIGN_OR_RETURN(std::string text, ReadFileToString(path));
  std::vector<TruthLine> out;
  for (absl::string_view line : absl::StrSplit(text, '\n')) {
    if (line.empty() || line[0] == '#') continue;
    const std::vector<absl::string_view> f = absl::StrSplit(line, '\t');
    if (f.size() < 2) return absl::InvalidArgumentError(absl::StrCat(path, ": bad line: ", line));
    TruthLine t;
    t.call = std::string(f[0]);
    for (absl::string_view c : absl::StrSplit(f[1], ',', absl::SkipEmpty())) {
      t.clusters.insert(std::string(c));
    }
    out.push_back(std::move(t));
  }
  return out;
}

// The ids listed in the fenced block that follows the line containing
// "Their ids" in corpora/eval/README.md (the need-described calls).
std::set<std::string> NeedDescribedIds(const std::string& readme) {
  std::set<std::string> ids;
  absl::StatusOr<std::string> text = ReadFileToString(readme);
  if (!text.ok()) return ids;
  bool after = false, inside = false;
  for (absl::string_view line : absl::StrSplit(*text, '\n')) {
    if (!after) {
      after = line.find("Their ids") != absl::string_view::npos;
      continue;
    }
    if (absl::StartsWith(line, "```")) {
      if (inside) break;
      inside = true;
      continue;
    }
    if (inside && !line.empty()) ids.insert(std::string(line));
  }
  return ids;
}

absl::StatusOr<nlohmann::ordered_json> EvalConsortium(const EvalArgs& args,
                                                      const ingest::Analyzer& analyzer,
                                                      std::ostream& log) {
  MEUTE_ASSIGN_OR_RETURN(std::vector<std::string> files,
                         ListInputFiles({args.corpus}, ingest::SupportedExtensions()));
  std::vector<ingest::TermVector> docs;
  for (const std::string& f : files) {
    MEUTE_ASSIGN_OR_RETURN(ingest::ReadResult r, ingest::ReadFile(f));
    for (const ingest::Document& d : r.documents)
      docs.push_back(recommend::AnalyzeRecord(analyzer, d));
  }
  const std::string truth_path =
      !args.truth.empty() ? args.truth : SourceRoot() + "/corpora/eval/consortium.tsv";
  MEUTE_ASSIGN_OR_RETURN(std::vector<TruthLine> truth, ReadTruth(truth_path));
  const std::set<std::string> need_ids = NeedDescribedIds(SourceRoot() + "/corpora/eval/README.md");
  MEUTE_ASSIGN_OR_RETURN(recommend::Glossary glossary,
                         recommend::LoadGlossary(analyzer, DefaultGlossaryPath()));

  recommend::ModelOptions options;
  options.svd.rank = args.k;
  options.svd.seed = args.seed;
  const auto start = std::chrono::steady_clock::now();
  MEUTE_ASSIGN_OR_RETURN(recommend::Model model, recommend::Model::Build(docs, options, glossary));
  const double build_seconds =
      std::chrono::duration<double>(std::chrono::steady_clock::now() - start).count();
  MEUTE_ASSIGN_OR_RETURN(recommend::Model plain_model, recommend::Model::Build(docs, options));
  const recommend::Recommender rec(model, docs, nullptr);
  const recommend::Recommender plain_rec(plain_model, docs, nullptr);

  // TF-IDF spaces: plain (the baseline) and with the glossary (an ablation).
  std::vector<TermCounts> raw, expanded;
  for (const ingest::TermVector& d : docs) {
    raw.emplace_back(d.terms.begin(), d.terms.end());
    expanded.push_back(glossary.Apply(raw.back(), d.record.lang));
  }
  const TfidfSpace plain_space(raw);
  const TfidfSpace glossary_space(expanded);
  auto sparse_ranker = [&](const TfidfSpace& space, const std::vector<TermCounts>& counts) {
    std::map<std::string, TermWeights> description;
    std::map<std::string, std::vector<TermWeights>> members;
    std::set<std::string> clusters;
    for (size_t i = 0; i < docs.size(); ++i) {
      const ingest::Document& r = docs[i].record;
      if (r.kind == ingest::Kind::kCluster) {
        description[r.id] = space.Weigh(counts[i]);
        clusters.insert(r.id);
      }
      if (r.kind == ingest::Kind::kMember) {
        for (const std::string& c : r.clusters) {
          members[c].push_back(space.Weigh(counts[i]));
          clusters.insert(c);
        }
      }
    }
    std::map<std::string, TermWeights> profiles;
    for (const std::string& c : clusters) {
      profiles[c] =
          SparseProfile(description[c], members[c], model.data().options.description_weight);
    }
    return profiles;
  };
  const std::map<std::string, TermWeights> plain_profiles = sparse_ranker(plain_space, raw);
  const std::map<std::string, TermWeights> glossary_profiles =
      sparse_ranker(glossary_space, expanded);
  auto rank_sparse = [&](const TfidfSpace& space, const std::map<std::string, TermWeights>& prof,
                         const TermCounts& counts) {
    const TermWeights q = space.Weigh(counts);
    std::vector<std::pair<float, std::string>> scored;
    for (const auto& [c, p] : prof) scored.emplace_back(recommend::Dot(q, p), c);
    return RankByScore(std::move(scored));
  };
  auto rank_dense = [](const recommend::Recommender& r, const std::string& call) {
    std::vector<std::string> out;
    for (const recommend::ClusterMatch& m : r.RankClusters(r.Find(call)))
      out.push_back(m.cluster_id);
    return out;
  };

  const std::vector<std::string> methods = {"tfidf", "tfidf+glossary", "lsa", "lsa+glossary",
                                            "consortium"};
  const std::vector<std::string> subsets = {"all", "english", "need-described"};
  std::map<std::string, std::map<std::string, HitRecall>> scores;
  int missing = 0;
  for (const TruthLine& t : truth) {
    const int32_t row = rec.Find(t.call);
    if (row < 0) {
      ++missing;
      continue;
    }
    const ingest::Document& call = docs[static_cast<size_t>(row)].record;
    std::vector<std::string> in = {"all"};
    if (call.lang == "en") in.push_back("english");
    if (need_ids.count(t.call)) in.push_back("need-described");
    std::map<std::string, std::vector<std::string>> ranked;
    ranked["tfidf"] = rank_sparse(plain_space, plain_profiles, raw[static_cast<size_t>(row)]);
    ranked["tfidf+glossary"] =
        rank_sparse(glossary_space, glossary_profiles, expanded[static_cast<size_t>(row)]);
    ranked["lsa"] = rank_dense(plain_rec, t.call);
    ranked["lsa+glossary"] = rank_dense(rec, t.call);
    MEUTE_ASSIGN_OR_RETURN(recommend::Consortium c, rec.ConsortiumForCall(t.call, "0000-01-01"));
    std::vector<std::string> order;
    for (const recommend::ConsortiumCluster& cc : c.clusters) order.push_back(cc.cluster_id);
    for (const std::string& id : ranked["lsa+glossary"]) {
      if (std::find(order.begin(), order.end(), id) == order.end()) order.push_back(id);
    }
    ranked["consortium"] = order;
    for (const std::string& m : methods) {
      for (const std::string& s : in) scores[s][m].Add(ranked[m], t.clusters);
    }
  }
  nlohmann::ordered_json j;
  j["documents"] = docs.size();
  j["calls_judged"] = truth.size() - static_cast<size_t>(missing);
  j["calls_missing"] = missing;
  j["model_k"] = model.k();
  j["model_build_seconds"] = build_seconds;
  for (const std::string& s : subsets) {
    for (const std::string& m : methods) j["subsets"][s][m] = scores[s][m].Json();
  }
  log << absl::StrFormat(
      "Bundled corpus: %d records, %d judged calls, model k = %d built in %.2f s\n", docs.size(),
      truth.size() - static_cast<size_t>(missing), model.k(), build_seconds);
  log << absl::StrFormat("  %-16s %-15s %7s %9s\n", "subset", "method", "hit@3", "recall@3");
  for (const std::string& s : subsets) {
    for (const std::string& m : methods) {
      const HitRecall& h = scores[s][m];
      log << absl::StrFormat("  %-16s %-15s %7.3f %9.3f   (%d calls)\n", s, m,
                             h.n ? h.hit / h.n : 0.0, h.n ? h.recall / h.n : 0.0, h.n);
    }
  }
  return j;
}

// --- 2. Fonds vert: project title -> call ------------------------------------

std::vector<std::string> SplitCsvLine(absl::string_view line, char sep) {
  std::vector<std::string> out;
  std::string cur;
  bool quoted = false;
  for (size_t i = 0; i < line.size(); ++i) {
    const char c = line[i];
    if (quoted) {
      if (c == '"' && i + 1 < line.size() && line[i + 1] == '"') {
        cur.push_back('"');
        ++i;
      } else if (c == '"') {
        quoted = false;
      } else {
        cur.push_back(c);
      }
    } else if (c == '"') {
      quoted = true;
    } else if (c == sep) {
      out.push_back(std::move(cur));
      cur.clear();
    } else if (c != '\r') {
      cur.push_back(c);
    }
  }
  out.push_back(std::move(cur));
  return out;
}

struct Accuracy {
  int n = 0;
  int at1 = 0;
  int at3 = 0;
  void Add(const std::vector<std::string>& ranked, const std::string& gold) {
    ++n;
    if (!ranked.empty() && ranked[0] == gold) ++at1;
    for (size_t i = 0; i < std::min<size_t>(3, ranked.size()); ++i) at3 += ranked[i] == gold;
  }
  nlohmann::ordered_json Json() const {
    return {{"projects", n},
            {"acc@1", n ? static_cast<double>(at1) / n : 0.0},
            {"acc@3", n ? static_cast<double>(at3) / n : 0.0}};
  }
};

absl::StatusOr<nlohmann::ordered_json> EvalFondsVert(const EvalArgs& args,
                                                     const ingest::Analyzer& analyzer,
                                                     std::ostream& log) {
  const std::string path =
      args.data + "/aides-appels-a-projets/fonds-vert-2023-laureats-occitanie.csv";
  MEUTE_ASSIGN_OR_RETURN(std::string text, ReadFileToString(path));
  std::vector<std::string> titles, calls;
  int header_title = -1, header_call = -1;
  for (absl::string_view line : absl::StrSplit(text, '\n', absl::SkipEmpty())) {
    const std::vector<std::string> f = SplitCsvLine(line, ';');
    if (header_title < 0) {
      for (size_t i = 0; i < f.size(); ++i) {
        if (f[i] == "nom_du_projet") header_title = static_cast<int>(i);
        if (f[i] == "nom_demarche_ds") header_call = static_cast<int>(i);
      }
      if (header_title < 0 || header_call < 0) {
        return absl::DataLossError(absl::StrCat(path, ": no nom_du_projet/nom_demarche_ds"));
      }
      continue;
    }
    if (f.size() <= static_cast<size_t>(std::max(header_title, header_call))) continue;
    titles.push_back(f[static_cast<size_t>(header_title)]);
    calls.push_back(f[static_cast<size_t>(header_call)]);
  }
  std::vector<std::string> call_names(calls.begin(), calls.end());
  std::sort(call_names.begin(), call_names.end());
  call_names.erase(std::unique(call_names.begin(), call_names.end()), call_names.end());

  // Documents: projects, then one per call name.
  std::vector<ingest::TermVector> docs;
  for (size_t i = 0; i < titles.size(); ++i) {
    ingest::Document d;
    d.id = absl::StrCat("project-", i);
    d.kind = ingest::Kind::kNews;
    d.title = titles[i];
    d.lang = "fr";
    docs.push_back(recommend::AnalyzeRecord(analyzer, d));
  }
  for (size_t c = 0; c < call_names.size(); ++c) {
    ingest::Document d;
    d.id = absl::StrCat("call-", c);
    d.kind = ingest::Kind::kCall;
    d.title = call_names[c];
    d.lang = "fr";
    docs.push_back(recommend::AnalyzeRecord(analyzer, d));
  }
  MEUTE_ASSIGN_OR_RETURN(recommend::Glossary glossary,
                         recommend::LoadGlossary(analyzer, DefaultGlossaryPath()));
  recommend::ModelOptions options;
  options.svd.rank = args.k;
  options.svd.seed = args.seed;
  // Unsupervised fit on every title and call name (no label is used).
  MEUTE_ASSIGN_OR_RETURN(recommend::Model model, recommend::Model::Build(docs, options, glossary));
  std::vector<TermCounts> raw;
  for (const ingest::TermVector& d : docs) raw.emplace_back(d.terms.begin(), d.terms.end());
  const TfidfSpace space(raw);
  std::vector<TermWeights> sparse;
  std::vector<Eigen::VectorXf> dense;
  for (size_t i = 0; i < docs.size(); ++i) {
    sparse.push_back(space.Weigh(raw[i]));
    dense.push_back(model.item_vectors().row(static_cast<Eigen::Index>(i)).transpose());
  }
  const size_t num_projects = titles.size();
  std::map<std::string, size_t> call_index;
  for (size_t c = 0; c < call_names.size(); ++c) call_index[call_names[c]] = c;

  std::map<std::string, int> counts;
  for (const std::string& c : calls) ++counts[c];
  std::string majority;
  for (const auto& [c, n] : counts) {
    if (majority.empty() || n > counts[majority]) majority = c;
  }
  std::vector<std::string> by_frequency = call_names;
  std::stable_sort(
      by_frequency.begin(), by_frequency.end(),
      [&](const std::string& a, const std::string& b) { return counts[a] > counts[b]; });

  const float w = model.data().options.description_weight;
  constexpr int kFolds = 5;
  Accuracy majority_acc, tfidf_zero, lsa_zero, tfidf_cv, lsa_cv;
  for (int fold = 0; fold < kFolds; ++fold) {
    std::vector<std::vector<TermWeights>> train_sparse(call_names.size());
    std::vector<std::vector<Eigen::VectorXf>> train_dense(call_names.size());
    for (size_t i = 0; i < num_projects; ++i) {
      if (static_cast<int>(i % kFolds) == fold) continue;
      const size_t c = call_index[calls[i]];
      train_sparse[c].push_back(sparse[i]);
      train_dense[c].push_back(dense[i]);
    }
    std::vector<TermWeights> prof_sparse, name_sparse;
    std::vector<Eigen::VectorXf> prof_dense, name_dense;
    for (size_t c = 0; c < call_names.size(); ++c) {
      const size_t row = num_projects + c;
      name_sparse.push_back(sparse[row]);
      name_dense.push_back(dense[row]);
      prof_sparse.push_back(SparseProfile(sparse[row], train_sparse[c], w));
      prof_dense.push_back(recommend::ClusterProfile(dense[row], train_dense[c], w));
    }
    for (size_t i = 0; i < num_projects; ++i) {
      if (static_cast<int>(i % kFolds) != fold) continue;
      std::vector<std::pair<float, std::string>> s1, s2, s3, s4;
      for (size_t c = 0; c < call_names.size(); ++c) {
        s1.emplace_back(recommend::Dot(sparse[i], name_sparse[c]), call_names[c]);
        s2.emplace_back(dense[i].dot(name_dense[c]), call_names[c]);
        s3.emplace_back(recommend::Dot(sparse[i], prof_sparse[c]), call_names[c]);
        s4.emplace_back(dense[i].dot(prof_dense[c]), call_names[c]);
      }
      tfidf_zero.Add(RankByScore(s1), calls[i]);
      lsa_zero.Add(RankByScore(s2), calls[i]);
      tfidf_cv.Add(RankByScore(s3), calls[i]);
      lsa_cv.Add(RankByScore(s4), calls[i]);
      majority_acc.Add(by_frequency, calls[i]);
    }
  }
  nlohmann::ordered_json j;
  j["projects"] = num_projects;
  j["calls"] = call_names.size();
  j["model_k"] = model.k();
  j["majority_class"] = majority_acc.Json();
  j["zero_shot"]["tfidf"] = tfidf_zero.Json();
  j["zero_shot"]["lsa+glossary"] = lsa_zero.Json();
  j["cross_validated"]["tfidf"] = tfidf_cv.Json();
  j["cross_validated"]["lsa+glossary"] = lsa_cv.Json();
  log << absl::StrFormat("Fonds vert 2023 Occitanie: %d projects, %d calls, k = %d\n", num_projects,
                         call_names.size(), model.k());
  auto line = [&](const std::string& name, const Accuracy& a) {
    log << absl::StrFormat("  %-32s acc@1 %.3f  acc@3 %.3f\n", name,
                           a.n ? static_cast<double>(a.at1) / a.n : 0.0,
                           a.n ? static_cast<double>(a.at3) / a.n : 0.0);
  };
  line("most frequent calls", majority_acc);
  line("zero-shot tfidf (call names)", tfidf_zero);
  line("zero-shot lsa+glossary", lsa_zero);
  line("5-fold tfidf (name + projects)", tfidf_cv);
  line("5-fold lsa+glossary", lsa_cv);
  return j;
}

// --- 3. Wikinews keyphrases ---------------------------------------------------

std::vector<std::string> KeysOf(const ingest::Analyzer& analyzer, absl::string_view phrase) {
  std::vector<std::string> keys;
  for (const ingest::Token& t : analyzer.Analyze(phrase, ingest::Language::kFrench)) {
    std::string k = recommend::TokenKey(t);
    if (!k.empty()) keys.push_back(std::move(k));
  }
  return keys;
}

absl::StatusOr<nlohmann::ordered_json> EvalKeyphrases(const EvalArgs& args,
                                                      const ingest::Analyzer& analyzer,
                                                      std::ostream& log) {
  const std::string path = args.data + "/wikinews-fr-keyphrases/wikinews-fr-100.jsonl";
  MEUTE_ASSIGN_OR_RETURN(std::string text, ReadFileToString(path));
  struct Article {
    std::vector<recommend::AnalyzedField> fields;
    std::vector<std::vector<std::string>> gold;
  };
  std::vector<Article> articles;
  recommend::DocumentFrequencies df;
  for (absl::string_view line : absl::StrSplit(text, '\n', absl::SkipEmpty())) {
    const nlohmann::json j = nlohmann::json::parse(line.begin(), line.end(), nullptr, false);
    if (j.is_discarded()) return absl::DataLossError(absl::StrCat(path, ": bad JSON line"));
    Article a;
    std::vector<ingest::Token> all;
    for (const char* field : {"title", "lead", "text"}) {
      recommend::AnalyzedField f;
      f.text = j.value(field, "");
      f.tokens = analyzer.Analyze(f.text, ingest::Language::kFrench);
      if (absl::string_view(field) == "title") f.weight = index::kTitleWeight;
      all.insert(all.end(), f.tokens.begin(), f.tokens.end());
      a.fields.push_back(std::move(f));
    }
    df.AddDocument(all);
    for (const auto& kp : j.value("keyphrases", std::vector<std::string>())) {
      std::vector<std::string> keys = KeysOf(analyzer, kp);
      if (!keys.empty()) a.gold.push_back(std::move(keys));
    }
    articles.push_back(std::move(a));
  }
  // Background document frequencies: the French Wikinews articles of
  // wikinews-fr-winer (same source, other years), when present.
  int background = 0;
  absl::StatusOr<std::string> winer =
      ReadFileToString(args.data + "/wikinews-fr-winer/winer-fr-articles.jsonl");
  if (winer.ok()) {
    for (absl::string_view line : absl::StrSplit(*winer, '\n', absl::SkipEmpty())) {
      const nlohmann::json j = nlohmann::json::parse(line.begin(), line.end(), nullptr, false);
      if (j.is_discarded()) continue;
      df.AddDocument(analyzer.Analyze(j.value("text", ""), ingest::Language::kFrench));
      ++background;
    }
  }
  double p_sum = 0, r_sum = 0, f_sum = 0, f_squares = 0;
  int n = 0;
  for (const Article& a : articles) {
    const std::vector<recommend::Keyphrase> labels = recommend::ExtractKeyphrases(a.fields, df, 10);
    std::set<std::vector<std::string>> gold(a.gold.begin(), a.gold.end());
    std::set<std::vector<std::string>> seen;
    int match = 0;
    for (const recommend::Keyphrase& k : labels) {
      if (gold.count(k.keys) && seen.insert(k.keys).second) ++match;
    }
    const double p = labels.empty() ? 0 : static_cast<double>(match) / labels.size();
    const double r = gold.empty() ? 0 : static_cast<double>(match) / gold.size();
    p_sum += p;
    r_sum += r;
    const double f = p + r > 0 ? 2 * p * r / (p + r) : 0;
    f_sum += f;
    f_squares += f * f;
    ++n;
  }
  // Half-width of the 95 % confidence interval of the mean F (normal
  // approximation, sample standard deviation): how far a published figure on
  // the same 100 articles may lie before the difference means anything.
  const double f_mean = n ? f_sum / n : 0.0;
  const double f_ci95 =
      n > 1 ? 1.96 * std::sqrt(std::max(0.0, (f_squares - n * f_mean * f_mean) / (n - 1)) / n)
            : 0.0;
  nlohmann::ordered_json j;
  j["articles"] = n;
  j["background_articles"] = background;
  j["P@10"] = n ? p_sum / n : 0.0;
  j["R@10"] = n ? r_sum / n : 0.0;
  j["F@10"] = f_mean;
  j["F@10_ci95"] = f_ci95;
  j["topicrank_published_F@10"] = 0.356;
  log << absl::StrFormat(
      "Wikinews FR keyphrases: %d articles (idf also from %d other Wikinews articles)\n"
      "  document labels: P@10 %.3f  R@10 %.3f  F@10 %.3f ± %.3f (95 %% CI)  (TopicRank, "
      "published: F 0.356)\n",
      n, background, n ? p_sum / n : 0.0, n ? r_sum / n : 0.0, f_mean, f_ci95);
  return j;
}

int Run(EvalArgs args) {
  if (args.data.empty()) {
    const char* env = std::getenv("MEUTE_DATA_DIR");
    args.data = env != nullptr ? env : SourceRoot() + "/../shared/data";
  }
  absl::StatusOr<std::unique_ptr<ingest::Analyzer>> analyzer = ingest::Analyzer::Create();
  if (!analyzer.ok()) return ReportError("eval-recommend", analyzer.status());
  std::ostringstream log;
  nlohmann::ordered_json out;
  absl::StatusOr<nlohmann::ordered_json> consortium = EvalConsortium(args, **analyzer, log);
  if (!consortium.ok()) return ReportError("eval-recommend", consortium.status());
  out["consortium"] = *consortium;
  std::error_code ec;
  if (!std::filesystem::is_directory(args.data, ec)) {
    log << "Real data not found at " << args.data
        << " (set MEUTE_DATA_DIR or --data): Fonds vert and keyphrases skipped\n";
    out["fonds_vert"] = nullptr;
    out["keyphrases"] = nullptr;
  } else {
    absl::StatusOr<nlohmann::ordered_json> fv = EvalFondsVert(args, **analyzer, log);
    if (!fv.ok()) return ReportError("eval-recommend", fv.status());
    out["fonds_vert"] = *fv;
    absl::StatusOr<nlohmann::ordered_json> kp = EvalKeyphrases(args, **analyzer, log);
    if (!kp.ok()) return ReportError("eval-recommend", kp.status());
    out["keyphrases"] = *kp;
  }
  if (args.json) {
    PrintJson(out);
  } else {
    std::cout << log.str();
  }
  return kExitOk;
}

MEUTE_REGISTER_COMMAND(
    kEvalRecommendCommand, "eval-recommend",
    "Measure the recommender against a TF-IDF baseline (bundled ground truth, Fonds vert, "
    "Wikinews keyphrases)",
    [](CLI::App& app) -> RunFn {
      auto args = std::make_shared<EvalArgs>();
      app.add_option("--corpus", args->corpus, "Bundled corpus folder")->capture_default_str();
      app.add_option("--truth", args->truth,
                     "Consortium ground truth (default: corpora/eval/consortium.tsv)");
      app.add_option("--data", args->data,
                     "Real public data folder (default: $MEUTE_DATA_DIR, else ../shared/data)");
      app.add_option("--k", args->k, "Dimensions of the embedding space")->capture_default_str();
      app.add_option("--seed", args->seed, "Seed of the randomized SVD")->capture_default_str();
      app.add_flag("--json", args->json, "Print JSON");
      return [args] { return Run(*args); };
    });

}  // namespace
}  // namespace meute::tools
