// HTML and SVG rendering of a digest. Every corpus string goes through
// EscapeHtmlText / EscapeHtmlAttribute, and only SafeHttpUrl() URLs are linked.

#include <algorithm>
#include <cmath>
#include <string>
#include <vector>

#include "absl/strings/str_cat.h"
#include "absl/strings/str_format.h"
#include "absl/strings/str_join.h"
#include "absl/strings/str_split.h"
#include "digest/digest.h"
#include "digest/digest_calendar.h"
#include "digest/digest_html_common.h"
#include "digest/digest_render.h"
#include "digest/digest_text.h"

namespace meute::digest {
namespace {

constexpr absl::string_view kCss = R"css(
*{box-sizing:border-box}
body{margin:0;background:#eef0f6;color:#1d2433;font:16px/1.45 system-ui,-apple-system,"Segoe UI",Roboto,"Noto Sans","DejaVu Sans",sans-serif;overflow-wrap:anywhere}
.wrap{max-width:640px;margin:0 auto;padding:10px}
header{background:#2b2f77;color:#fff;border-radius:14px;padding:14px 16px}
header h1{margin:0;font-size:1.3rem;line-height:1.25}
header p{margin:4px 0 0;font-size:.82rem;opacity:.88}
.headline{background:#fff7e0;border-left:4px solid #f2a516;border-radius:10px;padding:9px 12px;margin:10px 0;font-size:.93rem}
section{background:#fff;border-radius:14px;padding:12px 14px;margin:10px 0;box-shadow:0 1px 2px rgba(20,30,60,.08)}
h2{font-size:1.02rem;margin:0 0 8px;color:#2b2f77}
h2 small{font-weight:400;color:#5b6275;font-size:.78rem}
ol,ul{margin:0;padding:0;list-style:none}
li{padding:8px 0;border-top:1px solid #eceef4}
li:first-child{border-top:0;padding-top:0}
li:last-child{padding-bottom:0}
a{color:#1a56db;text-decoration:none}
a:hover{text-decoration:underline}
.t{font-weight:600}
li>div>a.t,li>div>span.t{font-size:.93rem;line-height:1.3}
.meta{font-size:.8rem;color:#5b6275}
.why{font-size:.84rem;margin-top:2px}
.badge{display:inline-block;font-size:.72rem;font-weight:700;border-radius:999px;padding:1px 8px;margin-right:5px;vertical-align:1px;white-space:nowrap}
.hot{background:#fde2e1;color:#b42318}.warm{background:#feefc7;color:#93370d}.cool{background:#e0eaff;color:#2b2f77}.new{background:#d1fadf;color:#05603a}
.chips{display:flex;flex-wrap:wrap;gap:4px;margin-top:4px}
.chip{font-size:.76rem;background:#eef0fb;border-radius:8px;padding:2px 7px}
.cons{margin-top:6px;padding:6px 8px;background:#f6f7fb;border-radius:8px;font-size:.82rem}
.bar{display:inline-block;height:7px;border-radius:4px;background:#f2a516;vertical-align:middle;margin-left:6px}
.ex{font-size:.84rem;color:#333a4d;margin-top:2px}
.fb{font-size:.7rem;color:#8a90a2;margin:3px 0 0}.fb a{color:#8a90a2;text-decoration:underline}
.fbn{font-size:.8rem;font-style:italic;color:#5b6275;margin-top:2px}
figure{margin:0}
svg{display:block;width:100%;height:auto}
figcaption{font-size:.76rem;color:#5b6275;margin-top:4px}
.empty{color:#5b6275;font-size:.9rem;margin:0}
footer{font-size:.74rem;color:#5b6275;text-align:center;padding:6px 4px 16px}
)css";

std::string H(absl::string_view s) { return EscapeHtmlText(s); }

std::string DateText(const std::string& ymd, bool with_year) {
  const std::optional<DayNumber> day = ParseDay(ymd);
  if (!day) return "";
  return with_year ? FrenchShortDate(*day) : FrenchDayMonth(*day);
}

std::string CountdownBadge(int days_left) {
  const char* cls = days_left <= 7 ? "hot" : days_left <= 14 ? "warm" : "cool";
  return absl::StrCat("<span class=\"badge ", cls, "\">", H(Countdown(days_left)), "</span>");
}

std::string JoinEscaped(const std::vector<std::string>& raw, size_t max, size_t max_chars,
                        absl::string_view sep = ", ") {
  std::vector<std::string> out;
  for (size_t i = 0; i < raw.size() && i < max; ++i) out.push_back(H(Shorten(raw[i], max_chars)));
  return absl::StrJoin(out, sep);
}

void AppendCalls(const Digest& d, std::string* out) {
  absl::StrAppend(out, "<section id=\"appels\"><h2>Appels à projets à saisir");
  if (d.open_calls > 0) {
    absl::StrAppend(out, " <small>", d.open_calls, d.open_calls > 1 ? " ouverts" : " ouvert",
                    " vous concernent</small>");
  }
  absl::StrAppend(out, "</h2>");
  if (d.calls.empty()) {
    absl::StrAppend(out, "<p class=\"empty\">Aucun appel ne se ferme d’ici ", d.closing_window_days,
                    " jours ni n’a ouvert cette semaine.</p></section>");
    return;
  }
  absl::StrAppend(out, "<ol>");
  for (const DigestCall& c : d.calls) {
    absl::StrAppend(out, "<li><div>");
    if (c.days_left) absl::StrAppend(out, CountdownBadge(*c.days_left));
    if (c.is_new) absl::StrAppend(out, "<span class=\"badge new\">Nouveau</span>");
    absl::StrAppend(out, HtmlLink(Shorten(c.title, 72), c.url, "t"), "</div>");
    std::vector<std::string> facts;
    if (!c.funder.empty()) facts.push_back(H(Shorten(c.funder, 60)));
    if (!c.programme.empty()) facts.push_back(H(Shorten(c.programme, 50)));
    if (c.budget_eur) facts.push_back(H(FrenchEuros(*c.budget_eur)));
    facts.push_back(c.deadline.empty() ? "sans date limite"
                                       : absl::StrCat("clôture ", H(DateText(c.deadline, true))));
    absl::StrAppend(out, "<div class=\"meta\">", absl::StrJoin(facts, " · "), "</div>");
    if (!c.reasons.empty()) {
      absl::StrAppend(out, "<div class=\"why\">Pourquoi vous : ", JoinEscaped(c.reasons, 5, 40),
                      "</div>");
    }
    if (c.consortium && !c.consortium->parts.empty()) {
      absl::StrAppend(out, "<div class=\"cons\"><b>Consortium suggéré</b><div class=\"chips\">");
      for (const DigestConsortiumPart& p : c.consortium->parts) {
        absl::StrAppend(out, "<span class=\"chip\"><b>", H(p.cluster.name), "</b>");
        std::vector<std::string> names;
        for (size_t i = 0; i < p.members.size() && i < 2; ++i) {
          names.push_back(H(Shorten(p.members[i].name, 40)));
        }
        if (!names.empty()) absl::StrAppend(out, " · ", absl::StrJoin(names, ", "));
        if (!p.brings.empty()) {
          absl::StrAppend(out, " <span class=\"meta\">(", JoinEscaped(p.brings, 2, 25), ")</span>");
        }
        absl::StrAppend(out, "</span>");
      }
      absl::StrAppend(out, "</div>");
      if (!c.consortium->uncovered.empty()) {
        absl::StrAppend(out, "<div class=\"meta\">Reste à couvrir : ",
                        JoinEscaped(c.consortium->uncovered, 3, 40), "</div>");
      }
      absl::StrAppend(out, "</div>");
    }
    if (!c.feedback_note.empty()) {
      absl::StrAppend(out, "<div class=\"fbn\">", H(c.feedback_note), "</div>");
    }
    absl::StrAppend(out, HtmlFeedbackLine(d, feedback::SuggestionKind::kCall, c.id), "</li>");
  }
  absl::StrAppend(out, "</ol></section>");
}

void AppendThemes(const Digest& d, std::string* out) {
  absl::StrAppend(out, "<section id=\"themes\"><h2>Thèmes transverses qui montent</h2>");
  if (d.themes.empty()) {
    absl::StrAppend(out,
                    "<p class=\"empty\">Aucun thème transverse en hausse ne vous concerne "
                    "cette semaine.</p></section>");
    return;
  }
  absl::StrAppend(out, "<ul>");
  for (const DigestTheme& t : d.themes) {
    absl::StrAppend(out, "<li><div class=\"t\">", H(Shorten(t.label, 60)),
                    "</div><div class=\"meta\">");
    if (t.rising) {
      const double width = std::clamp((t.trend - 1.0) * 40.0, 6.0, 120.0);
      absl::StrAppend(out, H(FrenchGrowth(t.trend)), " sur les dernières semaines",
                      absl::StrFormat("<span class=\"bar\" style=\"width:%dpx\"></span>",
                                      static_cast<int>(std::lround(width))));
    } else if (t.trend > 1.0) {
      absl::StrAppend(out, H(FrenchGrowth(t.trend)), ", tendance à confirmer");
    } else {
      absl::StrAppend(out, "stable");
    }
    absl::StrAppend(out, " · ", t.size, " documents</div>");
    if (!t.clusters.empty()) {
      absl::StrAppend(out, "<div class=\"chips\">");
      for (size_t i = 0; i < t.clusters.size() && i < 6; ++i) {
        const bool self = t.clusters[i].id == d.cluster.id;
        absl::StrAppend(out, "<span class=\"chip\">", self ? "<b>" : "", H(t.clusters[i].name),
                        self ? "</b>" : "", "</span>");
      }
      if (t.clusters.size() > 6) {
        absl::StrAppend(out, "<span class=\"chip\">+", t.clusters.size() - 6, "</span>");
      }
      absl::StrAppend(out, "</div>");
    }
    absl::StrAppend(out, "</li>");
  }
  absl::StrAppend(out, "</ul></section>");
}

void AppendPartners(const Digest& d, std::string* out) {
  absl::StrAppend(out, "<section id=\"partenaires\"><h2>Partenaires à appeler</h2>");
  if (d.partners.empty()) {
    absl::StrAppend(out,
                    "<p class=\"empty\">Pas de partenaire suggéré cette semaine.</p></section>");
    return;
  }
  absl::StrAppend(out, RenderDigestSvg(d), "<ul>");
  for (const DigestPartner& p : d.partners) {
    absl::StrAppend(out, "<li><div class=\"t\">", H(p.cluster.name), "</div>");
    if (!p.shared_themes.empty()) {
      absl::StrAppend(out,
                      "<div class=\"why\">Thèmes communs : ", JoinEscaped(p.shared_themes, 3, 40),
                      "</div>");
    }
    if (!p.calls.empty()) {
      std::vector<std::string> calls;
      for (size_t i = 0; i < p.calls.size() && i < 2; ++i) {
        std::string s = H(Shorten(p.calls[i].title, 60));
        if (p.calls[i].days_left)
          absl::StrAppend(&s, " (", H(Countdown(*p.calls[i].days_left)), ")");
        calls.push_back(std::move(s));
      }
      absl::StrAppend(out, "<div class=\"why\">À deux sur : ", absl::StrJoin(calls, " ; "),
                      "</div>");
    }
    if (!p.members.empty()) {
      std::vector<std::string> names;
      for (size_t i = 0; i < p.members.size() && i < 2; ++i) {
        std::string s = H(Shorten(p.members[i].name, 40));
        if (!p.members[i].skills.empty()) {
          absl::StrAppend(&s, " <span class=\"meta\">(", H(Shorten(p.members[i].skills[0], 40)),
                          ")</span>");
        }
        names.push_back(std::move(s));
      }
      absl::StrAppend(out, "<div class=\"why\">Membres : ", absl::StrJoin(names, ", "), "</div>");
    }
    if (!p.terms.empty() && p.members.empty()) {
      absl::StrAppend(out, "<div class=\"meta\">Mots communs : ", JoinEscaped(p.terms, 5, 30),
                      "</div>");
    }
    if (!p.feedback_note.empty()) {
      absl::StrAppend(out, "<div class=\"fbn\">", H(p.feedback_note), "</div>");
    }
    absl::StrAppend(out, HtmlFeedbackLine(d, feedback::SuggestionKind::kPartner, p.cluster.id),
                    "</li>");
  }
  absl::StrAppend(out, "</ul></section>");
}

void AppendNews(const Digest& d, std::string* out) {
  absl::StrAppend(out, "<section id=\"actualites\"><h2>À lire</h2>");
  if (d.news.empty()) {
    absl::StrAppend(out,
                    "<p class=\"empty\">Rien de neuf sur vos thèmes cette semaine.</p></section>");
    return;
  }
  absl::StrAppend(out, "<ul>");
  for (const DigestNews& n : d.news) {
    absl::StrAppend(out, "<li>", HtmlLink(Shorten(n.title, 110), n.url, "t"),
                    "<div class=\"meta\">", H(Shorten(n.source, 50)));
    const std::string date = DateText(n.date, false);
    if (!date.empty()) absl::StrAppend(out, ", ", H(date));
    if (!n.reasons.empty()) absl::StrAppend(out, " · <i>", JoinEscaped(n.reasons, 3, 30), "</i>");
    absl::StrAppend(out, "</div>");
    if (!n.excerpt.empty())
      absl::StrAppend(out, "<div class=\"ex\">", H(Shorten(n.excerpt, 200)), "</div>");
    absl::StrAppend(out, "</li>");
  }
  absl::StrAppend(out, "</ul></section>");
}

void AppendBuyers(const Digest& d, std::string* out) {
  absl::StrAppend(out,
                  "<section id=\"acheteurs\"><h2>Donneurs d’ordres qui cherchent ce que font vos "
                  "membres</h2>");
  if (d.buyers.empty()) {
    absl::StrAppend(out,
                    "<p class=\"empty\">Aucun acheteur repéré dans l’actualité récente pour vos "
                    "membres.</p></section>");
    return;
  }
  absl::StrAppend(out, "<ul>");
  for (const DigestBuyer& b : d.buyers) {
    absl::StrAppend(out, "<li>");
    if (!b.buyer.empty())
      absl::StrAppend(out, "<div class=\"t\">", H(Shorten(b.buyer, 60)), "</div>");
    absl::StrAppend(out, "<div class=\"ex\">« ", H(Shorten(b.need.empty() ? b.title : b.need, 180)),
                    " »</div><div class=\"meta\">",
                    HtmlLink(Shorten(b.source.empty() ? b.title : b.source, 50), b.url, ""));
    const std::string date = DateText(b.date, false);
    if (!date.empty()) absl::StrAppend(out, ", ", H(date));
    absl::StrAppend(out, "</div>");
    if (!b.members.empty()) {
      absl::StrAppend(out, "<div class=\"chips\">");
      for (size_t i = 0; i < b.members.size() && i < 3; ++i) {
        const DigestMember& m = b.members[i];
        absl::StrAppend(out, "<span class=\"chip\"><b>", H(Shorten(m.name, 40)), "</b>");
        if (!m.skills.empty()) absl::StrAppend(out, " · ", JoinEscaped(m.skills, 2, 35));
        absl::StrAppend(out, "</span>");
      }
      absl::StrAppend(out, "</div>");
    }
    absl::StrAppend(out, HtmlFeedbackLine(d, feedback::SuggestionKind::kBuyer, b.news_id), "</li>");
  }
  absl::StrAppend(out, "</ul></section>");
}

// ---- The SVG picture -----------------------------------------------------

struct Box {
  double x = 0, y = 0, w = 0, h = 0;
  double cy() const { return y + h / 2; }
};

// A cubic curve from the right middle of `a` to the left middle of `b`.
std::string Curve(const Box& a, const Box& b, double width, const char* colour, bool dashed) {
  const double x1 = a.x + a.w, y1 = a.cy(), x2 = b.x, y2 = b.cy();
  const double mx = (x1 + x2) / 2;
  return absl::StrFormat(
      "<path d=\"M%.1f %.1fC%.1f %.1f %.1f %.1f %.1f %.1f\" fill=\"none\" stroke=\"%s\" "
      "stroke-width=\"%.1f\" stroke-linecap=\"round\"%s/>",
      x1, y1, mx, y1, mx, y2, x2, y2, colour, width, dashed ? " stroke-dasharray=\"4 4\"" : "");
}

// Up to two lines of at most `max_chars` code points each, split at spaces.
std::vector<std::string> WrapLabel(const std::string& raw, size_t max_chars) {
  const std::string s = CollapseSpaces(raw);
  if (Utf8Length(s) <= max_chars) return {s};
  std::vector<std::string> words = absl::StrSplit(s, ' ', absl::SkipEmpty());
  std::string first;
  size_t i = 0;
  for (; i < words.size(); ++i) {
    const std::string candidate = first.empty() ? words[i] : absl::StrCat(first, " ", words[i]);
    if (Utf8Length(candidate) > max_chars && !first.empty()) break;
    first = candidate;
  }
  if (Utf8Length(first) > max_chars) return {Shorten(first, max_chars)};
  std::vector<std::string> rest(words.begin() + static_cast<long>(i), words.end());
  if (rest.empty()) return {first};
  return {first, Shorten(absl::StrJoin(rest, " "), max_chars)};
}

// The words of a theme label up to its first comma: "hydrogène, électrolyse"
// -> "hydrogène".
std::string ThemeHead(const std::string& label) {
  const size_t comma = label.find(',');
  return comma == std::string::npos ? label : label.substr(0, comma);
}

// Centered text lines inside `box`.
std::string BoxText(const Box& box, const std::vector<std::string>& lines, double font_size,
                    const char* colour, bool bold) {
  std::string out;
  const double line_h = font_size * 1.2;
  const double top =
      box.cy() - line_h * (static_cast<double>(lines.size()) - 1) / 2 + font_size * 0.35;
  for (size_t i = 0; i < lines.size(); ++i) {
    absl::StrAppend(&out,
                    absl::StrFormat("<text x=\"%.1f\" y=\"%.1f\" font-size=\"%.1f\" fill=\"%s\" "
                                    "text-anchor=\"middle\"%s>",
                                    box.x + box.w / 2, top + line_h * static_cast<double>(i),
                                    font_size, colour, bold ? " font-weight=\"700\"" : ""),
                    H(lines[i]), "</text>");
  }
  return out;
}

}  // namespace

std::string RenderDigestSvg(const Digest& d) {
  constexpr size_t kMaxPartners = 4;
  constexpr size_t kMaxThemes = 5;
  // Theme nodes: the themes the partners share with the cluster, in order of
  // first mention; without any, the cluster's rising themes.
  std::vector<std::string> themes;
  for (size_t p = 0; p < d.partners.size() && p < kMaxPartners; ++p) {
    for (const std::string& t : d.partners[p].shared_themes) {
      if (themes.size() < kMaxThemes &&
          std::find(themes.begin(), themes.end(), t) == themes.end()) {
        themes.push_back(t);
      }
    }
  }
  if (themes.empty()) {
    for (size_t i = 0; i < d.themes.size() && themes.size() < kMaxThemes; ++i) {
      themes.push_back(d.themes[i].label);
    }
  }
  const size_t partners = std::min(d.partners.size(), kMaxPartners);
  const size_t rows = std::max<size_t>({themes.size(), partners, 1});
  constexpr double kWidth = 360, kRow = 40, kTop = 8, kLegend = 22;
  const double height = kTop * 2 + kRow * static_cast<double>(rows) + kLegend;
  const double body = kRow * static_cast<double>(rows);

  auto column = [&](size_t n, size_t i, double x, double w, double h) {
    const double slot = body / static_cast<double>(std::max<size_t>(n, 1));
    return Box{x, kTop + slot * static_cast<double>(i) + (slot - h) / 2, w, h};
  };
  const Box self = column(1, 0, 4, 96, 56);
  std::vector<Box> theme_boxes, partner_boxes;
  for (size_t i = 0; i < themes.size(); ++i)
    theme_boxes.push_back(column(themes.size(), i, 126, 112, 30));
  for (size_t i = 0; i < partners; ++i) partner_boxes.push_back(column(partners, i, 264, 92, 32));

  std::string out = absl::StrFormat(
      "<figure><svg xmlns=\"http://www.w3.org/2000/svg\" viewBox=\"0 0 %.0f %.0f\" role=\"img\" "
      "aria-labelledby=\"pic-title\" font-family=\"system-ui,-apple-system,'Segoe UI',Roboto,"
      "'DejaVu Sans',sans-serif\">",
      kWidth, height);
  absl::StrAppend(&out, "<title id=\"pic-title\">", H(d.cluster.name),
                  ", ses partenaires suggérés et les thèmes qui les relient</title>");
  // Edges first, under the nodes.
  for (size_t t = 0; t < themes.size(); ++t) {
    absl::StrAppend(&out, Curve(self, theme_boxes[t], 2.0, "#c7cbe6", false));
  }
  for (size_t p = 0; p < partners; ++p) {
    const DigestPartner& partner = d.partners[p];
    const double width = 1.2 + 3.0 * std::clamp(partner.score, 0.0, 1.0);
    bool linked = false;
    for (const std::string& label : partner.shared_themes) {
      const auto it = std::find(themes.begin(), themes.end(), label);
      if (it == themes.end()) continue;
      linked = true;
      absl::StrAppend(&out, Curve(theme_boxes[static_cast<size_t>(it - themes.begin())],
                                  partner_boxes[p], width, "#7fc8c0", false));
    }
    if (!linked) absl::StrAppend(&out, Curve(self, partner_boxes[p], width, "#7fc8c0", true));
  }
  // Nodes.
  absl::StrAppend(&out,
                  absl::StrFormat("<rect x=\"%.1f\" y=\"%.1f\" width=\"%.1f\" height=\"%.1f\" "
                                  "rx=\"14\" fill=\"#2b2f77\"/>",
                                  self.x, self.y, self.w, self.h),
                  BoxText(self, WrapLabel(d.cluster.name, 13), 11.5, "#ffffff", true));
  for (size_t t = 0; t < themes.size(); ++t) {
    const Box& b = theme_boxes[t];
    absl::StrAppend(
        &out,
        absl::StrFormat("<g><title>%s</title><rect x=\"%.1f\" y=\"%.1f\" width=\"%.1f\" "
                        "height=\"%.1f\" rx=\"13\" fill=\"#fff3d6\" stroke=\"#f2a516\"/>",
                        H(themes[t]), b.x, b.y, b.w, b.h),
        BoxText(b, WrapLabel(ThemeHead(themes[t]), 19), 9.5, "#6b3a00", false), "</g>");
  }
  for (size_t p = 0; p < partners; ++p) {
    const Box& b = partner_boxes[p];
    absl::StrAppend(
        &out,
        absl::StrFormat("<g><title>%s</title><rect x=\"%.1f\" y=\"%.1f\" width=\"%.1f\" "
                        "height=\"%.1f\" rx=\"9\" fill=\"#0f766e\"/>",
                        H(d.partners[p].cluster.name), b.x, b.y, b.w, b.h),
        BoxText(b, WrapLabel(d.partners[p].cluster.name, 14), 10, "#ffffff", true), "</g>");
  }
  if (partners == 0 && themes.empty()) {
    absl::StrAppend(&out,
                    absl::StrFormat("<text x=\"130\" y=\"%.1f\" font-size=\"11\" fill=\"#5b6275\">"
                                    "Pas encore de partenaire suggéré</text>",
                                    self.cy() + 4));
  }
  // Legend.
  const double ly = height - 8;
  absl::StrAppend(
      &out,
      absl::StrFormat("<g font-size=\"9.5\" fill=\"#5b6275\"><rect x=\"4\" y=\"%.1f\" width=\"10\" "
                      "height=\"10\" rx=\"3\" fill=\"#2b2f77\"/><text x=\"18\" y=\"%.1f\">votre "
                      "cluster</text><rect x=\"96\" y=\"%.1f\" width=\"10\" height=\"10\" rx=\"5\" "
                      "fill=\"#fff3d6\" stroke=\"#f2a516\"/><text x=\"110\" y=\"%.1f\">thème "
                      "commun</text><rect x=\"196\" y=\"%.1f\" width=\"10\" height=\"10\" rx=\"3\" "
                      "fill=\"#0f766e\"/><text x=\"210\" y=\"%.1f\">partenaire suggéré</text></g>",
                      ly - 9, ly, ly - 9, ly, ly - 9, ly));
  absl::StrAppend(&out,
                  "</svg><figcaption>Trait plus épais : partenaire plus pertinent. Pointillés : "
                  "lien sans thème commun nommé.</figcaption></figure>");
  return out;
}

std::string RenderDigestHtml(const Digest& d) {
  std::string out;
  out.reserve(24 * 1024);
  absl::StrAppend(&out, "<!DOCTYPE html>\n<html lang=\"fr\"><head><meta charset=\"utf-8\">",
                  kHtmlSecurityMeta,
                  "<meta name=\"viewport\" content=\"width=device-width, initial-scale=1\">"
                  "<title>",
                  H(d.cluster.name), " — semaine ", H(d.week), " · Meute</title><style>", kCss,
                  "</style></head><body><div class=\"wrap\"><header><h1>", H(d.cluster.name),
                  "</h1><p>Semaine ", H(d.week));
  if (std::optional<DayNumber> today = ParseDay(d.today))
    absl::StrAppend(&out, " · ", H(FrenchLongDate(*today)));
  std::vector<std::string> facts;
  if (!d.sectors.empty()) facts.push_back(JoinEscaped(d.sectors, 3, 40));
  if (!d.city.empty()) facts.push_back(H(d.city));
  if (d.member_count > 0) facts.push_back(absl::StrCat(d.member_count, " membres"));
  if (!facts.empty()) absl::StrAppend(&out, "<br>", absl::StrJoin(facts, " · "));
  absl::StrAppend(&out, "</p></header><div class=\"headline\"><b>Cette semaine :</b> ",
                  H(DigestHeadline(d)), "</div>");
  AppendCalls(d, &out);
  AppendPartners(d, &out);
  AppendThemes(d, &out);
  AppendBuyers(d, &out);
  AppendNews(d, &out);
  if (!d.feedback_notes.empty()) {
    absl::StrAppend(&out, "<section><h2>Vos réponses</h2><ul>");
    for (const DigestFeedbackNote& n : d.feedback_notes) {
      absl::StrAppend(&out, "<li><div class=\"fbn\">", H(n.text), "</div><p class=\"fb\">réf. ",
                      H(n.id), "</p></li>");
    }
    absl::StrAppend(&out, "</ul></section>");
  }
  absl::StrAppend(&out,
                  "<footer>Meute · chasser en meute. Suggestions calculées sur le corpus "
                  "régional, avec leurs raisons : à vérifier avant de décrocher le "
                  "téléphone.</footer></div></body></html>\n");
  return out;
}

}  // namespace meute::digest
