// meute analyze: shows how a text is analysed for indexing and search, as
// Elasticsearch's _analyze does.

#include <iostream>
#include <iterator>
#include <string>
#include <vector>

#include <nlohmann/json.hpp>

#include "absl/strings/str_cat.h"
#include "absl/strings/str_join.h"
#include "ingest/analyzer.h"
#include "tools/command.h"

namespace meute::tools {
namespace {

struct AnalyzeArgs {
  std::string lang = "fr";
  bool json = false;
  std::vector<std::string> words;
};

// The terms a token puts in the index: its form (with positions) and its
// stems (prefixed "Z").
std::vector<std::string> IndexedTerms(const ingest::Token& t) {
  std::vector<std::string> terms{t.form};
  for (const std::string& s : t.stems) terms.push_back("Z" + s);
  return terms;
}

int RunAnalyze(const AnalyzeArgs& args) {
  std::string text;
  if (args.words.size() == 1 && args.words[0] == "-") {
    text.assign(std::istreambuf_iterator<char>(std::cin), std::istreambuf_iterator<char>());
  } else {
    text = absl::StrJoin(args.words, " ");
  }
  absl::StatusOr<std::unique_ptr<ingest::Analyzer>> analyzer = ingest::Analyzer::Create();
  if (!analyzer.ok()) return ReportError("analyze", analyzer.status());
  const ingest::Language lang = ingest::LanguageFromCode(args.lang);
  const std::vector<ingest::Token> tokens = (*analyzer)->Analyze(text, lang);

  if (args.json) {
    nlohmann::ordered_json out;
    out["text"] = text;
    out["lang"] = std::string(ingest::LanguageCode(lang));
    out["analyzer_version"] = ingest::kAnalyzerVersion;
    out["tokens"] = nlohmann::ordered_json::array();
    for (const ingest::Token& t : tokens) {
      nlohmann::ordered_json j;
      j["token"] = t.form;
      j["surface"] = t.surface;
      j["position"] = t.position;
      j["start_offset"] = t.byte_begin;
      j["end_offset"] = t.byte_end;
      j["stopword"] = t.stopword;
      j["joined"] = t.joined;
      j["stems"] = t.stems;
      j["terms"] = IndexedTerms(t);
      out["tokens"].push_back(std::move(j));
    }
    std::cout << out.dump(2, ' ', false, nlohmann::json::error_handler_t::replace) << '\n';
    return kExitOk;
  }
  std::cout << "pos\tbytes\tsurface\tterms\n";
  for (const ingest::Token& t : tokens) {
    std::string note;
    if (t.stopword) note = "  (stop word)";
    if (t.joined) note = "  (joined compound)";
    std::cout << t.position << '\t' << t.byte_begin << '-' << t.byte_end << '\t' << t.surface
              << '\t' << absl::StrJoin(IndexedTerms(t), " ") << note << '\n';
  }
  return kExitOk;
}

MEUTE_REGISTER_COMMAND(kAnalyzeCommand, "analyze",
                       "Show the tokens and index terms of a text (French analysis by default)",
                       [](CLI::App& app) -> RunFn {
                         auto args = std::make_shared<AnalyzeArgs>();
                         app.add_option("--lang", args->lang, "Language of the text: fr or en")
                             ->check(CLI::IsMember({"fr", "en"}))
                             ->capture_default_str();
                         app.add_flag("--json", args->json,
                                      "Print JSON (tokens with offsets and terms)");
                         app.add_option("text", args->words,
                                        "Text to analyse (\"-\" reads standard input)")
                             ->required();
                         app.footer(
                             "Examples:\n  meute analyze \"l'hydrogène vert en Midi-Pyrénées\"\n"
                             "  meute analyze --lang en --json \"hydrogen-powered trains\"");
                         return [args] { return RunAnalyze(*args); };
                       });

}  // namespace
}  // namespace meute::tools
