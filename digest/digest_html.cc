// HTML and SVG rendering of a digest. Every corpus string goes through
// EscapeHtmlText / EscapeHtmlAttribute, and only SafeHttpUrl() URLs are linked.

#include <algorithm>
#include <cmath>
#include <string>
#include <vector>

#include "absl/strings/ascii.h"
#include "absl/strings/str_cat.h"
#include "absl/strings/str_format.h"
#include "absl/strings/str_join.h"
#include "absl/strings/str_replace.h"
#include "absl/strings/str_split.h"
#include "digest/digest.h"
#include "digest/digest_calendar.h"
#include "digest/digest_html_common.h"
#include "digest/digest_render.h"
#include "digest/digest_text.h"

namespace meute::digest {
namespace {

// Inline styles: mail clients drop <style> elements, so every element
// carries its own style= attribute, from its tag and its classes (in that
// order; a style= the renderer wrote itself comes last). Sizes in px, no
// flexbox, no selector beyond "first item of a list".
struct StyleRule {
  absl::string_view key;  // "tag", ".class" or "tag.class".
  absl::string_view css;
};
constexpr StyleRule kStyles[] = {
    {"body",
     "margin:0;background:#eef0f6;color:#1d2433;font:16px/1.45 system-ui,-apple-system,'Segoe "
     "UI',Roboto,'Noto Sans','DejaVu Sans',sans-serif;overflow-wrap:anywhere"},
    {".wrap", "max-width:640px;margin:0 auto;padding:10px"},
    {"header", "background:#2b2f77;color:#ffffff;border-radius:14px;padding:14px 16px"},
    {"h1", "margin:0;font-size:21px;line-height:1.25"},
    {".hd", "margin:4px 0 0;font-size:13px;opacity:.88"},
    {".headline",
     "background:#fff7e0;border-left:4px solid #f2a516;border-radius:10px;padding:9px "
     "12px;margin:10px 0;font-size:15px"},
    {"section",
     "background:#ffffff;border-radius:14px;padding:12px 14px;margin:10px 0;box-shadow:0 1px "
     "2px rgba(20,30,60,.08)"},
    {"h2", "font-size:16px;margin:0 0 8px;color:#2b2f77"},
    {"small", "font-weight:400;color:#5b6275;font-size:12.5px"},
    {"ol", "margin:0;padding:0;list-style:none"},
    {"ul", "margin:0;padding:0;list-style:none"},
    {"li", "padding:8px 0;border-top:1px solid #eceef4"},
    {"a", "color:#1a56db;text-decoration:none"},
    {".t", "font-weight:600"},
    {"a.t", "font-size:15px;line-height:1.3"},
    {"span.t", "font-size:15px;line-height:1.3"},
    {".meta", "font-size:13px;color:#5b6275"},
    {".why", "font-size:13.5px;margin-top:2px"},
    {".badge",
     "display:inline-block;font-size:11.5px;font-weight:700;border-radius:999px;padding:1px "
     "8px;margin-right:5px;vertical-align:1px;white-space:nowrap"},
    {".hot", "background:#fde2e1;color:#b42318"},
    {".warm", "background:#feefc7;color:#93370d"},
    {".cool", "background:#e0eaff;color:#2b2f77"},
    {".new", "background:#d1fadf;color:#05603a"},
    {".chips", "margin-top:4px"},
    {".chip",
     "display:inline-block;font-size:12px;background:#eef0fb;border-radius:8px;padding:2px "
     "7px;margin:0 4px 4px 0"},
    {".cons", "margin-top:6px;padding:6px 8px;background:#f6f7fb;border-radius:8px;font-size:13px"},
    {".bar",
     "display:inline-block;height:7px;border-radius:4px;background:#f2a516;vertical-align:"
     "middle;margin-left:6px"},
    {".ex", "font-size:13.5px;color:#333a4d;margin-top:2px"},
    {".fb", "font-size:11.5px;color:#8a90a2;margin:3px 0 0"},
    {".fbl", "color:#8a90a2;text-decoration:underline"},
    {".fbn", "font-size:13px;font-style:italic;color:#5b6275;margin-top:2px"},
    {"figure", "margin:0 0 8px"},
    {"svg", "display:block;width:100%;max-width:480px;height:auto"},
    {"img", "display:block;width:100%;max-width:480px;height:auto;border:0"},
    {"figcaption", "font-size:12px;color:#5b6275;margin-top:4px"},
    {".empty", "color:#5b6275;font-size:14.5px;margin:0"},
    {"footer", "font-size:12px;color:#5b6275;text-align:center;padding:6px 4px 16px"},
};

std::string RuleCss(absl::string_view key) {
  for (const StyleRule& r : kStyles) {
    if (r.key == key) return std::string(r.css);
  }
  return "";
}

// `html` with every start tag given its inline style (kStyles); the first
// <li> of a list loses its top border. The renderers escape '<' and '>' in
// text and attribute values, so every '<' starts a tag; an <svg> element's
// content is copied as it is.
std::string InlineStyles(absl::string_view html) {
  std::string out;
  out.reserve(html.size() * 2);
  std::string previous_tag;
  size_t i = 0;
  while (i < html.size()) {
    const size_t lt = html.find('<', i);
    if (lt == absl::string_view::npos) {
      absl::StrAppend(&out, html.substr(i));
      break;
    }
    absl::StrAppend(&out, html.substr(i, lt - i));
    const size_t gt = html.find('>', lt);
    if (gt == absl::string_view::npos) {
      absl::StrAppend(&out, html.substr(lt));
      break;
    }
    absl::string_view tag = html.substr(lt, gt + 1 - lt);
    i = gt + 1;
    size_t name_end = 1;
    while (name_end < tag.size() && absl::ascii_isalnum(static_cast<unsigned char>(tag[name_end])))
      ++name_end;
    const std::string name(tag.substr(1, name_end - 1));
    if (name.empty()) {  // </...>, <!DOCTYPE>.
      absl::StrAppend(&out, tag);
      continue;
    }
    std::vector<std::string> parts;
    if (std::string css = RuleCss(name); !css.empty()) parts.push_back(std::move(css));
    if (name == "li" && (previous_tag == "ol" || previous_tag == "ul"))
      parts.push_back("border-top:0;padding-top:0");
    std::string classes;
    if (const size_t c = tag.find(" class=\""); c != absl::string_view::npos) {
      const size_t start = c + 8;
      classes = std::string(tag.substr(start, tag.find('"', start) - start));
      for (absl::string_view cls : absl::StrSplit(classes, ' ', absl::SkipEmpty())) {
        for (const std::string& key : {absl::StrCat(".", cls), absl::StrCat(name, ".", cls)}) {
          if (std::string css = RuleCss(key); !css.empty()) parts.push_back(std::move(css));
        }
      }
    }
    previous_tag = name;
    std::string own;
    std::string rest(tag.substr(0, tag.size() - 1));
    if (const size_t st = rest.find(" style=\""); st != std::string::npos) {
      const size_t end = rest.find('"', st + 8);
      own = rest.substr(st + 8, end - st - 8);
      rest.erase(st, end + 1 - st);
    }
    if (!own.empty()) parts.push_back(std::move(own));
    const bool self_closing = !rest.empty() && rest.back() == '/';
    if (self_closing) rest.pop_back();
    absl::StrAppend(&out, rest);
    if (!parts.empty()) absl::StrAppend(&out, " style=\"", absl::StrJoin(parts, ";"), "\"");
    absl::StrAppend(&out, self_closing ? "/>" : ">");
    if (name == "svg") {
      const size_t close = html.find("</svg>", i);
      const size_t stop = close == absl::string_view::npos ? html.size() : close;
      absl::StrAppend(&out, html.substr(i, stop - i));
      i = stop;
    }
  }
  return out;
}

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

// What the picture shows, as text (the <img>'s alt).
std::string PictureAlt(const Digest& d) {
  std::vector<std::string> links;
  for (const DigestPartner& p : d.partners) {
    links.push_back(
        p.shared_themes.empty()
            ? p.cluster.name
            : absl::StrCat(p.cluster.name, " (", absl::StrJoin(p.shared_themes, ", "), ")"));
  }
  return absl::StrCat(d.cluster.name,
                      " et ses partenaires suggérés : ", absl::StrJoin(links, " ; "));
}

void AppendPartners(const Digest& d, const HtmlOptions& options, std::string* out) {
  absl::StrAppend(out, "<section id=\"partenaires\"><h2>Partenaires à appeler</h2>");
  if (d.partners.empty()) {
    absl::StrAppend(out,
                    "<p class=\"empty\">Pas de partenaire suggéré cette semaine.</p></section>");
    return;
  }
  absl::StrAppend(out, "<figure>");
  switch (options.picture) {
    case HtmlPicture::kInlineSvg:
      absl::StrAppend(out, RenderDigestSvg(d));
      break;
    case HtmlPicture::kImage:
      absl::StrAppend(out, "<img src=\"", EscapeHtmlAttribute(options.image_src),
                      "\" width=\"360\" alt=\"", EscapeHtmlAttribute(PictureAlt(d)), "\">");
      break;
    case HtmlPicture::kTable:
      absl::StrAppend(out, RenderDigestPictureTable(d));
      break;
  }
  absl::StrAppend(out,
                  "<figcaption>Votre cluster et ses partenaires suggérés ; sur chaque lien, les "
                  "thèmes que vous partagez. Trait plus épais : partenaire plus "
                  "pertinent.</figcaption></figure><ul>");
  for (const DigestPartner& p : d.partners) {
    absl::StrAppend(out, "<li><div class=\"t\">", H(p.cluster.name), "</div>");
    if (!p.shared_themes.empty()) {
      absl::StrAppend(out, "<div class=\"why\">Thèmes communs : ",
                      JoinEscaped(p.shared_themes, 3, 40, " ; "), "</div>");
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

}  // namespace

std::string RenderDigestHtml(const Digest& d, const HtmlOptions& options) {
  std::string out;
  out.reserve(24 * 1024);
  std::string meta(kHtmlSecurityMeta);
  // A mail client resolves cid: references to the message's own parts.
  if (options.picture == HtmlPicture::kImage) {
    meta = absl::StrReplaceAll(meta, {{"img-src data:", "img-src data: cid:"}});
  }
  absl::StrAppend(&out, "<!DOCTYPE html>\n<html lang=\"fr\"><head><meta charset=\"utf-8\">", meta,
                  "<meta name=\"viewport\" content=\"width=device-width, initial-scale=1\">"
                  "<title>",
                  H(d.cluster.name), " — semaine ", H(d.week),
                  " · Meute</title></head><body><div class=\"wrap\"><header><h1>",
                  H(d.cluster.name), "</h1><p class=\"hd\">Semaine ", H(d.week));
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
  AppendPartners(d, options, &out);
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
  return InlineStyles(out);
}

}  // namespace meute::digest
