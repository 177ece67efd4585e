#include "index/query_parser.h"

#include <string>

#include "gmock/gmock.h"
#include "gtest/gtest.h"

namespace meute::index {
namespace {

using ::testing::ElementsAre;
using ::testing::HasSubstr;
using ::testing::IsEmpty;

std::string Tree(absl::string_view q) { return DebugString(ParseQuery(q).root); }

TEST(QueryParser, AdjacentWordsAreAnImplicitAnd) {
  EXPECT_EQ(Tree("hydrogène vert"), "AND(word:hydrogène word:vert)");
  EXPECT_EQ(Tree("hydrogène"), "AND(word:hydrogène)");
  EXPECT_EQ(Tree(""), "AND()");
  EXPECT_EQ(Tree("   "), "AND()");
}

TEST(QueryParser, OrBindsLooserThanAnd) {
  EXPECT_EQ(Tree("a b OR c"), "AND(OR(AND(word:a word:b) word:c))");
  EXPECT_EQ(Tree("a OU c"), "AND(OR(word:a word:c))");
  EXPECT_EQ(Tree("a AND b"), "AND!(word:a word:b)");
  EXPECT_EQ(Tree("(a OR b) c"), "AND(OR(word:a word:b) word:c)");
}

TEST(QueryParser, NegationAndRequiredTerms) {
  EXPECT_EQ(Tree("a -b"), "AND(word:a NOT(word:b))");
  EXPECT_EQ(Tree("a NOT b"), "AND(word:a NOT(word:b))");
  EXPECT_EQ(Tree("a SAUF \"b c\""), "AND(word:a NOT(phrase:\"b c\"))");
  EXPECT_EQ(Tree("+a b"), "AND(+word:a word:b)");
  EXPECT_EQ(Tree("-a"), "AND(NOT(word:a))");
  EXPECT_EQ(Tree("(-a b)"), "AND(NOT(word:a) word:b)");
  // A hyphen inside a word is part of it.
  EXPECT_EQ(Tree("Midi-Pyrénées"), "AND(word:Midi-Pyrénées)");
}

TEST(QueryParser, PhrasesWithEveryQuoteStyle) {
  EXPECT_EQ(Tree("\"appel à projets\""), "AND(phrase:\"appel à projets\")");
  EXPECT_EQ(Tree("«hydrogène vert»"), "AND(phrase:\"hydrogène vert\")");
  EXPECT_EQ(Tree("“eau usée” x"), "AND(phrase:\"eau usée\" word:x)");
}

TEST(QueryParser, UnbalancedQuoteRunsToTheEnd) {
  ParsedQuery p = ParseQuery("a \"b c");
  EXPECT_EQ(DebugString(p.root), "AND(word:a phrase:\"b c\")");
  EXPECT_THAT(p.notices, ElementsAre(HasSubstr("unbalanced quote")));
}

TEST(QueryParser, UnbalancedParentheses) {
  ParsedQuery p = ParseQuery("(a OR b");
  EXPECT_EQ(DebugString(p.root), "AND(OR(word:a word:b))");
  EXPECT_THAT(p.notices, ElementsAre(HasSubstr("unbalanced parenthesis")));
  p = ParseQuery("a) b");
  EXPECT_EQ(DebugString(p.root), "AND(word:a word:b)");
  EXPECT_THAT(p.notices, ElementsAre(HasSubstr("unmatched ')'")));
}

TEST(QueryParser, FieldsWithAliasesAndAccents) {
  EXPECT_EQ(Tree("titre:robotique"), "AND(title:(word:robotique))");
  EXPECT_EQ(Tree("Title:\"jumeau numérique\""), "AND(title:(phrase:\"jumeau numérique\"))");
  EXPECT_EQ(Tree("type:call financeur:ADEME"), "AND(kind:(word:call) funder:(word:ADEME))");
  EXPECT_EQ(Tree("titre:(a OR b)"), "AND(title:(OR(word:a word:b)))");
  EXPECT_EQ(Tree("-type:news"), "AND(NOT(kind:(word:news)))");
  EXPECT_EQ(Tree("Échéance:..2026-12-31"), "AND(deadline:[..2026-12-31])");
  EXPECT_EQ(Tree("date:2026-01-01..2026-03-31"), "AND(date:[2026-01-01..2026-03-31])");
  EXPECT_EQ(Tree("date:2026"), "AND(date:[2026..2026])");
  EXPECT_EQ(Tree("budget:100000.."), "AND(budget:[100000..])");
}

TEST(QueryParser, UnknownFieldNamesAreWords) {
  EXPECT_EQ(Tree("10:30 https://x.fr"), "AND(word:10:30 word:https://x.fr)");
}

TEST(QueryParser, LoneFieldIsIgnoredWithANotice) {
  ParsedQuery p = ParseQuery("titre:");
  EXPECT_EQ(DebugString(p.root), "AND()");
  EXPECT_THAT(p.notices, ElementsAre(HasSubstr("titre: has no value")));
  p = ParseQuery("titre: robotique");
  EXPECT_EQ(DebugString(p.root), "AND(word:robotique)");
  EXPECT_THAT(p.notices, ElementsAre(HasSubstr("titre: has no value")));
}

TEST(QueryParser, DanglingOperatorsAreIgnored) {
  ParsedQuery p = ParseQuery("OR a NOT");
  EXPECT_EQ(DebugString(p.root), "AND(word:a)");
  EXPECT_THAT(p.notices, ::testing::Not(IsEmpty()));
}

TEST(QueryParser, WildcardSuffix) {
  EXPECT_EQ(Tree("robot*"), "AND(word:robot*)");
  EXPECT_EQ(Tree("*"), "AND(word:*)");
}

TEST(QueryParser, HugeQueryIsCut) {
  std::string q;
  for (int i = 0; i < 2000; ++i) q += "mot ";
  ParsedQuery p = ParseQuery(q);
  EXPECT_EQ(p.root.children.size(), static_cast<size_t>(kMaxQueryWords));
  EXPECT_THAT(p.notices, ElementsAre(HasSubstr("cut to its first")));
}

TEST(QueryParser, DeepNestingDoesNotRecurseForever) {
  std::string q(100000, '(');
  q += "a";
  ParsedQuery p = ParseQuery(q);
  EXPECT_EQ(DebugString(p.root), "AND(word:a)");
  EXPECT_THAT(p.notices, ::testing::Contains(HasSubstr("nested deeper")));
}

TEST(QueryParser, RecordsByteSpans) {
  ParsedQuery p = ParseQuery("aa robotiqe");
  ASSERT_EQ(p.root.children.size(), 2u);
  EXPECT_EQ(p.root.children[1].begin, 3u);
  EXPECT_EQ(p.root.children[1].end, 11u);
}

TEST(QueryParser, FieldNames) {
  EXPECT_EQ(ParseFieldName("ÉCHÉANCE"), Field::kDeadline);
  EXPECT_EQ(ParseFieldName("pôle"), Field::kCluster);
  EXPECT_EQ(ParseFieldName("nope"), Field::kNone);
  EXPECT_TRUE(IsRangeField(Field::kDate));
  EXPECT_FALSE(IsRangeField(Field::kTitle));
}

}  // namespace
}  // namespace meute::index
