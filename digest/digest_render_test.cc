#include "digest/digest_render.h"

#include <gmock/gmock.h>
#include <gtest/gtest.h>

#include <algorithm>
#include <string>
#include <vector>

#include "absl/strings/ascii.h"
#include "absl/strings/escaping.h"
#include "absl/strings/match.h"
#include "absl/strings/str_split.h"
#include "digest/digest_testing.h"

namespace meute::digest {
namespace {

using ::testing::HasSubstr;
using ::testing::Not;

struct Attribute {
  std::string tag;
  std::string name;
  std::string value;  // Raw, entities not decoded.
};

struct ScannedHtml {
  std::vector<std::string> tags;  // Start tags, lower case.
  std::vector<Attribute> attributes;
  bool well_formed = true;
};

// A small tokenizer for the HTML our renderers write: start tags with quoted
// or bare attributes, end tags, <!DOCTYPE>, text. Enough to prove which tags
// and attributes exist (the end-to-end tests use Python's html.parser too).
ScannedHtml Scan(const std::string& html) {
  ScannedHtml out;
  size_t i = 0;
  auto is_space = [](char c) {
    return c == ' ' || c == '\n' || c == '\t' || c == '\r' || c == '\f';
  };
  while ((i = html.find('<', i)) != std::string::npos) {
    ++i;
    if (i >= html.size()) break;
    if (html[i] == '!' || html[i] == '/') {
      i = html.find('>', i);
      if (i == std::string::npos) {
        out.well_formed = false;
        break;
      }
      continue;
    }
    size_t start = i;
    while (i < html.size() && !is_space(html[i]) && html[i] != '>' && html[i] != '/') ++i;
    const std::string tag = absl::AsciiStrToLower(html.substr(start, i - start));
    out.tags.push_back(tag);
    while (i < html.size() && html[i] != '>') {
      if (is_space(html[i]) || html[i] == '/') {
        ++i;
        continue;
      }
      start = i;
      while (i < html.size() && !is_space(html[i]) && html[i] != '=' && html[i] != '>') ++i;
      Attribute attr{tag, absl::AsciiStrToLower(html.substr(start, i - start)), ""};
      if (i < html.size() && html[i] == '=') {
        ++i;
        if (i < html.size() && (html[i] == '"' || html[i] == '\'')) {
          const char q = html[i++];
          const size_t end = html.find(q, i);
          if (end == std::string::npos) {
            out.well_formed = false;
            return out;
          }
          attr.value = html.substr(i, end - i);
          i = end + 1;
        } else {
          start = i;
          while (i < html.size() && !is_space(html[i]) && html[i] != '>') ++i;
          attr.value = html.substr(start, i - start);
        }
      }
      out.attributes.push_back(attr);
    }
  }
  return out;
}

void ExpectNothingRuns(const std::string& html) {
  const ScannedHtml scan = Scan(html);
  ASSERT_TRUE(scan.well_formed);
  for (const std::string& tag : scan.tags) {
    EXPECT_THAT(tag, Not(::testing::AnyOf("script", "img", "iframe", "object", "embed", "link",
                                          "base", "form", "meta-refresh", "foreignobject")));
  }
  for (const Attribute& a : scan.attributes) {
    EXPECT_FALSE(absl::StartsWith(a.name, "on")) << a.tag << " " << a.name << "=" << a.value;
    EXPECT_NE(a.name, "src") << a.tag;
    if (a.name == "href") {
      EXPECT_TRUE(absl::StartsWith(a.value, "https://") || absl::StartsWith(a.value, "http://"))
          << a.value;
    }
    EXPECT_FALSE(absl::StrContains(absl::AsciiStrToLower(a.value), "javascript:"))
        << a.name << "=" << a.value;
  }
  EXPECT_THAT(html, Not(HasSubstr("<!--")));
  EXPECT_THAT(html, Not(HasSubstr("\x1b")));
}

TEST(DigestMarkdown, ShowsEverySectionWithCountdownsAndConsortium) {
  const std::string md = RenderDigestMarkdown(testing::SampleDigest());
  EXPECT_THAT(md, HasSubstr("# Mipyrail — semaine 2026-W48"));
  EXPECT_THAT(md, HasSubstr("lundi 23 novembre 2026"));
  EXPECT_THAT(md, HasSubstr("**J-11** · [Navettes autonomes sur les lignes de desserte fine du "
                            "territoire](https://appels.example.org/readynov/navettes-autonomes)"));
  EXPECT_THAT(md, HasSubstr("**J-102** · **Nouveau** · [Écosystèmes hydrogène"));
  EXPECT_THAT(md, HasSubstr("Consortium suggéré : **Mipyrail** (Rail’Tech Occitanie) + **Robotics "
                            "Place** (Perceptio Robotique, Navia Systèmes) + **Automotech**"));
  EXPECT_THAT(md, HasSubstr("reste à couvrir : acceptabilité sociale"));
  EXPECT_THAT(md, HasSubstr("2,5\u202fM€"));
  EXPECT_THAT(md, HasSubstr("## Thèmes transverses qui montent"));
  EXPECT_THAT(md, HasSubstr("+140\u202f% sur les dernières semaines"));
  EXPECT_THAT(md, HasSubstr("## Partenaires à appeler"));
  EXPECT_THAT(md, HasSubstr("## Donneurs d’ordres qui cherchent ce que font vos membres"));
  EXPECT_THAT(md, HasSubstr("Rail’Tech Occitanie (surveillance de la voie, capteurs)"));
  EXPECT_THAT(md, HasSubstr("Rail & Territoires"));
  EXPECT_THAT(md,
              HasSubstr("> **Cette semaine :** 2 appels se ferment d’ici 30 jours (le premier à "
                        "J-11) ; 1 nouvel appel cette semaine ; en hausse : hydrogène"));
}

TEST(DigestMarkdown, HostileTextStaysText) {
  const std::string md = RenderDigestMarkdown(testing::HostileDigest());
  // Every < is backslash-escaped, so no Markdown viewer sees a tag.
  for (size_t at = md.find('<'); at != std::string::npos; at = md.find('<', at + 1)) {
    ASSERT_GT(at, 0u);
    EXPECT_EQ(md[at - 1], '\\') << md.substr(at, 20);
  }
  EXPECT_THAT(md, Not(HasSubstr("](javascript")));
  EXPECT_THAT(md, Not(HasSubstr("](data:")));
  EXPECT_THAT(md, HasSubstr("\\<script\\>alert(1)\\</script\\>"));
}

TEST(DigestMarkdown, EmptySectionsSaySo) {
  const std::string md = RenderDigestMarkdown(testing::EmptyDigest());
  EXPECT_THAT(md, HasSubstr("Aucun appel ouvert pour Cosmed ne se ferme d’ici 30 jours"));
  EXPECT_THAT(md, HasSubstr("Pas de partenaire suggéré"));
  EXPECT_THAT(md, HasSubstr("Rien d’urgent cette semaine"));
}

TEST(DigestHtml, IsSelfContainedAndPhoneReady) {
  const std::string html = RenderDigestHtml(testing::SampleDigest());
  EXPECT_TRUE(absl::StartsWith(html, "<!DOCTYPE html>"));
  EXPECT_THAT(
      html, HasSubstr("<meta name=\"viewport\" content=\"width=device-width, initial-scale=1\">"));
  EXPECT_THAT(html, HasSubstr("Content-Security-Policy"));
  EXPECT_THAT(html, HasSubstr("<svg "));
  // Mail clients drop <style>: every element styles itself.
  EXPECT_THAT(html, Not(HasSubstr("<style")));
  for (const char* tag : {"<body style=\"", "<section id=\"appels\" style=\"", "<h2 style=\"",
                          "<header style=\"", "<footer style=\""}) {
    EXPECT_THAT(html, HasSubstr(tag)) << tag;
  }
  // No external resource of any kind.
  for (const char* needle : {"src=", "<link", "@import", "url(", "<script"}) {
    EXPECT_THAT(html, Not(HasSubstr(needle))) << needle;
  }
  const ScannedHtml scan = Scan(html);
  ASSERT_TRUE(scan.well_formed);
  for (const Attribute& a : scan.attributes) {
    if (a.name == "href") {
      EXPECT_TRUE(absl::StartsWith(a.value, "https://")) << a.value;
    }
  }
  ExpectNothingRuns(html);
}

TEST(DigestHtml, ShowsTheContent) {
  const std::string html = RenderDigestHtml(testing::SampleDigest());
  EXPECT_THAT(html, HasSubstr("<span class=\"badge warm\" style=\"display:inline-block;"));
  EXPECT_THAT(html, HasSubstr("background:#feefc7;color:#93370d\">J-11</span>"));
  EXPECT_THAT(html, HasSubstr("background:#d1fadf;color:#05603a\">Nouveau</span>"));
  EXPECT_THAT(html, HasSubstr("href=\"https://appels.example.org/readynov/navettes-autonomes\""));
  EXPECT_THAT(html, HasSubstr("Rail &amp; Territoires"));
  EXPECT_THAT(html, HasSubstr("Consortium suggéré"));
  EXPECT_THAT(html, HasSubstr("Perceptio Robotique"));
}

TEST(DigestHtml, HostileCorpusTextRunsNothing) {
  const std::string html = RenderDigestHtml(testing::HostileDigest());
  ExpectNothingRuns(html);
  EXPECT_THAT(html, HasSubstr("&lt;script&gt;alert(1)&lt;/script&gt;"));
  EXPECT_THAT(html, HasSubstr("&lt;img src=x onerror=alert(1)&gt;"));
  // The one http(s) URL among the hostile ones is kept, percent-encoded.
  EXPECT_THAT(html, HasSubstr("href=\"https://ok.example/%22%3E%3Cscript%3E"));
}

// The text lines (<tspan>s) of each <g class="KIND"> of an SVG, in order.
std::vector<std::vector<std::string>> GroupLines(const std::string& svg, absl::string_view kind) {
  std::vector<std::vector<std::string>> out;
  const std::string open = absl::StrCat("<g class=\"", kind, "\">");
  for (size_t at = svg.find(open); at != std::string::npos; at = svg.find(open, at + 1)) {
    const size_t end = svg.find("</g>", at);
    std::vector<std::string> lines;
    for (size_t t = svg.find("<tspan", at); t < end; t = svg.find("<tspan", t + 1)) {
      const size_t gt = svg.find('>', t) + 1;
      lines.push_back(svg.substr(gt, svg.find("</tspan>", gt) - gt));
    }
    out.push_back(std::move(lines));
  }
  return out;
}

// Lines joined back: with a space, or without the "-" of a cut word.
std::string Unwrap(const std::vector<std::string>& lines) {
  std::string out;
  for (const std::string& l : lines) {
    if (!out.empty() && out.back() == '-') {
      out.pop_back();
    } else if (!out.empty()) {
      out += ' ';
    }
    out += l;
  }
  return out;
}

TEST(DigestSvg, DrawsTheClusterAmongItsOwnPartners) {
  const Digest d = testing::SampleDigest();
  const std::string svg = RenderDigestSvg(d);
  EXPECT_TRUE(absl::StartsWith(svg, "<svg xmlns=\"http://www.w3.org/2000/svg\" width=\"360\""));
  EXPECT_THAT(svg, HasSubstr(">Mipyrail</tspan>"));
  // A box per partner, in the digest's order, each link labelled with the
  // themes that partner shares with the cluster.
  const auto partners = GroupLines(svg, "partner");
  const auto links = GroupLines(svg, "link");
  ASSERT_EQ(partners.size(), d.partners.size());
  ASSERT_EQ(links.size(), d.partners.size());
  for (size_t i = 0; i < d.partners.size(); ++i) {
    EXPECT_EQ(Unwrap(partners[i]), d.partners[i].cluster.name);
    if (d.partners[i].shared_themes.empty()) {
      EXPECT_EQ(Unwrap(links[i]), "sans thème commun nommé");
    } else {
      const std::string label = Unwrap(links[i]);
      for (size_t t = 0; t < d.partners[i].shared_themes.size() && t < 2; ++t) {
        EXPECT_THAT(label, HasSubstr(d.partners[i].shared_themes[t])) << i;
      }
    }
  }
  // Readable on a phone: every text 14 units high in a 360-wide viewBox.
  for (size_t at = svg.find("font-size=\""); at != std::string::npos;
       at = svg.find("font-size=\"", at + 1)) {
    EXPECT_EQ(svg.substr(at, 14), "font-size=\"14\"");
  }
}

TEST(DigestSvg, DiffersWithTheCluster) {
  Digest a = testing::SampleDigest();
  Digest b = a;
  b.cluster = {"cosmed", "Cosmed"};
  b.partners.erase(b.partners.begin());
  std::reverse(b.partners.begin(), b.partners.end());
  b.partners[0].shared_themes = {"cosmétique, actifs, solvants"};
  const std::string svg_a = RenderDigestSvg(a), svg_b = RenderDigestSvg(b);
  EXPECT_NE(svg_a, svg_b);
  EXPECT_EQ(Unwrap(GroupLines(svg_b, "partner")[0]), b.partners[0].cluster.name);
  EXPECT_THAT(Unwrap(GroupLines(svg_b, "link")[0]), HasSubstr("cosmétique, actifs, solvants"));
  EXPECT_THAT(svg_a, Not(HasSubstr("cosmétique")));
}

TEST(DigestSvg, LongNamesAreWrappedNeverCut) {
  Digest d = testing::SampleDigest();
  d.partners[0].cluster.name = "Pôle européen d’innovation fruits et légumes du Sud-Ouest";
  d.partners[0].shared_themes = {"réutilisation des eaux usées traitées pour l’irrigation",
                                 "Qualiméditerranéennement"};
  const std::string svg = RenderDigestSvg(d);
  const auto partners = GroupLines(svg, "partner");
  const auto links = GroupLines(svg, "link");
  EXPECT_EQ(Unwrap(partners[0]), d.partners[0].cluster.name);
  EXPECT_GT(partners[0].size(), 1u);
  EXPECT_EQ(Unwrap(links[0]),
            absl::StrCat(d.partners[0].shared_themes[0], " ", d.partners[0].shared_themes[1]));
}

TEST(DigestPicture, TableNamesTheSamePartnersAndThemes) {
  const Digest d = testing::SampleDigest();
  const std::string table = RenderDigestPictureTable(d);
  EXPECT_TRUE(absl::StartsWith(table, "<table role=\"presentation\""));
  for (const DigestPartner& p : d.partners) {
    EXPECT_THAT(table, HasSubstr(p.cluster.name));
    if (!p.shared_themes.empty()) {
      EXPECT_THAT(table, HasSubstr(p.shared_themes[0]));
    }
  }
  EXPECT_THAT(table, Not(HasSubstr("class=")));
}

TEST(DigestPicture, PngFromLibrsvg) {
  // librsvg2 is a dependency (scripts/install-deps.sh): it must load here.
  ASSERT_TRUE(PictureRasterizerAvailable());
  absl::StatusOr<std::string> png = RenderDigestPng(testing::SampleDigest());
  ASSERT_TRUE(png.ok()) << png.status();
  ASSERT_GT(png->size(), 1000u);
  EXPECT_EQ(png->substr(0, 8), std::string("\x89PNG\r\n\x1a\n", 8));
  // IHDR: 720 pixels wide (twice the SVG).
  const auto u32 = [&](size_t at) {
    return (static_cast<unsigned char>((*png)[at]) << 24) |
           (static_cast<unsigned char>((*png)[at + 1]) << 16) |
           (static_cast<unsigned char>((*png)[at + 2]) << 8) |
           static_cast<unsigned char>((*png)[at + 3]);
  };
  EXPECT_EQ(u32(16), 720u);
  EXPECT_GT(u32(20), 100u);
}

TEST(DigestSvg, HostileLabelsAreEscaped) {
  const std::string svg = RenderDigestSvg(testing::HostileDigest());
  ExpectNothingRuns(svg);
}

TEST(DigestEmail, SubjectAndHeadline) {
  EXPECT_EQ(DigestSubject(testing::SampleDigest()),
            "Meute · Mipyrail · semaine 48 — 2 appels à échéance, 1 nouveau");
  EXPECT_EQ(DigestSubject(testing::EmptyDigest()),
            "Meute · Cosmed · semaine 2 — thèmes et partenaires de la semaine");
}

// Decodes quoted-printable (CRLF lines, soft breaks).
std::string DecodeQp(absl::string_view qp) {
  std::string out;
  for (size_t i = 0; i < qp.size(); ++i) {
    if (qp[i] == '=' && i + 2 < qp.size() && qp[i + 1] == '\r' && qp[i + 2] == '\n') {
      i += 2;
    } else if (qp[i] == '=' && i + 2 < qp.size()) {
      out.push_back(static_cast<char>(std::stoi(std::string(qp.substr(i + 1, 2)), nullptr, 16)));
      i += 2;
    } else if (qp[i] == '\r') {
      continue;
    } else {
      out.push_back(qp[i]);
    }
  }
  return out;
}

TEST(DigestEmail, IsMultipartAlternativeWithBothBodies) {
  const Digest d = testing::SampleDigest();
  EmailOptions table;
  table.picture = EmailOptions::Picture::kTable;
  absl::StatusOr<std::string> mail = RenderDigestEmail(d, table);
  ASSERT_TRUE(mail.ok()) << mail.status();
  const size_t split = mail->find("\r\n\r\n");
  ASSERT_NE(split, std::string::npos);
  const std::string headers = mail->substr(0, split);
  EXPECT_THAT(headers, HasSubstr("Date: Mon, 23 Nov 2026 07:00:00 +0100\r\n"));
  EXPECT_THAT(headers, HasSubstr("From: Meute <meute@localhost>\r\n"));
  EXPECT_THAT(headers, HasSubstr("To: mipyrail@localhost\r\n"));
  EXPECT_THAT(headers, HasSubstr("MIME-Version: 1.0\r\n"));
  EXPECT_THAT(headers, HasSubstr("Message-ID: <digest.2026-W48.mipyrail."));
  EXPECT_THAT(headers, HasSubstr("Content-Type: multipart/alternative; boundary=\"=_meute_"));

  // Subject: encoded-words that decode to the French subject.
  const size_t s = headers.find("Subject: ");
  ASSERT_NE(s, std::string::npos);
  const size_t e = headers.find("\r\nMessage-ID");
  std::string decoded;
  for (absl::string_view word : absl::StrSplit(headers.substr(s + 9, e - s - 9), "\r\n ")) {
    ASSERT_TRUE(absl::StartsWith(word, "=?UTF-8?B?")) << word;
    ASSERT_TRUE(absl::EndsWith(word, "?=")) << word;
    EXPECT_LE(word.size(), 75u);
    std::string bytes;
    ASSERT_TRUE(absl::Base64Unescape(word.substr(10, word.size() - 12), &bytes));
    decoded += bytes;
  }
  EXPECT_EQ(decoded, DigestSubject(d));

  // Every line within RFC 5322's limit, CRLF only.
  for (absl::string_view line : absl::StrSplit(*mail, "\r\n")) {
    EXPECT_LE(line.size(), 78u) << line;
    EXPECT_EQ(line.find('\n'), absl::string_view::npos);
  }

  // Both parts decode to the renderers' output.
  const size_t b = headers.find("boundary=\"") + 10;
  const std::string boundary = headers.substr(b, headers.find('"', b) - b);
  std::vector<std::string> parts = absl::StrSplit(*mail, absl::StrCat("\r\n--", boundary));
  ASSERT_EQ(parts.size(), 4u);  // Preamble, text, html, "--" epilogue.
  EXPECT_EQ(parts[3], "--\r\n");
  auto body = [](const std::string& part) { return part.substr(part.find("\r\n\r\n") + 4); };
  EXPECT_THAT(parts[1], HasSubstr("Content-Type: text/plain; charset=UTF-8"));
  EXPECT_THAT(parts[2], HasSubstr("Content-Type: text/html; charset=UTF-8"));
  EXPECT_EQ(DecodeQp(body(parts[1])), RenderDigestMarkdown(d));
  const std::string html = DecodeQp(body(parts[2]));
  EXPECT_EQ(html, RenderDigestHtml(d, {HtmlPicture::kTable, ""}));
  EXPECT_THAT(html, Not(HasSubstr("<svg")));
  EXPECT_THAT(html, Not(HasSubstr("<style")));
  EXPECT_THAT(html, HasSubstr("<table role=\"presentation\""));
}

TEST(DigestEmail, PictureIsARelatedPngPart) {
  const Digest d = testing::SampleDigest();
  EmailOptions png;
  png.picture = EmailOptions::Picture::kPng;
  absl::StatusOr<std::string> mail = RenderDigestEmail(d, png);
  ASSERT_TRUE(mail.ok()) << mail.status();
  for (absl::string_view line : absl::StrSplit(*mail, "\r\n")) EXPECT_LE(line.size(), 78u) << line;
  EXPECT_THAT(*mail, HasSubstr("Content-Type: multipart/related; type=\"text/html\";\r\n"));
  EXPECT_THAT(*mail, HasSubstr("Content-Type: image/png\r\nContent-Transfer-Encoding: base64\r\n"
                               "Content-ID: <partenaires.2026-W48.mipyrail@meute>\r\n"));
  const std::string html =
      RenderDigestHtml(d, {HtmlPicture::kImage, "cid:partenaires.2026-W48.mipyrail@meute"});
  EXPECT_THAT(html, HasSubstr("<img src=\"cid:partenaires.2026-W48.mipyrail@meute\""));
  EXPECT_THAT(html, HasSubstr("img-src data: cid:"));
  EXPECT_THAT(html, Not(HasSubstr("<svg")));
  // The default draws the PNG too, since librsvg is there.
  absl::StatusOr<std::string> auto_mail = RenderDigestEmail(d);
  ASSERT_TRUE(auto_mail.ok());
  EXPECT_EQ(*auto_mail, *mail);
}

TEST(DigestEmail, IsDeterministicAndConfigurable) {
  EmailOptions options;
  options.from = "Agence régionale <veille@adocc.example>";
  options.to = "Animation {name} <{cluster}@clusters.example>";
  absl::StatusOr<std::string> a = RenderDigestEmail(testing::SampleDigest(), options);
  absl::StatusOr<std::string> b = RenderDigestEmail(testing::SampleDigest(), options);
  ASSERT_TRUE(a.ok()) << a.status();
  EXPECT_EQ(*a, *b);
  EXPECT_THAT(*a, HasSubstr("From: =?UTF-8?B?"));
  EXPECT_THAT(*a, HasSubstr("<veille@adocc.example>\r\n"));
  EXPECT_THAT(*a, HasSubstr("To: Animation Mipyrail <mipyrail@clusters.example>\r\n"));
  EXPECT_THAT(*a, HasSubstr("@adocc.example>\r\nMIME-Version"));
}

TEST(DigestEmail, RejectsHeaderInjection) {
  EmailOptions options;
  options.to = "a@b.example\r\nBcc: victim@example.org";
  EXPECT_EQ(RenderDigestEmail(testing::SampleDigest(), options).status().code(),
            absl::StatusCode::kInvalidArgument);
  options.to = "pas une adresse";
  EXPECT_EQ(RenderDigestEmail(testing::SampleDigest(), options).status().code(),
            absl::StatusCode::kInvalidArgument);
}

TEST(DigestEmail, HostileClusterNameStaysInsideEncodedWords) {
  absl::StatusOr<std::string> mail = RenderDigestEmail(testing::HostileDigest());
  ASSERT_TRUE(mail.ok()) << mail.status();
  const std::string headers = mail->substr(0, mail->find("\r\n\r\n"));
  EXPECT_THAT(headers, Not(HasSubstr("<script")));
}

TEST(DigestJson, RoundTripsAndIsStable) {
  for (const Digest& d :
       {testing::SampleDigest(), testing::HostileDigest(), testing::EmptyDigest()}) {
    const std::string json = DigestToJson(d);
    absl::StatusOr<Digest> back = DigestFromJson(json);
    ASSERT_TRUE(back.ok()) << back.status();
    EXPECT_EQ(DigestToJson(*back), json);
    EXPECT_EQ(RenderDigestHtml(*back), RenderDigestHtml(d));
  }
}

TEST(DigestJson, HasDocumentedTopLevelKeysInOrder) {
  const std::string json = DigestToJson(testing::SampleDigest());
  size_t last = 0;
  for (const char* key :
       {"\"format_version\": 1", "\"week\": \"2026-W48\"", "\"today\": \"2026-11-23\"",
        "\"week_end\"", "\"closing_window_days\": 30", "\"cluster\"", "\"subject\"", "\"headline\"",
        "\"open_calls\": 7", "\"calls\"", "\"partners\"", "\"themes\"", "\"buyers\"", "\"news\""}) {
    const size_t at = json.find(key);
    ASSERT_NE(at, std::string::npos) << key;
    EXPECT_GT(at, last) << key;
    last = at;
  }
  EXPECT_THAT(json, HasSubstr("\"days_left\": 11"));
  EXPECT_THAT(json, HasSubstr("\"budget_eur\": 2500000.0"));
}

TEST(DigestJson, RejectsWhatItCannotRead) {
  EXPECT_EQ(DigestFromJson("[1,2]").status().code(), absl::StatusCode::kInvalidArgument);
  EXPECT_EQ(DigestFromJson("{").status().code(), absl::StatusCode::kInvalidArgument);
  EXPECT_EQ(DigestFromJson("{\"format_version\": 99}").status().code(),
            absl::StatusCode::kFailedPrecondition);
  EXPECT_EQ(DigestFromJson("{\"week\": 3}").status().code(), absl::StatusCode::kInvalidArgument);
}

TEST(DigestRender, SameDigestSameBytes) {
  const Digest d = testing::SampleDigest();
  EXPECT_EQ(RenderDigestHtml(d), RenderDigestHtml(d));
  EXPECT_EQ(RenderDigestMarkdown(d), RenderDigestMarkdown(d));
  EXPECT_EQ(DigestToJson(d), DigestToJson(d));
}

}  // namespace
}  // namespace meute::digest
