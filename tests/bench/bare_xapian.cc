// The "bare Xapian" peer of the benchmark: what one gets from Xapian alone,
// without Meute's analysis. TermGenerator and QueryParser with the French
// Snowball stemmer (STEM_SOME) and a French stop list, positions on, title
// then text; BM25 with Xapian's defaults.
//
//   meute_bench_bare_xapian index --db DIR [--stopwords FILE] FILE.jsonl...
//   meute_bench_bare_xapian search --db DIR --queries FILE [--repeat 5] [--limit 10]
//                                  [--op and|or] [--run FILE] [--stopwords FILE]
//   meute_bench_bare_xapian query --db DIR [--op and|or] [--stopwords FILE] WORDS...

#include <time.h>

#include <algorithm>
#include <chrono>
#include <fstream>
#include <iostream>
#include <sstream>
#include <string>
#include <vector>

#include <xapian.h>

#include <CLI/CLI.hpp>
#include <nlohmann/json.hpp>

namespace {

double Percentile(std::vector<double> v, double p) {
  if (v.empty()) return 0;
  std::sort(v.begin(), v.end());
  const size_t i = std::min(v.size() - 1, static_cast<size_t>(p * (v.size() - 1) + 0.5));
  return v[i];
}

void LoadStopper(const std::string& path, Xapian::SimpleStopper* stopper) {
  if (path.empty()) return;
  std::ifstream in(path);
  std::string w;
  while (std::getline(in, w)) {
    if (!w.empty() && w[0] != '#' && w[0] != '|')
      stopper->add(w.substr(0, w.find_first_of(" \t|")));
  }
}

Xapian::QueryParser MakeParser(const Xapian::Database& db, const Xapian::Stem& stem,
                               const Xapian::Stopper* stopper, const std::string& op) {
  Xapian::QueryParser qp;
  qp.set_database(db);
  qp.set_stemmer(stem);
  qp.set_stemming_strategy(Xapian::QueryParser::STEM_SOME);
  qp.set_stopper(stopper);
  qp.set_default_op(op == "or" ? Xapian::Query::OP_OR : Xapian::Query::OP_AND);
  return qp;
}

double ThreadCpuMicros() {
  timespec ts{};
  clock_gettime(CLOCK_THREAD_CPUTIME_ID, &ts);
  return ts.tv_sec * 1e6 + ts.tv_nsec / 1e3;
}

}  // namespace

int main(int argc, char** argv) {
  CLI::App app{"Bare Xapian indexer and searcher (benchmark peer)"};
  app.require_subcommand(1);
  std::string db, stopwords, queries, run_path, op = "and";
  std::vector<std::string> inputs, words;
  int repeat = 5, limit = 10;
  CLI::App* index = app.add_subcommand("index");
  index->add_option("--db", db)->required();
  index->add_option("--stopwords", stopwords);
  index->add_option("inputs", inputs)->required();
  CLI::App* search = app.add_subcommand("search");
  search->add_option("--db", db)->required();
  search->add_option("--queries", queries)->required();
  search->add_option("--repeat", repeat);
  search->add_option("--limit", limit);
  search->add_option("--op", op);
  search->add_option("--run", run_path);
  search->add_option("--stopwords", stopwords);
  CLI::App* query = app.add_subcommand("query");
  query->add_option("--db", db)->required();
  query->add_option("--op", op);
  query->add_option("--stopwords", stopwords);
  query->add_option("words", words)->required();
  CLI11_PARSE(app, argc, argv);

  try {
    Xapian::SimpleStopper stopper;
    LoadStopper(stopwords, &stopper);
    const Xapian::Stem stem("french");
    if (index->parsed()) {
      const auto t0 = std::chrono::steady_clock::now();
      Xapian::WritableDatabase wdb(db, Xapian::DB_CREATE_OR_OVERWRITE);
      Xapian::TermGenerator tg;
      tg.set_stemmer(stem);
      tg.set_stopper(&stopper);
      tg.set_stemming_strategy(Xapian::TermGenerator::STEM_SOME);
      size_t docs = 0;
      for (const std::string& path : inputs) {
        std::ifstream in(path);
        std::string line;
        while (std::getline(in, line)) {
          if (line.empty()) continue;
          const nlohmann::json r = nlohmann::json::parse(line, nullptr, false);
          if (r.is_discarded() || !r.is_object()) continue;
          const std::string id = r.value("id", "");
          Xapian::Document doc;
          tg.set_document(doc);
          tg.index_text(r.value("title", ""));
          tg.increase_termpos(100);
          tg.index_text(r.value("text", ""));
          doc.set_data(id);
          doc.add_boolean_term("Q" + id);
          wdb.replace_document("Q" + id, doc);
          ++docs;
        }
      }
      wdb.commit();
      const double s = std::chrono::duration<double>(std::chrono::steady_clock::now() - t0).count();
      std::cout << nlohmann::json{{"engine", "bare-xapian"}, {"docs", docs}, {"index_s", s}}.dump()
                << '\n';
      return 0;
    }
    Xapian::Database rdb(db);
    Xapian::QueryParser qp = MakeParser(rdb, stem, &stopper, op);
    if (query->parsed()) {
      std::string q;
      for (const std::string& w : words) q += (q.empty() ? "" : " ") + w;
      Xapian::Enquire e(rdb);
      e.set_query(qp.parse_query(q));
      const Xapian::MSet m = e.get_mset(0, 10);
      for (auto it = m.begin(); it != m.end(); ++it)
        std::cout << it.get_document().get_data() << '\n';
      return 0;
    }
    std::vector<std::pair<std::string, std::string>> topics;
    {
      std::ifstream in(queries);
      std::string line;
      while (std::getline(in, line)) {
        const size_t tab = line.find('\t');
        if (line.empty() || line[0] == '#' || tab == std::string::npos) continue;
        topics.emplace_back(line.substr(0, tab), line.substr(tab + 1));
      }
    }
    std::ofstream run;
    if (!run_path.empty()) run.open(run_path);
    std::vector<double> micros, cpu_micros;
    for (int pass = 0; pass <= repeat; ++pass) {
      for (const auto& [id, text] : topics) {
        const double cpu_start = ThreadCpuMicros();
        const auto start = std::chrono::steady_clock::now();
        Xapian::Enquire e(rdb);
        e.set_query(qp.parse_query(text, Xapian::QueryParser::FLAG_DEFAULT));
        const Xapian::MSet m = e.get_mset(0, limit);
        std::vector<std::string> ids;
        for (auto it = m.begin(); it != m.end(); ++it) ids.push_back(it.get_document().get_data());
        const double us =
            std::chrono::duration<double, std::micro>(std::chrono::steady_clock::now() - start)
                .count();
        const double cpu_us = ThreadCpuMicros() - cpu_start;
        if (pass == 0) {
          int rank = 0;
          for (const std::string& d : ids) run << id << " Q0 " << d << ' ' << ++rank << " 0 bare\n";
          continue;
        }
        micros.push_back(us);
        cpu_micros.push_back(cpu_us);
      }
    }
    std::cout << nlohmann::json{{"engine", "bare-xapian"},
                                {"queries", topics.size()},
                                {"p50_us", Percentile(micros, 0.5)},
                                {"p99_us", Percentile(micros, 0.99)},
                                {"cpu_p50_us", Percentile(cpu_micros, 0.5)},
                                {"cpu_p99_us", Percentile(cpu_micros, 0.99)}}
                     .dump()
              << '\n';
    return 0;
  } catch (const Xapian::Error& e) {
    std::cerr << "meute_bench_bare_xapian: " << e.get_description() << '\n';
    return 1;
  }
}
