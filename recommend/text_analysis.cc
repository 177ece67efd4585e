#include "recommend/text_analysis.h"

#include <algorithm>
#include <filesystem>
#include <iterator>
#include <system_error>

#include "absl/container/flat_hash_map.h"
#include "absl/strings/str_cat.h"
#include "base/file_util.h"
#include "base/status_macros.h"
#include "recommend/internal/parallel.h"

namespace meute::recommend {

ingest::Language RecordLanguageCode(absl::string_view lang) {
  return lang == "en" ? ingest::Language::kEnglish : ingest::Language::kFrench;
}

namespace {

// The stems of `record` with their counts (AnalyzeRecord() without the record).
std::vector<std::pair<std::string, uint32_t>> RecordTerms(const ingest::Analyzer& analyzer,
                                                          const ingest::Document& record) {
  const ingest::Language lang = RecordLanguageCode(record.lang);
  absl::flat_hash_map<std::string, uint32_t> counts;
  auto add = [&](absl::string_view text, uint32_t weight) {
    if (text.empty()) return;
    for (const ingest::Token& t : analyzer.Analyze(text, lang)) {
      if (t.form.empty()) continue;
      for (const std::string& stem : t.stems) {
        if (!stem.empty()) counts[stem] += weight;
      }
    }
  };
  add(record.title, kTitleTermWeight);
  add(record.text, 1);
  for (const std::string* field :
       {&record.name, &record.organisation, &record.city, &record.programme, &record.funder}) {
    add(*field, 1);
  }
  for (const std::vector<std::string>* list : {&record.sectors, &record.skills, &record.themes}) {
    for (const std::string& item : *list) add(item, 1);
  }
  std::vector<std::pair<std::string, uint32_t>> terms(counts.begin(), counts.end());
  std::sort(terms.begin(), terms.end());
  return terms;
}

}  // namespace

ingest::TermVector AnalyzeRecord(const ingest::Analyzer& analyzer, const ingest::Document& record) {
  ingest::TermVector tv;
  tv.record = record;
  tv.terms = RecordTerms(analyzer, record);
  return tv;
}

void AnalyzeRecords(const ingest::Analyzer& analyzer, std::vector<ingest::Document> records,
                    int threads, const std::function<void(ingest::TermVector&&)>& sink) {
  // Records per block; each parallel task analyses kChunk of them.
  constexpr size_t kBlock = 4096;
  constexpr size_t kChunk = 64;
  const int n_threads = internal::ThreadCount(threads);
  std::vector<ingest::TermVector> block;
  for (size_t begin = 0; begin < records.size(); begin += kBlock) {
    const size_t end = std::min(records.size(), begin + kBlock);
    block.assign(end - begin, ingest::TermVector());
    const int tasks = static_cast<int>((end - begin + kChunk - 1) / kChunk);
    internal::ParallelFor(tasks, n_threads, [&](int t) {
      const size_t first = begin + static_cast<size_t>(t) * kChunk;
      const size_t last = std::min(end, first + kChunk);
      for (size_t i = first; i < last; ++i) {
        ingest::TermVector& tv = block[i - begin];
        tv.terms = RecordTerms(analyzer, records[i]);
        tv.record = std::move(records[i]);  // No copy of the text.
      }
    });
    for (ingest::TermVector& tv : block) sink(std::move(tv));
  }
}

StemWordsFn MakeStemWords(const ingest::Analyzer& analyzer) {
  return [&analyzer](absl::string_view text, absl::string_view lang) {
    std::vector<std::vector<std::string>> out;
    for (const ingest::Token& t : analyzer.Analyze(text, RecordLanguageCode(lang))) {
      if (t.stopword || t.joined || t.stems.empty()) continue;
      out.push_back(t.stems);
    }
    return out;
  };
}

DictionarySources DictionarySources::FreeDict(absl::string_view dir) {
  DictionarySources s;
  s.eng_fra = absl::StrCat(dir, "/freedict-eng-fra");
  s.fra_eng = absl::StrCat(dir, "/freedict-fra-eng");
  s.required = true;
  return s;
}

absl::StatusOr<std::vector<GlossaryEntry>> LoadDictionaries(const ingest::Analyzer& analyzer,
                                                            const DictionarySources& sources,
                                                            const Glossary& domain) {
  std::vector<DictEntry> parts[2];
  const std::string* bases[2] = {&sources.eng_fra, &sources.fra_eng};
  for (int i = 0; i < 2; ++i) {
    const std::string& base = *bases[i];
    if (base.empty()) continue;
    std::error_code ec;
    if (!sources.required && !std::filesystem::exists(absl::StrCat(base, ".index"), ec)) continue;
    absl::StatusOr<std::vector<DictEntry>> entries = ReadDictd(base);
    if (!entries.ok()) {
      return Annotate(entries.status(), absl::StrCat("dictionary \"", base, "\""));
    }
    parts[i] = *std::move(entries);
  }
  if (parts[0].empty() && parts[1].empty()) return std::vector<GlossaryEntry>();
  return CompileDictionary(EnglishToFrench(parts[0], parts[1]), MakeStemWords(analyzer), domain,
                           sources.options);
}

absl::StatusOr<Glossary> LoadGlossary(const ingest::Analyzer& analyzer, absl::string_view path,
                                      const DictionarySources& dictionaries) {
  absl::StatusOr<std::string> text = ReadFileToString(path);
  if (!text.ok()) return Annotate(text.status(), absl::StrCat("reading glossary \"", path, "\""));
  absl::StatusOr<Glossary> g = Glossary::Parse(*text, MakeStemWords(analyzer));
  if (!g.ok()) return Annotate(g.status(), absl::StrCat("glossary \"", path, "\""));
  MEUTE_ASSIGN_OR_RETURN(std::vector<GlossaryEntry> extra,
                         LoadDictionaries(analyzer, dictionaries, *g));
  if (extra.empty()) return g;
  std::vector<GlossaryEntry> entries = g->entries();
  entries.insert(entries.end(), std::make_move_iterator(extra.begin()),
                 std::make_move_iterator(extra.end()));
  return Glossary(std::move(entries));
}

absl::StatusOr<Glossary> LoadGlossary(const ingest::Analyzer& analyzer, absl::string_view path) {
  return LoadGlossary(analyzer, path, DictionarySources());
}

void AddSurfaceForms(const ingest::Analyzer& analyzer, const ingest::Document& record,
                     SurfaceForms& forms) {
  const ingest::Language lang = RecordLanguageCode(record.lang);
  forms.Add(analyzer.Analyze(record.title, lang));
  forms.Add(analyzer.Analyze(record.text, lang));
}

SurfaceForms CollectSurfaceForms(const ingest::Analyzer& analyzer,
                                 const std::vector<ingest::TermVector>& docs, int threads) {
  // One contiguous range of records and one SurfaceForms per thread, merged
  // at the end: counts add up the same whatever the split.
  const int n_threads = internal::ThreadCount(threads);
  std::vector<SurfaceForms> parts(static_cast<size_t>(n_threads));
  const size_t per_part = (docs.size() + parts.size() - 1) / parts.size();
  internal::ParallelFor(n_threads, n_threads, [&](int t) {
    const size_t begin = std::min(docs.size(), static_cast<size_t>(t) * per_part);
    const size_t end = std::min(docs.size(), begin + per_part);
    for (size_t i = begin; i < end; ++i) {
      AddSurfaceForms(analyzer, docs[i].record, parts[static_cast<size_t>(t)]);
    }
  });
  SurfaceForms forms = std::move(parts[0]);
  for (size_t t = 1; t < parts.size(); ++t) forms.Merge(parts[t]);
  return forms;
}

PhraseTokenizer MakePhraseTokenizer(const ingest::Analyzer& analyzer) {
  return [&analyzer](absl::string_view text, absl::string_view lang) {
    std::vector<PhraseToken> out;
    for (ingest::Token& t : analyzer.Analyze(text, RecordLanguageCode(lang))) {
      if (t.joined) continue;
      out.push_back({std::move(t.surface), std::move(t.form), std::move(t.stems), t.byte_begin,
                     t.byte_end, t.stopword});
    }
    return out;
  };
}

RecommenderState ComputeRecommenderState(const ingest::Analyzer& analyzer,
                                         const std::vector<ingest::TermVector>& docs, int threads) {
  RecommenderState state;
  state.has_surface_forms = true;
  state.records_fingerprint = FingerprintOf(docs);
  state.surface_words = CollectSurfaceForms(analyzer, docs, threads).BestWords();
  return state;
}

}  // namespace meute::recommend
