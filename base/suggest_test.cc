#include "base/suggest.h"

#include <string>
#include <vector>

#include "gmock/gmock.h"
#include "gtest/gtest.h"

namespace meute {
namespace {

using ::testing::ElementsAre;
using ::testing::IsEmpty;

TEST(EditDistance, CountsInsertionsDeletionsSubstitutionsAndSwaps) {
  EXPECT_EQ(EditDistance("search", "search"), 0);
  EXPECT_EQ(EditDistance("serch", "search"), 1);    // Deletion.
  EXPECT_EQ(EditDistance("searchh", "search"), 1);  // Insertion.
  EXPECT_EQ(EditDistance("seerch", "search"), 1);   // Substitution.
  EXPECT_EQ(EditDistance("saerch", "search"), 1);   // Swap of neighbours.
  EXPECT_EQ(EditDistance("", "abc"), 3);
  EXPECT_EQ(EditDistance("kitten", "sitting"), 3);
}

TEST(EditDistance, IgnoresAsciiCaseAndCountsCodePoints) {
  EXPECT_EQ(EditDistance("SEARCH", "search"), 0);
  EXPECT_EQ(EditDistance("théme", "theme"), 1);  // é is one code point, two bytes.
  EXPECT_EQ(EditDistance("\xff", "a"), 1);       // Invalid UTF-8 still compares.
}

TEST(ClosestMatches, SuggestsOnlyCloseCandidatesBestFirst) {
  const std::vector<std::string> commands = {"index", "search", "similar", "partners", "themes"};
  EXPECT_THAT(ClosestMatches("serach", commands), ElementsAre("search"));
  EXPECT_THAT(ClosestMatches("partenrs", commands), ElementsAre("partners"));
  EXPECT_THAT(ClosestMatches("theme", commands), ElementsAre("themes"));
  EXPECT_THAT(ClosestMatches("frobnicate", commands), IsEmpty());
  EXPECT_THAT(ClosestMatches("x", commands), IsEmpty());
}

TEST(ClosestMatches, ShortWordsAllowOneSlipOnly) {
  EXPECT_THAT(ClosestMatches("--db", {"--id", "--dbs"}), ElementsAre("--dbs"));
  EXPECT_THAT(ClosestMatches("ab", {"xy"}), IsEmpty());
}

TEST(ClosestMatches, PrefixOfThreeOrMoreComesAfterSlips) {
  EXPECT_THAT(ClosestMatches("cons", {"consortium", "cins"}), ElementsAre("cins", "consortium"));
  EXPECT_THAT(ClosestMatches("co", {"consortium"}), IsEmpty());
}

TEST(ClosestMatches, NeverReturnsTheWordItselfAndCapsTheCount) {
  EXPECT_THAT(ClosestMatches("abcd", {"abcd", "abce"}), ElementsAre("abce"));
  EXPECT_THAT(ClosestMatches("aaaa", {"aaab", "aaac", "aaad", "aaae"}, 2),
              ElementsAre("aaab", "aaac"));
}

TEST(DidYouMean, FormatsOneOrSeveralCandidates) {
  EXPECT_EQ(DidYouMean("serch", {"search", "index"}), "; did you mean \"search\"?");
  EXPECT_EQ(DidYouMean("aaaa", {"aaab", "aaac"}), "; did you mean \"aaab\" or \"aaac\"?");
  EXPECT_EQ(DidYouMean("zzzzzz", {"search"}), "");
}

}  // namespace
}  // namespace meute
