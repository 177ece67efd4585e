#include "recommend/parts_of_speech.h"

#include <filesystem>
#include <fstream>
#include <memory>
#include <string>

#include "gtest/gtest.h"
#include "recommend/testing.h"

namespace meute::recommend {
namespace {

TEST(PartsOfSpeech, ReadsTheMythesHeadsAndSingulars) {
  const std::string path = testing::WriteTempFile(
      "th_test.dat",
      "UTF-8\nturbine|1\n(Nom)|moteur|rotor\nrecruter|1\n(Verbe)|embaucher\n"
      "salarié|2\n(Adjectif Nom Verbe)|employé\n(Nom)|ouvrier\nvite|1\n(Adverbe)|rapidement\n");
  absl::StatusOr<PartsOfSpeech> pos = PartsOfSpeech::LoadMythes(path);
  ASSERT_TRUE(pos.ok()) << pos.status();
  EXPECT_EQ(pos->size(), 4u);
  EXPECT_TRUE(pos->MayBeNoun("turbine"));
  EXPECT_TRUE(pos->MayBeNoun("turbines"));  // The singular is looked up too.
  EXPECT_TRUE(pos->MayBeNoun("salariés"));
  EXPECT_FALSE(pos->MayBeNoun("recruter"));
  EXPECT_TRUE(pos->Known("recruter"));
  EXPECT_FALSE(pos->MayBeNoun("vite"));
  EXPECT_FALSE(pos->Known("gyrocompas"));
}

TEST(PartsOfSpeech, InflectedFormsOfVerbsOnlyVerbs) {
  PartsOfSpeech pos;
  pos.Add("attendre", "(Verbe)");
  pos.Add("embarquer", "(Verbe)");
  pos.Add("toucher", "(Nom Verbe)");  // "le toucher": its forms may be nouns.
  pos.Add("turbine", "(Nom)");
  EXPECT_TRUE(pos.IsInflectedVerb("attendent"));
  EXPECT_TRUE(pos.IsInflectedVerb("attendait"));
  EXPECT_TRUE(pos.IsInflectedVerb("embarque"));
  EXPECT_TRUE(pos.IsInflectedVerb("embarquée"));
  EXPECT_FALSE(pos.IsInflectedVerb("embarquée", /*participles=*/false));
  EXPECT_TRUE(pos.IsInflectedVerb("embarquent", /*participles=*/false));
  EXPECT_FALSE(pos.IsInflectedVerb("touchent"));
  EXPECT_FALSE(pos.IsInflectedVerb("turbines"));  // Known: a noun.
  EXPECT_FALSE(pos.IsInflectedVerb("attendre"));  // Known: the infinitive itself.
  EXPECT_FALSE(pos.IsInflectedVerb("lidar"));
}

TEST(PartsOfSpeech, MalformedEntriesNameTheirLine) {
  absl::StatusOr<PartsOfSpeech> pos = PartsOfSpeech::LoadMythes(
      testing::WriteTempFile("th_bad.dat", "UTF-8\nturbine|2\n(Nom)|rotor\nx\n"));
  ASSERT_FALSE(pos.ok());
  EXPECT_EQ(pos.status().code(), absl::StatusCode::kDataLoss);
  EXPECT_NE(pos.status().message().find("th_bad.dat:4:"), std::string::npos) << pos.status();
  pos = PartsOfSpeech::LoadMythes(testing::WriteTempFile("th_latin1.dat", "ISO8859-1\n"));
  EXPECT_EQ(pos.status().code(), absl::StatusCode::kInvalidArgument);
  EXPECT_EQ(PartsOfSpeech::LoadMythes("/nonexistent/th.dat").status().code(),
            absl::StatusCode::kNotFound);
}

// The thesaurus Debian installs, when it is there (scripts/install-deps.sh
// installs mythes-fr).
TEST(PartsOfSpeech, DebianFrenchThesaurusKnowsCommonNounsAndVerbs) {
  const PartsOfSpeech* french = PartsOfSpeech::French();
  if (french == nullptr) GTEST_SKIP() << kMythesFrenchPath << " not installed";
  EXPECT_GT(french->size(), 30000u);
  EXPECT_TRUE(french->MayBeNoun("irrigation"));
  EXPECT_TRUE(french->MayBeNoun("batteries"));
  EXPECT_FALSE(french->MayBeNoun("recruter"));
}

TEST(WordClasses, ReadFromHunspellAnalyses) {
  EXPECT_EQ(ClassesOfAnalysis("st:estime po:nom is:fem is:sg"), kNounReading);
  EXPECT_EQ(ClassesOfAnalysis("st:estimer po:v1__t_q_zz po:ipre po:3sg"), kVerbReading);
  EXPECT_EQ(ClassesOfAnalysis("st:combien po:mg po:advint"), kFunctionReading);
  EXPECT_EQ(ClassesOfAnalysis("st:élever po:v1__tnq__a po:ppas po:adj is:mas"),
            kVerbReading | kAdjectiveReading);
  EXPECT_EQ(ClassesOfAnalysis("st:roulant po:nom po:adj is:mas is:sg"),
            kNounReading | kAdjectiveReading);
  EXPECT_EQ(ClassesOfAnalysis("st:Paris po:prn"), kNameReading);
  EXPECT_EQ(ClassesOfAnalysis("st:vite po:adv"), kAdverbReading);
  EXPECT_EQ(ClassesOfAnalysis(""), 0);
}

// A Hunspell dictionary of a few forms with Grammalecte's fields: homonyms
// are separate lines of the .dic.
std::unique_ptr<FrenchMorphology> SmallMorphology() {
  absl::StatusOr<std::unique_ptr<FrenchMorphology>> m = testing::LoadMorphology(
      "small",
      {"estime po:nom", "estime st:estimer po:v1 po:ipre", "estimations po:nom",
       "combien po:mg po:advint", "climatiques po:adj", "observe st:observer po:v1 po:ipre",
       "hydrogène po:nom", "élevé st:élever po:v1 po:ppas po:adj", "mobile po:nom po:adj"});
  EXPECT_TRUE(m.ok()) << m.status();
  return m.ok() ? *std::move(m) : nullptr;
}

TEST(WordOfSubstance, NounsOnlyAndAmbiguousNounsAfterADeterminer) {
  const std::unique_ptr<FrenchMorphology> m = SmallMorphology();
  ASSERT_NE(m, nullptr);
  EXPECT_EQ(m->Classes("estime"), kNounReading | kVerbReading);
  EXPECT_EQ(m->Classes("inconnu"), 0);
  auto substance = [&](absl::string_view w, bool after) {
    return IsWordOfSubstance(w, after, "fr", m.get(), nullptr);
  };
  EXPECT_TRUE(substance("hydrogène", false));
  EXPECT_TRUE(substance("estimations", false));
  // "Hydroscope estime le volume": a verb; "l'estime": a noun.
  EXPECT_FALSE(substance("estime", false));
  EXPECT_TRUE(substance("estime", true));
  EXPECT_FALSE(substance("mobile", false));  // "une application mobile"
  EXPECT_TRUE(substance("mobile", true));    // "le mobile"
  // Never: function words and interrogatives, verbs, bare adjectives.
  EXPECT_FALSE(substance("combien", true));
  EXPECT_FALSE(substance("observe", true));
  EXPECT_FALSE(substance("climatiques", true));
  EXPECT_FALSE(substance("élevé", true));
  EXPECT_FALSE(substance("2025", true));
  EXPECT_FALSE(substance("quand", true));
  // Unknown to both resources (a technical term): a content word.
  EXPECT_TRUE(substance("cybersécurité", false));
  // English: content words.
  EXPECT_TRUE(IsWordOfSubstance("observation", false, "en", m.get(), nullptr));
  EXPECT_FALSE(IsWordOfSubstance("which", false, "en", m.get(), nullptr));
}

TEST(WordOfSubstance, UnknownWordsAreJudgedByTheThesaurus) {
  PartsOfSpeech thesaurus;
  thesaurus.Add("attendre", "(Verbe)");
  thesaurus.Add("rapide", "(Adjectif)");
  EXPECT_FALSE(IsWordOfSubstance("attendent", false, "fr", nullptr, &thesaurus));
  EXPECT_FALSE(IsWordOfSubstance("rapide", false, "fr", nullptr, &thesaurus));
  EXPECT_TRUE(IsWordOfSubstance("irrigation", false, "fr", nullptr, &thesaurus));
}

TEST(WordOfSubstance, NounIntroducers) {
  for (const char* w : {"le", "la", "les", "l", "d", "des", "du", "une", "ces", "nos", "pour"}) {
    EXPECT_TRUE(IsNounIntroducer(w)) << w;
  }
  for (const char* w : {"en", "qui", "il", "on", "ne", "estime"})
    EXPECT_FALSE(IsNounIntroducer(w)) << w;
}

TEST(WordOfSubstance, DebianHunspellFrench) {
  const FrenchMorphology* m = FrenchMorphology::French();
  if (m == nullptr) GTEST_SKIP() << kHunspellFrenchDic << " not installed (hunspell-fr)";
  EXPECT_EQ(m->Classes("combien") & kFunctionReading, kFunctionReading);
  EXPECT_EQ(m->Classes("climatiques"), kAdjectiveReading);
  EXPECT_EQ(m->Classes("observe"), kVerbReading);
  EXPECT_EQ(m->Classes("estime"), kNounReading | kVerbReading);
  EXPECT_EQ(m->Classes("ports"), kNounReading);
  EXPECT_NE(m->Classes("porte") & kVerbReading, 0);
  EXPECT_FALSE(IsWordOfSubstance("élevé", true, "fr", m, PartsOfSpeech::French()));
  EXPECT_TRUE(IsWordOfSubstance("irrigation", false, "fr", m, PartsOfSpeech::French()));
}

}  // namespace
}  // namespace meute::recommend
