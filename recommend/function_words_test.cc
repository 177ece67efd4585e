#include "recommend/function_words.h"

#include "gtest/gtest.h"

namespace meute::recommend {
namespace {

TEST(FunctionWords, ListIsSortedForBinarySearch) {
  EXPECT_TRUE(internal::FunctionWordsAreSorted());
}

TEST(FunctionWords, FrenchAndEnglishFunctionWordsInAnyCaseAndAccents) {
  for (const char* w : {"son", "Sous", "entre", "très", "TRES", "à", "À", "déjà", "ça", "the",
                        "With", "least", "three", "up", "les", "été"}) {
    EXPECT_TRUE(IsFunctionWord(w)) << w;
  }
}

TEST(FunctionWords, ContentWordsAreNot) {
  for (const char* w : {"hydrogène", "eau", "vigne", "Mipyrail", "porte", "satellites", "water",
                        "start", "sécheresse", "sud", ""}) {
    EXPECT_FALSE(IsFunctionWord(w)) << w;
  }
}

TEST(FunctionWords, ContentWordsHaveALetterAndAreNoFunctionWord) {
  for (const char* w : {"hydrogène", "IA", "H2", "été2", "Écoconception", "ü"}) {
    EXPECT_TRUE(IsContentWord(w)) << w;
  }
  for (const char* w : {"2025", "12,5", "-", "", "sous", "Quand", "the"}) {
    EXPECT_FALSE(IsContentWord(w)) << w;
  }
}

}  // namespace
}  // namespace meute::recommend
