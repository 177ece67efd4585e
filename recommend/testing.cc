#include "recommend/testing.h"

#include <cstdlib>
#include <filesystem>
#include <fstream>
#include <map>
#include <random>
#include <string>

#include "absl/strings/str_cat.h"
#include "absl/strings/str_format.h"

namespace meute::recommend::testing {
namespace {

const std::map<std::string, std::vector<std::string>>& Topics() {
  static const auto* topics = new std::map<std::string, std::vector<std::string>>{
      {"eau",
       {"eau", "irrig", "secheress", "fuit", "capteur", "vign", "nappe", "pluie", "assain",
        "reseau", "hydriqu", "parcel"}},
      {"rail",
       {"ferroviair", "train", "ligne", "signal", "voie", "gare", "navet", "voyageur", "rail",
        "desserte", "aiguill", "materiel"}},
      {"energie",
       {"hydrogen", "electrolys", "pile", "stockag", "solair", "batter", "energ", "reseau",
        "eolien", "combustibl", "chaleur", "renouvel"}},
      {"robot",
       {"robot", "cobot", "vision", "automat", "usin", "maintenanc", "jumeau", "numer", "capteur",
        "preh", "atelier", "industri"}},
  };
  return *topics;
}

const std::vector<std::string>& Generic() {
  static const auto* generic = new std::vector<std::string>{
      "projet", "entrepris", "innov", "developp", "region", "occitan", "partenair", "solut"};
  return *generic;
}

ingest::TermVector Make(std::string id, ingest::Kind kind, std::map<std::string, uint32_t> terms) {
  ingest::TermVector tv;
  tv.record.id = std::move(id);
  tv.record.kind = kind;
  tv.record.title = tv.record.id;
  tv.record.lang = "fr";
  tv.terms.assign(terms.begin(), terms.end());
  return tv;
}

}  // namespace

std::vector<ingest::TermVector> SyntheticCorpus() {
  std::mt19937_64 rng(20261125);
  auto pick = [&rng](const std::vector<std::string>& v) {
    return v[std::uniform_int_distribution<size_t>(0, v.size() - 1)(rng)];
  };
  std::vector<ingest::TermVector> docs;
  for (const auto& [cluster, words] : Topics()) {
    std::map<std::string, uint32_t> t;
    for (const std::string& w : words) t[w] = 2;
    t["pole"] = 1;
    ingest::TermVector c = Make(cluster, ingest::Kind::kCluster, t);
    c.record.name = absl::StrCat("Pôle ", cluster);
    docs.push_back(std::move(c));
    for (int i = 1; i <= 5; ++i) {
      std::map<std::string, uint32_t> m;
      for (int j = 0; j < 7; ++j) ++m[pick(words)];
      for (int j = 0; j < 2; ++j) ++m[pick(Generic())];
      ingest::TermVector member =
          Make(absl::StrCat("m-", cluster, "-", i), ingest::Kind::kMember, m);
      member.record.clusters = {cluster};
      member.record.organisation = absl::StrCat("Société ", cluster, " ", i);
      docs.push_back(std::move(member));
    }
  }
  auto call = [&](const std::string& id, const std::vector<std::string>& clusters,
                  const std::string& deadline) {
    std::map<std::string, uint32_t> t;
    for (const std::string& c : clusters) {
      for (int j = 0; j < 6; ++j) ++t[pick(Topics().at(c))];
    }
    t["appel"] = 1;
    t["projet"] = 1;
    ingest::TermVector tv = Make(id, ingest::Kind::kCall, t);
    tv.record.opens = "2026-01-01";
    tv.record.deadline = deadline;
    tv.record.date = "2026-01-01";
    return tv;
  };
  docs.push_back(call("call-eau-rail", {"eau", "rail"}, "2026-12-31"));
  docs.push_back(call("call-energie", {"energie"}, "2027-03-31"));
  docs.push_back(call("call-robot-eau", {"robot", "eau"}, "2026-12-15"));
  docs.push_back(call("call-closed", {"rail"}, "2020-01-31"));
  // News: one a week per topic from 2026-01-05 (a Monday); hydrogen news
  // (energie topic) only appear, three a week, in the last eight weeks.
  int n = 0;
  for (int week = 0; week < 47; ++week) {
    const int day_of_year = 4 + 7 * week;  // 2026-01-05 + 7 * week
    int month = 1;
    int day = day_of_year + 1;
    const int month_days[] = {31, 28, 31, 30, 31, 30, 31, 31, 30, 31, 30, 31};
    while (day > month_days[month - 1]) {
      day -= month_days[month - 1];
      ++month;
    }
    const std::string date = absl::StrFormat("2026-%02d-%02d", month, day);
    for (const std::string topic : {"eau", "rail", "robot"}) {
      std::map<std::string, uint32_t> t;
      for (int j = 0; j < 8; ++j) ++t[pick(Topics().at(topic))];
      ++t[pick(Generic())];
      ingest::TermVector news = Make(absl::StrCat("n-", n++), ingest::Kind::kNews, t);
      news.record.date = date;
      docs.push_back(std::move(news));
    }
    if (week >= 39) {
      for (int h = 0; h < 3; ++h) {
        std::map<std::string, uint32_t> t;
        t["hydrogen"] = 3;
        for (int j = 0; j < 6; ++j) ++t[pick(Topics().at("energie"))];
        ingest::TermVector news = Make(absl::StrCat("n-", n++), ingest::Kind::kNews, t);
        news.record.date = date;
        docs.push_back(std::move(news));
      }
    }
  }
  return docs;
}

absl::StatusOr<Model> BuildModel(const std::vector<ingest::TermVector>& docs, int rank) {
  ModelOptions options;
  options.svd.rank = rank;
  return Model::Build(docs, options);
}

std::string WriteTempFile(const std::string& name, const std::string& text) {
  // ctest and Bazel give each test a folder of its own.
  const char* dir = std::getenv("TEST_TMPDIR");
  const std::filesystem::path folder = dir != nullptr && *dir != '\0'
                                           ? std::filesystem::path(dir)
                                           : std::filesystem::temp_directory_path();
  const std::string path = (folder / name).string();
  std::ofstream(path, std::ios::binary) << text;
  return path;
}

absl::StatusOr<std::unique_ptr<FrenchMorphology>> LoadMorphology(
    const std::string& name, const std::vector<std::string>& entries) {
  std::string dic = absl::StrCat(entries.size(), "\n");
  for (const std::string& e : entries) absl::StrAppend(&dic, e, "\n");
  return FrenchMorphology::Load(WriteTempFile(name + ".aff", "SET UTF-8\n"),
                                WriteTempFile(name + ".dic", dic));
}

}  // namespace meute::recommend::testing
