// Markdown rendering of a digest, and the headline and subject shared by every
// format.

#include <algorithm>
#include <string>
#include <vector>

#include "absl/strings/str_cat.h"
#include "absl/strings/str_join.h"
#include "digest/digest.h"
#include "digest/digest_calendar.h"
#include "digest/digest_html_common.h"
#include "digest/digest_render.h"
#include "digest/digest_text.h"

namespace meute::digest {
namespace {

int CountClosing(const Digest& d) {
  return static_cast<int>(std::count_if(d.calls.begin(), d.calls.end(),
                                        [](const DigestCall& c) { return c.closing_soon; }));
}

int CountNew(const Digest& d) {
  return static_cast<int>(
      std::count_if(d.calls.begin(), d.calls.end(), [](const DigestCall& c) { return c.is_new; }));
}

std::optional<int> SoonestDaysLeft(const Digest& d) {
  std::optional<int> best;
  for (const DigestCall& c : d.calls) {
    if (c.closing_soon && c.days_left && (!best || *c.days_left < *best)) best = c.days_left;
  }
  return best;
}

const DigestTheme* FirstRisingTheme(const Digest& d) {
  for (const DigestTheme& t : d.themes) {
    if (t.rising) return &t;
  }
  return nullptr;
}

// The first words of a theme label, up to its first comma.
std::string ShortThemeName(const std::string& label) {
  const size_t comma = label.find(',');
  return Shorten(comma == std::string::npos ? label : label.substr(0, comma), 32);
}

std::string DayOrEmpty(const std::string& ymd, bool with_year) {
  const std::optional<DayNumber> day = ParseDay(ymd);
  if (!day) return "";
  return with_year ? FrenchShortDate(*day) : FrenchDayMonth(*day);
}

// "Name (skill, skill)" in Markdown.
std::string MdMember(const DigestMember& m, size_t max_skills) {
  std::string out = EscapeMarkdown(m.name);
  if (!m.skills.empty() && max_skills > 0) {
    std::vector<std::string> skills;
    for (size_t i = 0; i < m.skills.size() && i < max_skills; ++i) {
      skills.push_back(EscapeMarkdown(Shorten(m.skills[i], 40)));
    }
    absl::StrAppend(&out, " (", absl::StrJoin(skills, ", "), ")");
  }
  return out;
}

std::string MdJoin(const std::vector<std::string>& raw, size_t max, size_t max_chars,
                   absl::string_view sep = ", ") {
  std::vector<std::string> out;
  for (size_t i = 0; i < raw.size() && i < max; ++i) {
    out.push_back(EscapeMarkdown(Shorten(raw[i], max_chars)));
  }
  return absl::StrJoin(out, sep);
}

// "[title](url)" or the escaped title alone when the URL is not http(s).
std::string MdLink(const std::string& title, const std::string& url) {
  const std::string text = EscapeMarkdown(Shorten(title, 110));
  std::optional<std::string> href = MarkdownUrl(url);
  if (!href) return text;
  return absl::StrCat("[", text, "](", *href, ")");
}

// The discreet suggestion id: "réf. `ID`" (code spans need no escaping).
std::string MdRef(const Digest& d, feedback::SuggestionKind kind, const std::string& target) {
  return absl::StrCat("réf. `", SuggestionIdOf(d, kind, target), "`");
}

void AppendCalls(const Digest& d, std::string* out) {
  absl::StrAppend(out, "## Appels à projets à saisir\n\n");
  if (d.calls.empty()) {
    absl::StrAppend(out, "Aucun appel ouvert pour ", EscapeMarkdown(d.cluster.name),
                    " ne se ferme d’ici ", d.closing_window_days,
                    " jours ni n’a ouvert cette semaine.\n\n");
    return;
  }
  int n = 0;
  for (const DigestCall& c : d.calls) {
    std::vector<std::string> badges;
    if (c.days_left) badges.push_back(absl::StrCat("**", Countdown(*c.days_left), "**"));
    if (c.is_new) badges.push_back("**Nouveau**");
    absl::StrAppend(out, ++n, ". ", absl::StrJoin(badges, " · "), badges.empty() ? "" : " · ",
                    MdLink(c.title, c.url), "  \n");
    std::vector<std::string> facts;
    if (!c.funder.empty()) facts.push_back(EscapeMarkdown(Shorten(c.funder, 60)));
    if (!c.programme.empty()) facts.push_back(EscapeMarkdown(Shorten(c.programme, 50)));
    if (c.budget_eur) facts.push_back(FrenchEuros(*c.budget_eur));
    if (!c.deadline.empty()) {
      facts.push_back(absl::StrCat("clôture ", DayOrEmpty(c.deadline, true)));
    } else {
      facts.push_back("sans date limite");
    }
    absl::StrAppend(out, "   ", absl::StrJoin(facts, " · "), "  \n");
    if (!c.reasons.empty()) {
      absl::StrAppend(out, "   Pourquoi vous : ", MdJoin(c.reasons, 5, 40), "  \n");
    }
    if (c.consortium && !c.consortium->parts.empty()) {
      std::vector<std::string> parts;
      for (const DigestConsortiumPart& p : c.consortium->parts) {
        std::string part = absl::StrCat("**", EscapeMarkdown(Shorten(p.cluster.name, 60)), "**");
        std::vector<std::string> names;
        for (size_t i = 0; i < p.members.size() && i < 2; ++i) {
          names.push_back(EscapeMarkdown(Shorten(p.members[i].name, 40)));
        }
        if (!names.empty()) absl::StrAppend(&part, " (", absl::StrJoin(names, ", "), ")");
        parts.push_back(std::move(part));
      }
      absl::StrAppend(out, "   Consortium suggéré : ", absl::StrJoin(parts, " + "));
      if (!c.consortium->uncovered.empty()) {
        absl::StrAppend(out, " — reste à couvrir : ", MdJoin(c.consortium->uncovered, 3, 40));
      }
      absl::StrAppend(out, "  \n");
    }
    if (!c.feedback_note.empty()) {
      absl::StrAppend(out, "   *", EscapeMarkdown(c.feedback_note), "*  \n");
    }
    absl::StrAppend(out, "   ", MdRef(d, feedback::SuggestionKind::kCall, c.id), "\n");
    absl::StrAppend(out, "\n");
  }
  if (d.open_calls > static_cast<int>(d.calls.size())) {
    absl::StrAppend(out, "*", d.open_calls,
                    " appels ouverts vous concernent en tout (meute calls --cluster ",
                    EscapeMarkdown(d.cluster.id), ").*\n\n");
  }
}

void AppendThemes(const Digest& d, std::string* out) {
  absl::StrAppend(out, "## Thèmes transverses qui montent\n\n");
  if (d.themes.empty()) {
    absl::StrAppend(out, "Aucun thème transverse en hausse ne vous concerne cette semaine.\n\n");
    return;
  }
  for (const DigestTheme& t : d.themes) {
    std::vector<std::string> names;
    for (size_t i = 0; i < t.clusters.size() && i < 5; ++i) {
      names.push_back(EscapeMarkdown(Shorten(t.clusters[i].name, 40)));
    }
    absl::StrAppend(out, "- **", EscapeMarkdown(Shorten(t.label, 60)), "** — ");
    if (t.rising) {
      absl::StrAppend(out, FrenchGrowth(t.trend), " sur les dernières semaines");
    } else if (t.trend > 1.0) {
      absl::StrAppend(out, FrenchGrowth(t.trend), ", tendance à confirmer");
    } else {
      absl::StrAppend(out, "stable");
    }
    absl::StrAppend(out, " · ", t.clusters.size(),
                    t.clusters.size() > 1 ? " clusters" : " cluster");
    if (!names.empty()) absl::StrAppend(out, " : ", absl::StrJoin(names, ", "));
    if (t.clusters.size() > names.size()) absl::StrAppend(out, "…");
    absl::StrAppend(out, "\n");
  }
  absl::StrAppend(out, "\n");
}

void AppendPartners(const Digest& d, std::string* out) {
  absl::StrAppend(out, "## Partenaires à appeler\n\n");
  if (d.partners.empty()) {
    absl::StrAppend(out, "Pas de partenaire suggéré cette semaine.\n\n");
    return;
  }
  for (const DigestPartner& p : d.partners) {
    absl::StrAppend(out, "- **", EscapeMarkdown(Shorten(p.cluster.name, 60)), "**");
    std::vector<std::string> why;
    if (!p.shared_themes.empty()) {
      // Theme labels hold commas: themes are separated by semicolons.
      why.push_back(absl::StrCat("thèmes communs : ", MdJoin(p.shared_themes, 3, 60, " ; ")));
    }
    if (!p.calls.empty()) {
      std::vector<std::string> calls;
      for (size_t i = 0; i < p.calls.size() && i < 2; ++i) {
        std::string s = EscapeMarkdown(Shorten(p.calls[i].title, 60));
        if (p.calls[i].days_left) absl::StrAppend(&s, " (", Countdown(*p.calls[i].days_left), ")");
        calls.push_back(std::move(s));
      }
      why.push_back(absl::StrCat("à deux sur : ", absl::StrJoin(calls, " ; ")));
    }
    if (!p.members.empty()) {
      std::vector<std::string> names;
      for (size_t i = 0; i < p.members.size() && i < 3; ++i)
        names.push_back(MdMember(p.members[i], 1));
      why.push_back(absl::StrCat("membres : ", absl::StrJoin(names, ", ")));
    }
    if (!p.terms.empty()) why.push_back(absl::StrCat("mots communs : ", MdJoin(p.terms, 5, 30)));
    if (!why.empty()) absl::StrAppend(out, " — ", absl::StrJoin(why, " · "));
    if (!p.feedback_note.empty())
      absl::StrAppend(out, " · *", EscapeMarkdown(p.feedback_note), "*");
    absl::StrAppend(out, "  \n  ", MdRef(d, feedback::SuggestionKind::kPartner, p.cluster.id),
                    "\n");
  }
  absl::StrAppend(out, "\n");
}

void AppendNews(const Digest& d, std::string* out) {
  absl::StrAppend(out, "## À lire\n\n");
  if (d.news.empty()) {
    absl::StrAppend(out, "Rien de neuf sur vos thèmes cette semaine.\n\n");
    return;
  }
  for (const DigestNews& n : d.news) {
    absl::StrAppend(out, "- ", MdLink(n.title, n.url), " — ",
                    EscapeMarkdown(Shorten(n.source, 50)));
    const std::string date = DayOrEmpty(n.date, false);
    if (!date.empty()) absl::StrAppend(out, ", ", date);
    if (!n.reasons.empty()) absl::StrAppend(out, " · *", MdJoin(n.reasons, 3, 30), "*");
    absl::StrAppend(out, "\n");
    if (!n.excerpt.empty())
      absl::StrAppend(out, "  ", EscapeMarkdown(Shorten(n.excerpt, 200)), "\n");
  }
  absl::StrAppend(out, "\n");
}

void AppendBuyers(const Digest& d, std::string* out) {
  absl::StrAppend(out, "## Donneurs d’ordres qui cherchent ce que font vos membres\n\n");
  if (d.buyers.empty()) {
    absl::StrAppend(out, "Aucun acheteur repéré dans l’actualité récente pour vos membres.\n\n");
    return;
  }
  for (const DigestBuyer& b : d.buyers) {
    absl::StrAppend(out, "- ");
    if (!b.buyer.empty()) absl::StrAppend(out, "**", EscapeMarkdown(Shorten(b.buyer, 60)), "** — ");
    absl::StrAppend(out, "« ", EscapeMarkdown(Shorten(b.need.empty() ? b.title : b.need, 180)),
                    " » (", MdLink(b.source.empty() ? b.title : b.source, b.url));
    const std::string date = DayOrEmpty(b.date, false);
    if (!date.empty()) absl::StrAppend(out, ", ", date);
    absl::StrAppend(out, ")\n");
    if (!b.members.empty()) {
      std::vector<std::string> names;
      for (size_t i = 0; i < b.members.size() && i < 3; ++i)
        names.push_back(MdMember(b.members[i], 2));
      absl::StrAppend(out, "  Vos membres qui peuvent répondre : ", absl::StrJoin(names, " ; "),
                      "\n");
    }
    if (!b.group.empty()) {
      std::vector<std::string> names;
      for (const DigestClusterRef& c : b.group) names.push_back(EscapeMarkdown(c.name));
      absl::StrAppend(out, "  Avec, pour répondre ensemble : ", absl::StrJoin(names, ", "), "\n");
    }
    absl::StrAppend(out, "  ", MdRef(d, feedback::SuggestionKind::kBuyer, b.news_id), "\n");
  }
  absl::StrAppend(out, "\n");
}

}  // namespace

std::string DigestHeadline(const Digest& d) {
  std::vector<std::string> parts;
  const int closing = CountClosing(d);
  if (closing > 0) {
    std::string s =
        closing == 1
            ? absl::StrCat("1 appel se ferme d’ici ", d.closing_window_days, " jours")
            : absl::StrCat(closing, " appels se ferment d’ici ", d.closing_window_days, " jours");
    if (std::optional<int> soonest = SoonestDaysLeft(d)) {
      absl::StrAppend(&s, closing == 1 ? " (" : " (le premier à ", Countdown(*soonest), ")");
    }
    parts.push_back(std::move(s));
  }
  const int fresh = CountNew(d);
  if (fresh > 0) {
    parts.push_back(fresh == 1 ? "1 nouvel appel cette semaine"
                               : absl::StrCat(fresh, " nouveaux appels cette semaine"));
  }
  if (const DigestTheme* t = FirstRisingTheme(d)) {
    parts.push_back(absl::StrCat("en hausse : ", ShortThemeName(t->label)));
  }
  if (!d.buyers.empty()) {
    parts.push_back(d.buyers.size() == 1
                        ? "1 donneur d’ordres cherche ce que font vos membres"
                        : absl::StrCat(d.buyers.size(),
                                       " donneurs d’ordres cherchent ce que font vos membres"));
  }
  if (parts.empty())
    return "Rien d’urgent cette semaine : voici les thèmes et les partenaires à suivre.";
  std::string out = absl::StrJoin(parts, " ; ");
  out.append(".");
  return out;
}

std::string DigestSubject(const Digest& d) {
  std::string week_number = d.week;
  if (const size_t w = d.week.find('W'); w != std::string::npos) {
    week_number = d.week.substr(w + 1);
    if (week_number.size() == 2 && week_number[0] == '0') week_number.erase(0, 1);
  }
  std::string what;
  const int closing = CountClosing(d);
  const int fresh = CountNew(d);
  if (closing > 0) {
    what = closing == 1 ? "1 appel à échéance" : absl::StrCat(closing, " appels à échéance");
    if (fresh > 0) absl::StrAppend(&what, ", ", fresh, fresh == 1 ? " nouveau" : " nouveaux");
  } else if (fresh > 0) {
    what = fresh == 1 ? "1 nouvel appel" : absl::StrCat(fresh, " nouveaux appels");
  } else if (const DigestTheme* t = FirstRisingTheme(d)) {
    what = absl::StrCat(ShortThemeName(t->label), " en hausse");
  } else {
    what = "thèmes et partenaires de la semaine";
  }
  return CollapseSpaces(
      absl::StrCat("Meute · ", d.cluster.name, " · semaine ", week_number, " — ", what));
}

std::string RenderDigestMarkdown(const Digest& d) {
  std::string out;
  absl::StrAppend(&out, "# ", EscapeMarkdown(Shorten(d.cluster.name, 80)), " — semaine ",
                  EscapeMarkdown(d.week), "\n\n");
  std::vector<std::string> facts;
  if (std::optional<DayNumber> today = ParseDay(d.today)) facts.push_back(FrenchLongDate(*today));
  if (!d.sectors.empty()) facts.push_back(MdJoin(d.sectors, 3, 40));
  if (!d.city.empty()) facts.push_back(EscapeMarkdown(d.city));
  if (d.member_count > 0) facts.push_back(absl::StrCat(d.member_count, " membres"));
  absl::StrAppend(&out, "*Digest Meute du ", absl::StrJoin(facts, " · "), "*\n\n");
  absl::StrAppend(&out, "> **Cette semaine :** ", EscapeMarkdown(DigestHeadline(d)), "\n\n");
  AppendCalls(d, &out);
  AppendPartners(d, &out);
  AppendThemes(d, &out);
  AppendBuyers(d, &out);
  AppendNews(d, &out);
  if (!d.feedback_notes.empty()) {
    absl::StrAppend(&out, "## Vos réponses\n\n");
    for (const DigestFeedbackNote& n : d.feedback_notes) {
      absl::StrAppend(&out, "- ", EscapeMarkdown(n.text), " — réf. `", n.id, "`\n");
    }
    absl::StrAppend(&out, "\n");
  }
  absl::StrAppend(&out,
                  "*Une suggestion ne vous sert pas ? Répondez avec en objet « meute reject RÉF » "
                  "(ou accept, known pour déjà connu) : elle ne reviendra pas.*\n\n");
  absl::StrAppend(&out,
                  "---\n\n*Meute, chasser en meute : suggestions calculées sur le corpus régional, "
                  "avec leurs raisons. À vérifier avant de décrocher le téléphone.*\n");
  return out;
}

}  // namespace meute::digest
