// bare_xapian_index: the floor for any Xapian indexer, for
// tests/bench/index_vs_peers.sh. Reads JSON Lines records and indexes `title`
// and `text` with Xapian's own TermGenerator (French Snowball stemmer, the
// Snowball French stop words, positions on), one document per record keyed by
// a unique "Q" + id term, the input line stored as document data. No French
// analysis beyond what Xapian does by itself (elisions, accents and compounds
// are left as TermGenerator sees them).
//
// Usage: bare_xapian_index --db DIR FILE.jsonl
// Prints one line: records, seconds, records/s, MB/s.

#include <chrono>
#include <cstdio>
#include <fstream>
#include <iostream>
#include <string>

#include <xapian.h>
#include <nlohmann/json.hpp>

#include "ingest/internal/stopwords.h"

namespace {

int Usage() {
  std::cerr << "usage: bare_xapian_index --db DIR FILE.jsonl\n";
  return 2;
}

}  // namespace

int main(int argc, char** argv) {
  std::string db_dir;
  std::string input;
  for (int i = 1; i < argc; ++i) {
    const std::string arg = argv[i];
    if (arg == "--db" && i + 1 < argc) {
      db_dir = argv[++i];
    } else if (!arg.empty() && arg[0] != '-' && input.empty()) {
      input = arg;
    } else {
      return Usage();
    }
  }
  if (db_dir.empty() || input.empty()) return Usage();
  std::ifstream in(input, std::ios::binary);
  if (!in) {
    std::cerr << "bare_xapian_index: cannot read " << input << '\n';
    return 1;
  }

  try {
    const auto start = std::chrono::steady_clock::now();
    Xapian::WritableDatabase db(db_dir, Xapian::DB_CREATE_OR_OVERWRITE);
    Xapian::SimpleStopper stopper;
    for (size_t i = 0; i < meute::ingest::internal::kFrenchStopwordCount; ++i) {
      stopper.add(meute::ingest::internal::kFrenchStopwords[i]);
    }
    Xapian::TermGenerator generator;
    generator.set_stemmer(Xapian::Stem("french"));
    generator.set_stopper(&stopper);
    generator.set_stopper_strategy(Xapian::TermGenerator::STOP_STEMMED);

    std::string line;
    uint64_t records = 0;
    uint64_t bytes = 0;
    while (std::getline(in, line)) {
      bytes += line.size() + 1;
      if (line.empty()) continue;
      const nlohmann::json record =
          nlohmann::json::parse(line, nullptr, /*allow_exceptions=*/false);
      if (!record.is_object() || !record.contains("id")) continue;
      const std::string id = record["id"].get<std::string>();
      const std::string title = record.value("title", "");
      const std::string text = record.value("text", "");
      Xapian::Document doc;
      generator.set_document(doc);
      generator.index_text(title, 1, "S");
      generator.index_text(title);
      generator.increase_termpos();
      generator.index_text(text);
      doc.set_data(line);
      const std::string id_term = "Q" + id;
      doc.add_boolean_term(id_term);
      db.replace_document(id_term, doc);
      ++records;
    }
    db.commit();
    const double secs =
        std::chrono::duration<double>(std::chrono::steady_clock::now() - start).count();
    std::printf("bare_xapian_index: %llu records, %.2f s, %.1f records/s, %.2f MB/s\n",
                static_cast<unsigned long long>(records), secs, records / secs, bytes / 1e6 / secs);
  } catch (const Xapian::Error& e) {
    std::cerr << "bare_xapian_index: " << e.get_description() << '\n';
    return 1;
  }
  return 0;
}
