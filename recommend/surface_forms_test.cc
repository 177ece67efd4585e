#include "recommend/surface_forms.h"

#include "gtest/gtest.h"

namespace meute::recommend {
namespace {

ingest::Token Tok(std::string surface, std::string form, std::vector<std::string> stems) {
  ingest::Token t;
  t.surface = std::move(surface);
  t.form = std::move(form);
  t.stems = std::move(stems);
  return t;
}

TEST(SurfaceForms, PrefersTheFrequentFormInLowerCase) {
  SurfaceForms s;
  s.Add({Tok("Hydrogène", "hydrogene", {"hydrogen"}), Tok("hydrogène", "hydrogene", {"hydrogen"}),
         Tok("hydrogènes", "hydrogenes", {"hydrogen"}), Tok("IA", "ia", {"ia"}),
         Tok("IA", "ia", {"ia"}), Tok("Ia", "ia", {"ia"})});
  EXPECT_EQ(s.Best("hydrogen"), "hydrogène");
  EXPECT_EQ(s.Best("ia"), "IA");  // never written in lower case: keeps its capitals
  EXPECT_EQ(s.Best("nope"), "");
  EXPECT_EQ(s.Readable("nope"), "nope");
}

TEST(SurfaceForms, SkipsStopWordsAndJoinedCompounds) {
  SurfaceForms s;
  ingest::Token stop = Tok("les", "les", {"le"});
  stop.stopword = true;
  ingest::Token joined = Tok("Midi-Pyrénées", "midipyrenees", {"midipyren"});
  joined.joined = true;
  s.Add({stop, joined});
  EXPECT_EQ(s.Best("le"), "");
  EXPECT_EQ(s.Best("midipyren"), "");
}

TEST(HasUpperCase, SeesAccentedCapitals) {
  EXPECT_TRUE(HasUpperCase("Écologie"));
  EXPECT_TRUE(HasUpperCase("ŒUVRE"));
  EXPECT_FALSE(HasUpperCase("écologie"));
  EXPECT_FALSE(HasUpperCase("œuvre"));
}

TEST(IsTitleCase, NamesButNotAcronymsNorLowerCaseWords) {
  EXPECT_TRUE(IsTitleCase("Corse"));
  EXPECT_TRUE(IsTitleCase("Alès"));
  EXPECT_TRUE(IsTitleCase("Étang"));
  EXPECT_FALSE(IsTitleCase("IA"));
  EXPECT_FALSE(IsTitleCase("H2"));
  EXPECT_FALSE(IsTitleCase("EPGL"));
  EXPECT_FALSE(IsTitleCase("McLaren"));
  EXPECT_FALSE(IsTitleCase("hydrogène"));
  EXPECT_FALSE(IsTitleCase("É"));
  EXPECT_FALSE(IsTitleCase(""));
}

}  // namespace
}  // namespace meute::recommend
