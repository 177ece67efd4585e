#include "digest/digest_text.h"

#include <gmock/gmock.h>
#include <gtest/gtest.h>

#include <string>

namespace meute::digest {
namespace {

TEST(DigestText, HtmlTextCannotOpenATag) {
  EXPECT_EQ(EscapeHtmlText("<script>alert(1)</script> & co"),
            "&lt;script&gt;alert(1)&lt;/script&gt; &amp; co");
  EXPECT_EQ(EscapeHtmlText("R&D l’été « ok »"), "R&amp;D l’été « ok »");
  EXPECT_EQ(EscapeHtmlText("a\x01"
                           "b\x1b"
                           "c\nd\te\x7f"),
            "abc\nd\te");
}

TEST(DigestText, HtmlAttributeCannotCloseTheQuote) {
  EXPECT_EQ(EscapeHtmlAttribute("\" onmouseover='x' `y`\n<"),
            "&quot; onmouseover=&#39;x&#39; &#96;y&#96; &lt;");
}

TEST(DigestText, InvalidUtf8BecomesReplacementCharacter) {
  EXPECT_EQ(EscapeHtmlText("a\xff<b"), "a\xef\xbf\xbd&lt;b");
}

TEST(DigestText, OnlyHttpUrlsAreKept) {
  EXPECT_EQ(SafeHttpUrl("https://news.example.org/a?b=1&c=2").value_or(""),
            "https://news.example.org/a?b=1&c=2");
  EXPECT_EQ(SafeHttpUrl("  HTTP://Example.org/x ").value_or(""), "http://Example.org/x");
  for (const char* bad :
       {"javascript:alert(1)", " JaVaScRiPt:alert(1)", "java\tscript:alert(1)",
        "data:text/html,<script>", "vbscript:x", "//evil.example/x", "/relative", "https://",
        "https:///x", "http:/x", "file:///etc/passwd", "mailto:a@b", ""}) {
    EXPECT_FALSE(SafeHttpUrl(bad).has_value()) << bad;
  }
}

TEST(DigestText, UrlSpecialCharactersArePercentEncoded) {
  EXPECT_EQ(SafeHttpUrl("https://ok.example/\"><script>").value_or(""),
            "https://ok.example/%22%3E%3Cscript%3E");
  EXPECT_EQ(SafeHttpUrl("https://ok.example/été a").value_or(""),
            "https://ok.example/%C3%A9t%C3%A9%20a");
  EXPECT_EQ(MarkdownUrl("https://ok.example/a_(b)").value_or(""), "https://ok.example/a_%28b%29");
  EXPECT_FALSE(MarkdownUrl("javascript:alert(1)").has_value());
}

TEST(DigestText, MarkdownEscapesFormattingAndHtml) {
  EXPECT_EQ(EscapeMarkdown("*gras* _x_ [lien](u) <b> a|b `c` ~d~"),
            "\\*gras\\* \\_x\\_ \\[lien\\](u) \\<b\\> a\\|b \\`c\\` \\~d\\~");
  EXPECT_EQ(EscapeMarkdown("R&D &amp; &#60;"), "R&D \\&amp; \\&#60;");
  EXPECT_EQ(EscapeMarkdown("ligne\nsuivante"), "ligne suivante");
}

TEST(DigestText, ShortenNeverSplitsACharacter) {
  EXPECT_EQ(Shorten("éééééé", 3), "éé…");
  EXPECT_EQ(Shorten("  court   texte ", 40), "court texte");
  EXPECT_EQ(Shorten("hydrogène vert pour les trains régionaux", 20), "hydrogène vert pour…");
  EXPECT_EQ(Utf8Length("été"), 3u);
}

TEST(DigestText, FrenchAmountsAndCountdowns) {
  EXPECT_EQ(FrenchEuros(2'500'000), "2,5\u202fM€");
  EXPECT_EQ(FrenchEuros(1'000'000), "1\u202fM€");
  EXPECT_EQ(FrenchEuros(800'000), "800\u202f000\u202f€");
  EXPECT_EQ(FrenchEuros(950), "950\u202f€");
  EXPECT_EQ(Countdown(12), "J-12");
  EXPECT_EQ(Countdown(0), "Jour J");
  EXPECT_EQ(Countdown(-1), "clos");
  EXPECT_EQ(FrenchGrowth(2.4), "+140\u202f%");
  EXPECT_EQ(FrenchGrowth(0.8), "−20\u202f%");
}

}  // namespace
TEST(WrapText, BreaksAtSpacesAndKeepsEveryCharacter) {
  using ::testing::ElementsAre;
  EXPECT_THAT(WrapText("eau, vigne, traitement", 12), ElementsAre("eau, vigne,", "traitement"));
  EXPECT_THAT(WrapText("  Mipyrail  ", 12), ElementsAre("Mipyrail"));
  EXPECT_THAT(WrapText("Qualiméditerranée", 8), ElementsAre("Qualimé-", "diterra-", "née"));
  EXPECT_THAT(WrapText("a Qualiméditerranée b", 8),
              ElementsAre("a", "Qualimé-", "diterra-", "née b"));
  EXPECT_TRUE(WrapText("", 8).empty());
}

}  // namespace meute::digest
