#include "recommend/parts_of_speech.h"

#include <filesystem>
#include <fstream>
#include <string>

#include "gtest/gtest.h"

namespace meute::recommend {
namespace {

std::string WriteThesaurus(const std::string& name, const std::string& text) {
  const std::string path = (std::filesystem::path(::testing::TempDir()) / name).string();
  std::ofstream(path, std::ios::binary) << text;
  return path;
}

TEST(PartsOfSpeech, ReadsTheMythesHeadsAndSingulars) {
  const std::string path = WriteThesaurus(
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
  absl::StatusOr<PartsOfSpeech> pos =
      PartsOfSpeech::LoadMythes(WriteThesaurus("th_bad.dat", "UTF-8\nturbine|2\n(Nom)|rotor\nx\n"));
  ASSERT_FALSE(pos.ok());
  EXPECT_EQ(pos.status().code(), absl::StatusCode::kDataLoss);
  EXPECT_NE(pos.status().message().find("th_bad.dat:4:"), std::string::npos) << pos.status();
  pos = PartsOfSpeech::LoadMythes(WriteThesaurus("th_latin1.dat", "ISO8859-1\n"));
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

}  // namespace
}  // namespace meute::recommend
