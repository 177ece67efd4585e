#include "recommend/own_words.h"

#include <filesystem>
#include <fstream>
#include <memory>
#include <set>
#include <string>
#include <vector>

#include "absl/strings/ascii.h"
#include "gtest/gtest.h"
#include "recommend/testing.h"

namespace meute::recommend {
namespace {

std::unique_ptr<FrenchMorphology> Morphology() {
  absl::StatusOr<std::unique_ptr<FrenchMorphology>> m = testing::LoadMorphology(
      "own",
      {"estime po:nom", "estime st:estimer po:v1 po:ipre", "estimations po:nom",
       "élevé st:élever po:v1 po:ppas po:adj", "élèves po:nom", "élèves st:élever po:v1 po:ipre",
       "combien po:mg po:advint", "volume po:nom", "petites po:nom po:adj", "entreprises po:nom"});
  EXPECT_TRUE(m.ok()) << m.status();
  return m.ok() ? *std::move(m) : nullptr;
}

// Words split at spaces, apostrophes and full stops; a few stop words; the
// stem is the first five letters of the accent-free word.
std::vector<PhraseToken> Tokenize(absl::string_view text, absl::string_view) {
  static const std::set<std::string> kStop = {"le", "l", "un", "nos", "et", "des", "de", "d"};
  std::vector<PhraseToken> out;
  size_t i = 0;
  while (i < text.size()) {
    while (i < text.size() && (text[i] == ' ' || text[i] == '\'' || text[i] == '.')) ++i;
    const size_t begin = i;
    while (i < text.size() && text[i] != ' ' && text[i] != '\'' && text[i] != '.') ++i;
    if (i == begin) break;
    PhraseToken t;
    t.surface = std::string(text.substr(begin, i - begin));
    t.form = FoldAccents(t.surface);
    t.byte_begin = static_cast<uint32_t>(begin);
    t.byte_end = static_cast<uint32_t>(i);
    t.stopword = kStop.count(absl::AsciiStrToLower(t.surface)) > 0;
    if (!t.stopword) t.stems = {t.form.substr(0, 5)};
    out.push_back(std::move(t));
  }
  return out;
}

OwnWordMap Own(const std::string& text, const FrenchMorphology* m) {
  ingest::Document d;
  d.title = "Titre";
  d.text = text;
  d.lang = "fr";
  return OwnWordsOf(d, Tokenize, m, nullptr);
}

TEST(OwnWords, AStemIsShownByTheNounTheRecordWrites) {
  const std::unique_ptr<FrenchMorphology> m = Morphology();
  ASSERT_NE(m, nullptr);
  // "estime" is a verb here (no determiner before it): the stem is shown by
  // the noun the record writes.
  OwnWordMap own = Own("Hydroscope estime le volume et nos estimations", m.get());
  EXPECT_EQ(own["estim"], "estimations");
  EXPECT_EQ(own["volum"], "volume");
  // Only as a verb: written, but nothing to show.
  own = Own("Hydroscope estime le volume", m.get());
  ASSERT_EQ(own.count("estim"), 1u);
  EXPECT_EQ(own["estim"], "");
  // After an elided determiner it is a noun.
  own = Own("Elle gagne l'estime", m.get());
  EXPECT_EQ(own["estim"], "estime");
}

TEST(OwnWords, AStemOfAnotherWordIsNotCredited) {
  const std::unique_ptr<FrenchMorphology> m = Morphology();
  ASSERT_NE(m, nullptr);
  // "un couple élevé" (an adjective) does not give the "élèves" of a call.
  OwnWordMap own = Own("un couple élevé", m.get());
  EXPECT_EQ(own["eleve"], "");
  own = Own("le transport des élèves", m.get());
  EXPECT_EQ(own["eleve"], "élèves");
  // A prenominal adjective is not the noun of its determiner.
  own = Own("des petites entreprises", m.get());
  EXPECT_EQ(own["petit"], "");
  EXPECT_EQ(own["entre"], "entreprises");
  own = Own("des petites", m.get());
  EXPECT_EQ(own["petit"], "petites");
  // Interrogatives are never words of substance.
  own = Own("il faut savoir combien", m.get());
  EXPECT_EQ(own["combi"], "");
}

TEST(OwnWords, AcronymsKeepTheirCapitalsOtherWordsAreLowerCased) {
  const std::unique_ptr<FrenchMorphology> m = Morphology();
  OwnWordMap own = Own("le Volume et l'IA", m.get());
  EXPECT_EQ(own["volum"], "volume");
  EXPECT_EQ(own["ia"], "IA");
}

TEST(OwnWords, FrenchMatchOfAnEnglishWord) {
  EXPECT_EQ(FoldAccents("Médicaments"), "medicaments");
  EXPECT_EQ(FoldAccents("ÉLÈVES"), "eleves");
  // The same word, accents and plural aside.
  EXPECT_TRUE(FrenchMatchIsReliable("satellites", "satellites", nullptr));
  EXPECT_TRUE(FrenchMatchIsReliable("observation", "observations", nullptr));
  EXPECT_TRUE(FrenchMatchIsReliable("regulation", "régulation", nullptr));
  // A shared stem is not a match ("medical" and "médicaments": "medic").
  EXPECT_FALSE(FrenchMatchIsReliable("medical", "médicaments", nullptr));
  // A dictionary translation is.
  const TranslationTable table = {{"medical", {"médical"}}, {"water", {"eau"}}};
  EXPECT_TRUE(FrenchMatchIsReliable("water", "eau", &table));
  EXPECT_TRUE(FrenchMatchIsReliable("medical", "médical", &table));
  EXPECT_FALSE(FrenchMatchIsReliable("medical", "médicaments", &table));
}

TEST(OwnWords, DebianFreeDictTranslatesEnglishWords) {
  const TranslationTable* table = FreeDictEnglishToFrench();
  if (table == nullptr) GTEST_SKIP() << "dict-freedict-eng-fra / fra-eng not installed";
  EXPECT_TRUE(FrenchMatchIsReliable("water", "eau", table));
  EXPECT_FALSE(FrenchMatchIsReliable("medical", "médicaments", table));
}

}  // namespace
}  // namespace meute::recommend
