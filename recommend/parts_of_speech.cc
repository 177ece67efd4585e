#include "recommend/parts_of_speech.h"

#include <dlfcn.h>
#include <hunspell.h>  // The C API's declarations; the library is loaded with dlopen().

#include <fstream>
#include <memory>
#include <mutex>
#include <type_traits>
#include <utility>

#include "absl/strings/ascii.h"
#include "absl/strings/match.h"
#include "absl/strings/numbers.h"
#include "absl/strings/str_cat.h"
#include "absl/strings/str_split.h"
#include "absl/strings/strip.h"
#include "base/file_util.h"
#include "recommend/function_words.h"

namespace meute::recommend {

absl::StatusOr<PartsOfSpeech> PartsOfSpeech::LoadMythes(const std::string& path) {
  std::ifstream in(path, std::ios::binary);
  if (!in) return absl::NotFoundError(absl::StrCat(path, ": cannot open the thesaurus"));
  std::string line;
  std::getline(in, line);
  if (absl::AsciiStrToUpper(absl::StripAsciiWhitespace(line)) != "UTF-8") {
    return absl::InvalidArgumentError(
        absl::StrCat(path, ":1: encoding \"", line, "\" (only UTF-8 thesauri are read)"));
  }
  PartsOfSpeech out;
  int number = 1;
  while (std::getline(in, line)) {
    ++number;
    if (line.empty()) continue;
    const std::vector<absl::string_view> head = absl::StrSplit(line, '|');
    int senses = 0;
    if (head.size() != 2 || !absl::SimpleAtoi(head[1], &senses) || senses < 0) {
      return absl::DataLossError(
          absl::StrCat(path, ":", number, ": expected \"word|number of senses\""));
    }
    const std::string word(head[0]);
    for (int i = 0; i < senses && std::getline(in, line); ++i) {
      ++number;
      const size_t close = line.find(')');
      if (line.empty() || line[0] != '(' || close == std::string::npos) {
        return absl::DataLossError(
            absl::StrCat(path, ":", number, ": expected \"(parts of speech)|synonyms\""));
      }
      out.Add(word, absl::string_view(line).substr(0, close + 1));
    }
  }
  return out;
}

void PartsOfSpeech::Add(absl::string_view word, absl::string_view classes) {
  uint8_t bits = 0;
  for (absl::string_view c : absl::StrSplit(absl::StripPrefix(absl::StripSuffix(classes, ")"), "("),
                                            ' ', absl::SkipEmpty())) {
    bits |= c == "Nom" ? kNoun : kOther;
  }
  classes_[std::string(word)] |= bits == 0 ? static_cast<uint8_t>(kOther) : bits;
}

uint8_t PartsOfSpeech::Classes(absl::string_view word) const {
  uint8_t bits = 0;
  if (auto it = classes_.find(word); it != classes_.end()) bits |= it->second;
  if (absl::EndsWith(word, "s") || absl::EndsWith(word, "x")) {
    if (auto it = classes_.find(word.substr(0, word.size() - 1)); it != classes_.end()) {
      bits |= it->second;
    }
  }
  return bits;
}

bool PartsOfSpeech::Known(absl::string_view word) const { return Classes(word) != 0; }

bool PartsOfSpeech::MayBeNoun(absl::string_view word) const { return (Classes(word) & kNoun) != 0; }

bool PartsOfSpeech::IsInflectedVerb(absl::string_view word, bool participles) const {
  if (Known(word)) return false;
  // Endings of the present, imperfect and future tenses and of the
  // participles, longest first.
  static constexpr absl::string_view kEndings[] = {
      "eraient", "aient", "eront", "erait", "èrent", "ions", "iez", "ent", "ons", "ait", "ais",
      "era",     "ées",   "ant",   "és",    "ée",    "ez",   "es",  "é",   "e",   "s"};
  for (absl::string_view ending : kEndings) {
    if (word.size() < ending.size() + 3 || !absl::EndsWith(word, ending)) continue;
    const bool participle =
        ending == "ées" || ending == "ant" || ending == "és" || ending == "ée" || ending == "é";
    if (participle && !participles) continue;
    const absl::string_view base = word.substr(0, word.size() - ending.size());
    for (absl::string_view infinitive : {"er", "ir", "re"}) {
      const std::string verb = absl::StrCat(base, infinitive);
      const uint8_t c = Classes(verb);
      if (c != 0 && (c & kNoun) == 0) return true;
    }
  }
  return false;
}

const PartsOfSpeech* PartsOfSpeech::French() {
  static const PartsOfSpeech* const french = [] {
    absl::StatusOr<PartsOfSpeech> loaded = LoadMythes(kMythesFrenchPath);
    return loaded.ok() ? new PartsOfSpeech(*std::move(loaded)) : nullptr;
  }();
  return french;
}

uint8_t ClassesOfAnalysis(absl::string_view analysis) {
  uint8_t bits = 0;
  for (absl::string_view field : absl::StrSplit(analysis, ' ', absl::SkipEmpty())) {
    if (!absl::ConsumePrefix(&field, "po:")) continue;
    if (field == "nom") {
      bits |= kNounReading;
    } else if (field == "adj") {
      bits |= kAdjectiveReading;
    } else if (field == "adv") {
      bits |= kAdverbReading;
    } else if (field == "npr" || field == "prn" || field == "patr") {
      bits |= kNameReading;
    } else if (field == "ppas" || field == "ppre" || field == "infi" ||
               (field.size() >= 2 && field[0] == 'v' && absl::ascii_isdigit(field[1]))) {
      bits |= kVerbReading;
    } else if (field == "mg" || field == "advint" || field == "prep" || field == "cjco" ||
               field == "cjsub" || absl::StartsWith(field, "det") ||
               absl::StartsWith(field, "pro")) {
      bits |= kFunctionReading;
    }
  }
  return bits;
}

namespace {

// The functions of libhunspell's C API Meute calls. The library is loaded
// with dlopen() by the first FrenchMorphology::Load(), not linked: a `meute`
// command that needs no parts of speech (search above all) never maps it
// (issue 16, tests/cli/startup_libs_test.py).
struct HunspellApi {
  decltype(&::Hunspell_create) create = nullptr;
  decltype(&::Hunspell_destroy) destroy = nullptr;
  decltype(&::Hunspell_analyze) analyze = nullptr;
  decltype(&::Hunspell_free_list) free_list = nullptr;
};

absl::StatusOr<const HunspellApi*> LoadHunspell() {
  static const absl::StatusOr<HunspellApi>* const api = [] {
    auto* out = new absl::StatusOr<HunspellApi>();
    constexpr char kLibrary[] = "libhunspell-1.7.so.0";
    void* h = dlopen(kLibrary, RTLD_NOW | RTLD_LOCAL);
    if (h == nullptr) {
      const char* why = dlerror();
      *out = absl::UnavailableError(
          absl::StrCat("cannot load ", kLibrary, ": ", why != nullptr ? why : "unknown error"));
      return out;
    }
    HunspellApi a;
    bool ok = true;
    auto resolve = [&](const char* name, auto* fn) {
      *fn = reinterpret_cast<std::remove_pointer_t<decltype(fn)>>(dlsym(h, name));
      if (*fn == nullptr && ok) {
        ok = false;
        *out = absl::UnavailableError(absl::StrCat(kLibrary, " has no function ", name));
      }
    };
    resolve("Hunspell_create", &a.create);
    resolve("Hunspell_destroy", &a.destroy);
    resolve("Hunspell_analyze", &a.analyze);
    resolve("Hunspell_free_list", &a.free_list);
    if (ok) *out = a;
    return out;
  }();
  if (!api->ok()) return api->status();
  return &**api;
}

}  // namespace

struct FrenchMorphology::Impl {
  Impl(const HunspellApi* a, Hunhandle* h) : api(a), handle(h) {}
  ~Impl() { api->destroy(handle); }
  Impl(const Impl&) = delete;
  Impl& operator=(const Impl&) = delete;
  std::mutex mutex;
  const HunspellApi* api;
  Hunhandle* handle;
  absl::flat_hash_map<std::string, uint8_t> cache;
};

FrenchMorphology::~FrenchMorphology() = default;

absl::StatusOr<std::unique_ptr<FrenchMorphology>> FrenchMorphology::Load(const std::string& aff,
                                                                         const std::string& dic) {
  for (const std::string& path : {aff, dic}) {
    if (!std::ifstream(path)) {
      return absl::NotFoundError(absl::StrCat(path, ": cannot open the Hunspell dictionary"));
    }
  }
  absl::StatusOr<const HunspellApi*> api = LoadHunspell();
  if (!api.ok()) return api.status();
  Hunhandle* handle = (*api)->create(aff.c_str(), dic.c_str());
  if (handle == nullptr) {
    return absl::InternalError(absl::StrCat(aff, ": Hunspell could not load the dictionary"));
  }
  std::unique_ptr<FrenchMorphology> out(new FrenchMorphology());
  out->impl_ = std::make_unique<Impl>(*api, handle);
  return out;
}

const FrenchMorphology* FrenchMorphology::French() {
  static const FrenchMorphology* const french = [] {
    absl::StatusOr<std::unique_ptr<FrenchMorphology>> loaded =
        Load(kHunspellFrenchAff, kHunspellFrenchDic);
    return loaded.ok() ? loaded->release() : nullptr;
  }();
  return french;
}

uint8_t FrenchMorphology::Classes(absl::string_view word) const {
  std::lock_guard<std::mutex> lock(impl_->mutex);
  auto it = impl_->cache.find(word);
  if (it != impl_->cache.end()) return it->second;
  uint8_t bits = 0;
  char** analyses = nullptr;
  const std::string w(word);
  const int n = impl_->api->analyze(impl_->handle, &analyses, w.c_str());
  for (int i = 0; i < n; ++i) bits |= ClassesOfAnalysis(analyses[i]);
  if (analyses != nullptr) impl_->api->free_list(impl_->handle, &analyses, n);
  impl_->cache.emplace(std::string(word), bits);
  return bits;
}

bool IsNounIntroducer(absl::string_view word) {
  // Articles, contracted articles, demonstratives, possessives, indefinites
  // and the prepositions that take a noun (not "en", which also takes a
  // gerund: "en roulant").
  static constexpr absl::string_view kIntroducers[] = {
      "à",    "au",   "aux",   "avec",  "ce",    "ces",       "cet",     "cette", "chaque",
      "chez", "d",    "dans",  "de",    "des",   "du",        "l",       "la",    "le",
      "les",  "leur", "leurs", "ma",    "mes",   "mon",       "nos",     "notre", "par",
      "pour", "sa",   "sans",  "ses",   "son",   "sur",       "sous",    "un",    "une",
      "vers", "vos",  "votre", "entre", "selon", "plusieurs", "quelques"};
  for (absl::string_view w : kIntroducers) {
    if (w == word) return true;
  }
  return false;
}

bool IsWordOfSubstance(absl::string_view word, bool after_introducer, absl::string_view lang,
                       const FrenchMorphology* morphology, const PartsOfSpeech* thesaurus) {
  if (!IsContentWord(word)) return false;
  if (lang == "en") return true;
  const uint8_t bits = morphology != nullptr ? morphology->Classes(word) : 0;
  if (bits == 0) {
    if (thesaurus == nullptr) return true;
    if (thesaurus->Known(word)) return thesaurus->MayBeNoun(word);
    return !thesaurus->IsInflectedVerb(word);
  }
  if ((bits & kNounReading) == 0) return false;
  if ((bits & kFunctionReading) != 0 && !after_introducer) return false;
  const uint8_t other = kAdjectiveReading | kVerbReading | kAdverbReading | kFunctionReading;
  return (bits & other) == 0 || after_introducer;
}

absl::StatusOr<std::set<std::string, std::less<>>> LoadWordList(const std::string& path) {
  absl::StatusOr<std::string> text = ReadFileToString(path);
  if (!text.ok()) return text.status();
  std::set<std::string, std::less<>> words;
  for (absl::string_view line : absl::StrSplit(*text, '\n')) {
    line = absl::StripAsciiWhitespace(line);
    if (line.empty() || line[0] == '#') continue;
    words.insert(absl::AsciiStrToLower(line));
  }
  return words;
}

}  // namespace meute::recommend
