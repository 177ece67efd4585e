#include "digest/regional_map.h"

#include <algorithm>
#include <cmath>
#include <map>
#include <set>
#include <string>
#include <utility>
#include <vector>

#include "absl/status/status.h"
#include "absl/strings/match.h"
#include "absl/strings/str_cat.h"
#include "absl/strings/str_format.h"
#include "absl/strings/str_join.h"
#include "absl/strings/str_split.h"
#include "digest/digest_calendar.h"
#include "digest/digest_html_common.h"
#include "digest/digest_text.h"

namespace meute::digest {
namespace {

using ingest::Document;
using ingest::Kind;

constexpr double kPi = 3.14159265358979323846;

using Pair = std::pair<std::string, std::string>;

Pair MakePair(const std::string& x, const std::string& y) {
  return x < y ? Pair{x, y} : Pair{y, x};
}

// Folded names by which a news item may name a cluster: its name and, for
// "Fibois Occitanie" or "Agri Sud-Ouest Innovation", the name without its
// last word.
std::vector<std::string> ClusterAliases(const DigestCorpus& corpus, const std::string& id) {
  std::vector<std::string> out;
  const std::string name = FoldForMatching(corpus.ClusterName(id));
  if (Utf8Length(name) >= 4) out.push_back(name);
  for (absl::string_view tail : {" occitanie", " innovation"}) {
    if (absl::EndsWith(name, tail) && name.size() > tail.size() + 4) {
      out.push_back(name.substr(0, name.size() - tail.size()));
    }
  }
  return out;
}

bool NamesAny(absl::string_view folded, const std::vector<std::string>& names) {
  for (const std::string& n : names) {
    if (FindWord(folded, n, /*whole_word=*/true) != absl::string_view::npos) return true;
  }
  return false;
}

// Circle order: start from the cluster with the largest total strength, then
// repeatedly append the unplaced cluster most strongly linked to the last
// one placed (ties by id), so strong links are short chords.
std::vector<std::string> CircleOrder(const std::vector<std::string>& ids,
                                     const std::map<Pair, double>& strength) {
  auto s = [&](const std::string& a, const std::string& b) {
    const auto it = strength.find(MakePair(a, b));
    return it == strength.end() ? 0.0 : it->second;
  };
  std::vector<std::string> order;
  std::set<std::string> left(ids.begin(), ids.end());
  if (left.empty()) return order;
  std::string start = *left.begin();
  double best_total = -1;
  for (const std::string& a : ids) {
    double total = 0;
    for (const std::string& b : ids) total += a == b ? 0 : s(a, b);
    if (total > best_total) {
      best_total = total;
      start = a;
    }
  }
  order.push_back(start);
  left.erase(start);
  while (!left.empty()) {
    std::string next = *left.begin();
    double best = -1;
    for (const std::string& c : left) {
      const double v = s(order.back(), c);
      if (v > best) {
        best = v;
        next = c;
      }
    }
    order.push_back(next);
    left.erase(next);
  }
  return order;
}

}  // namespace

std::string DefaultMapDate(const DigestCorpus& corpus) {
  for (const Document* n : corpus.news()) {  // Newest first.
    if (ParseDay(n->date)) return n->date;
  }
  std::string latest;
  for (const Document& d : corpus.records()) {
    if (ParseDay(d.date) && d.date > latest) latest = d.date;
  }
  return latest;
}

bool MentionsJointProject(absl::string_view folded) {
  static constexpr absl::string_view kWords[] = {
      "lauréat",          "retenu",          "financé",  "financement",   "subvention",
      "consortium",       "appel à projets", "aap",      "projet commun", "projet collaboratif",
      "programme commun", "s'allient",       "co-porté", "groupement",    "partenariat"};
  for (absl::string_view w : kWords) {
    if (FindWord(folded, w) != absl::string_view::npos) return true;
  }
  return false;
}

absl::StatusOr<RegionalMap> BuildRegionalMap(const DigestCorpus& corpus,
                                             const DigestEvidence& evidence,
                                             const RegionalMapOptions& options) {
  RegionalMap map;
  map.as_of = options.as_of;
  if (map.as_of.empty()) map.as_of = DefaultMapDate(corpus);
  const std::optional<DayNumber> as_of_day = ParseDay(map.as_of);
  if (!as_of_day) {
    return absl::InvalidArgumentError(
        absl::StrCat("map date \"", map.as_of, "\" is not YYYY-MM-DD"));
  }
  const std::vector<std::string>& ids = corpus.cluster_ids();
  if (ids.empty()) return absl::NotFoundError("no cluster in the database");

  std::map<Pair, MapLink> links;
  auto link = [&](const std::string& x, const std::string& y) -> MapLink& {
    const Pair p = MakePair(x, y);
    MapLink& l = links[p];
    l.a = p.first;
    l.b = p.second;
    return l;
  };
  for (size_t i = 0; i < ids.size(); ++i) {
    for (size_t j = i + 1; j < ids.size(); ++j) link(ids[i], ids[j]);
  }

  // Themes.
  std::map<Pair, std::vector<std::pair<double, std::string>>> pair_themes;
  for (const ThemeEvidence& t : evidence.Themes(map.as_of)) {
    MapTheme theme{t.id, t.label, t.transversality, t.rising, t.trend, {}};
    for (const auto& [id, share] : t.clusters) {
      if (share >= 0.1) theme.clusters.push_back({id, corpus.ClusterName(id)});
    }
    map.themes.push_back(std::move(theme));
    for (size_t i = 0; i < t.clusters.size(); ++i) {
      for (size_t j = i + 1; j < t.clusters.size(); ++j) {
        const auto& [a, sa] = t.clusters[i];
        const auto& [b, sb] = t.clusters[j];
        if (a == b || sa <= 0 || sb <= 0 || !links.count(MakePair(a, b))) continue;
        const double overlap = std::min(sa, sb);
        link(a, b).theme_score += overlap;
        pair_themes[MakePair(a, b)].push_back({overlap, t.label});
      }
    }
  }
  std::stable_sort(map.themes.begin(), map.themes.end(), [](const MapTheme& x, const MapTheme& y) {
    return x.transversality != y.transversality ? x.transversality > y.transversality : x.id < y.id;
  });

  // Calls: both clusters among the call's best ones.
  std::map<Pair, std::vector<const Document*>> pair_calls;
  for (const Document& call : corpus.records()) {
    if (call.kind != Kind::kCall) continue;
    std::vector<std::string> top;
    for (const std::string& id : ids) {
      const RecordMatch m = evidence.Match(call.id, id);
      if (m.cluster_rank >= 1 && m.cluster_rank <= options.call_top_clusters) top.push_back(id);
    }
    for (size_t i = 0; i < top.size(); ++i) {
      for (size_t j = i + 1; j < top.size(); ++j) {
        ++link(top[i], top[j]).shared_call_count;
        pair_calls[MakePair(top[i], top[j])].push_back(&call);
      }
    }
  }

  // Worked together: news naming both, about a joint project.
  std::map<std::string, std::vector<std::string>> aliases;
  for (const std::string& id : ids) aliases[id] = ClusterAliases(corpus, id);
  std::vector<std::pair<std::string, std::vector<std::string>>>
      organisations;  // (folded name, clusters)
  std::map<Pair, std::set<std::string>> bridges;
  for (const Document& m : corpus.records()) {
    if (m.kind != Kind::kMember) continue;
    const std::string org = m.organisation.empty() ? m.title : m.organisation;
    if (Utf8Length(org) >= 5) organisations.push_back({FoldForMatching(org), m.clusters});
    for (size_t i = 0; i < m.clusters.size(); ++i) {
      for (size_t j = i + 1; j < m.clusters.size(); ++j) {
        if (m.clusters[i] != m.clusters[j])
          bridges[MakePair(m.clusters[i], m.clusters[j])].insert(org);
      }
    }
  }
  for (const Document* n : corpus.news()) {
    if (!n->duplicate_of.empty()) continue;
    const std::string folded = FoldForMatching(absl::StrCat(n->title, "\n", n->text));
    if (!MentionsJointProject(folded)) continue;
    std::set<std::string> named;
    for (const std::string& id : ids) {
      if (NamesAny(folded, aliases[id])) named.insert(id);
    }
    for (const auto& [org, clusters] : organisations) {
      if (FindWord(folded, org, /*whole_word=*/true) != absl::string_view::npos) {
        named.insert(clusters.begin(), clusters.end());
      }
    }
    std::vector<std::string> v(named.begin(), named.end());
    for (size_t i = 0; i < v.size(); ++i) {
      for (size_t j = i + 1; j < v.size(); ++j) {
        if (!links.count(MakePair(v[i], v[j]))) continue;
        MapLink& l = link(v[i], v[j]);
        l.worked_together = true;
        if (l.evidence.size() < 3) l.evidence.push_back({n->id, n->title, n->date, n->url});
      }
    }
  }

  // Strength and readable reasons.
  double max_theme = 0;
  int max_calls = 0;
  for (const auto& [p, l] : links) {
    max_theme = std::max(max_theme, l.theme_score);
    max_calls = std::max(max_calls, l.shared_call_count);
  }
  std::map<Pair, double> strength;
  for (auto& [p, l] : links) {
    l.strength =
        0.5 * ((max_theme > 0 ? l.theme_score / max_theme : 0.0) +
               (max_calls > 0 ? static_cast<double>(l.shared_call_count) / max_calls : 0.0));
    strength[p] = l.strength;
    std::vector<std::pair<double, std::string>>& themes = pair_themes[p];
    std::stable_sort(themes.begin(), themes.end(),
                     [](const auto& x, const auto& y) { return x.first > y.first; });
    for (const auto& [w, label] : themes) {
      if (l.shared_themes.size() < 3 && w >= 0.02) l.shared_themes.push_back(label);
    }
    std::vector<const Document*>& calls = pair_calls[p];
    auto open_rank = [&](const Document* c) {
      const std::optional<DayNumber> deadline = ParseDay(c->deadline);
      return !deadline || *deadline >= *as_of_day ? 0 : 1;
    };
    std::stable_sort(calls.begin(), calls.end(), [&](const Document* x, const Document* y) {
      if (open_rank(x) != open_rank(y)) return open_rank(x) < open_rank(y);
      return x->deadline != y->deadline ? x->deadline < y->deadline : x->id < y->id;
    });
    for (size_t i = 0; i < calls.size() && i < 3; ++i) {
      DigestCallRef ref{calls[i]->id, calls[i]->title, calls[i]->deadline, std::nullopt};
      if (std::optional<DayNumber> d = ParseDay(calls[i]->deadline)) {
        ref.days_left = static_cast<int>(*d - *as_of_day);
      }
      l.shared_calls.push_back(std::move(ref));
    }
    for (const std::string& b : bridges[p]) {
      if (l.bridges.size() < 5) l.bridges.push_back(b);
    }
  }

  for (const std::string& id : CircleOrder(ids, strength)) {
    MapCluster c;
    c.id = id;
    c.name = corpus.ClusterName(id);
    if (const Document* d = corpus.Cluster(id)) {
      c.city = d->city;
      c.sectors = d->sectors;
    }
    c.member_count = corpus.MemberCount(id);
    map.clusters.push_back(std::move(c));
  }
  for (auto& [p, l] : links) {
    l.linked = l.strength >= options.min_strength;
    if (l.strength > 0 || l.worked_together) map.links.push_back(std::move(l));
  }
  map.min_strength = options.min_strength;
  std::stable_sort(map.links.begin(), map.links.end(),
                   [](const MapLink& x, const MapLink& y) { return x.strength > y.strength; });
  return map;
}

// ---- HTML --------------------------------------------------------------------

namespace {

constexpr absl::string_view kMapCss = R"css(
*{box-sizing:border-box}
body{margin:0;background:#eef0f6;color:#1d2433;font:15px/1.45 system-ui,-apple-system,"Segoe UI",Roboto,"Noto Sans","DejaVu Sans",sans-serif;overflow-wrap:anywhere}
.wrap{max-width:980px;margin:0 auto;padding:10px}
header{background:#2b2f77;color:#fff;border-radius:14px;padding:14px 16px}
header h1{margin:0;font-size:1.3rem}
header p{margin:4px 0 0;font-size:.85rem;opacity:.88}
section{background:#fff;border-radius:14px;padding:12px 14px;margin:10px 0;box-shadow:0 1px 2px rgba(20,30,60,.08)}
h2{font-size:1.05rem;margin:0 0 8px;color:#2b2f77}
svg{display:block;width:100%;height:auto;max-width:520px;margin:0 auto}
.legend{font-size:.8rem;color:#5b6275;text-align:center}
table{border-collapse:collapse;width:100%;font-size:.86rem}
th,td{text-align:left;vertical-align:top;padding:6px 4px;border-top:1px solid #eceef4}
th{color:#5b6275;font-weight:600;border-top:0}
.bar{display:inline-block;height:7px;border-radius:4px;background:#e8590c;vertical-align:middle}
.ok{background:#6b7fb5}
.cd{white-space:nowrap}
.meta{color:#5b6275;font-size:.8rem}
.chip{display:inline-block;font-size:.76rem;background:#eef0fb;border-radius:8px;padding:1px 7px;margin:1px 2px}
a{color:#1a56db;text-decoration:none}
@media (max-width:560px){.hide-s{display:none}}
)css";

std::string H(absl::string_view s) { return EscapeHtmlText(s); }

std::string Percent(double v) {
  return absl::StrCat(static_cast<int>(std::lround(v * 100)), "\u202f%");
}

// The map as an arc diagram, readable on a phone: one row per cluster (in
// map.clusters' order, which puts strongly linked clusters side by side),
// its name wrapped (never cut) on the left, its members as a disc, and one
// arc on the right per linked pair (MapLink::linked). The viewBox is 360
// wide and every text 14 high: shown at a phone's 312 px content width, 12 px.
std::string MapSvg(const RegionalMap& map) {
  constexpr double kWidth = 360, kFont = 14, kLine = 17, kNameX = 4, kNodeX = 196;
  constexpr double kRowPad = 9;
  constexpr size_t kNameChars = 21;  // 180 units of 14-unit DejaVu Sans Bold.
  const size_t n = map.clusters.size();
  std::map<std::string, double> row_y;
  std::vector<std::vector<std::string>> names(n);
  double y = 10;
  for (size_t i = 0; i < n; ++i) {
    names[i] = WrapText(map.clusters[i].name, kNameChars);
    const double h = kLine * static_cast<double>(names[i].size()) + 2 * kRowPad;
    row_y[map.clusters[i].id] = y + h / 2;
    y += h;
  }
  const double height = y + 10;
  std::string out = absl::StrFormat(
      "<svg xmlns=\"http://www.w3.org/2000/svg\" viewBox=\"0 0 %.0f %.0f\" width=\"%.0f\" "
      "height=\"%.0f\" role=\"img\" aria-labelledby=\"map-title\" "
      "font-family=\"'DejaVu Sans',Verdana,system-ui,sans-serif\"><title id=\"map-title\">Carte "
      "des clusters d’Occitanie et des liens entre eux</title>",
      kWidth, height, kWidth, height);
  size_t index_a = 0, index_b = 0;
  auto index_of = [&](const std::string& id) {
    for (size_t i = 0; i < n; ++i) {
      if (map.clusters[i].id == id) return i;
    }
    return n;
  };
  // Weakest first so strong links are drawn on top.
  for (auto it = map.links.rbegin(); it != map.links.rend(); ++it) {
    const MapLink& l = *it;
    if (!l.linked || !row_y.count(l.a) || !row_y.count(l.b)) continue;
    index_a = index_of(l.a);
    index_b = index_of(l.b);
    const double y1 = row_y[l.a], y2 = row_y[l.b];
    const double span =
        static_cast<double>(index_a > index_b ? index_a - index_b : index_b - index_a);
    const double bulge = std::min(kWidth - kNodeX - 8, 14 + 10 * span);
    absl::StrAppend(
        &out,
        absl::StrFormat("<path d=\"M%.1f %.1fC%.1f %.1f %.1f %.1f %.1f %.1f\" fill=\"none\" "
                        "stroke=\"%s\" stroke-width=\"%.1f\" stroke-opacity=\"%.2f\"%s><title>",
                        kNodeX, y1, kNodeX + bulge * 1.33, y1, kNodeX + bulge * 1.33, y2, kNodeX,
                        y2, l.worked_together ? "#6b7fb5" : "#e8590c", 1 + 5 * l.strength,
                        0.5 + 0.45 * l.strength,
                        l.worked_together ? "" : " stroke-dasharray=\"6 4\""),
        H(map.clusters[index_a].name), " — ", H(map.clusters[index_b].name), " : ",
        H(Percent(l.strength)));
    if (!l.shared_themes.empty()) absl::StrAppend(&out, " · ", H(l.shared_themes[0]));
    absl::StrAppend(&out, "</title></path>");
  }
  for (size_t i = 0; i < n; ++i) {
    const MapCluster& c = map.clusters[i];
    const double cy = row_y[c.id];
    const double r = 4 + 1.1 * std::sqrt(static_cast<double>(std::max(c.member_count, 0)));
    absl::StrAppend(
        &out,
        absl::StrFormat("<g><title>%s — %d membres</title><circle cx=\"%.1f\" cy=\"%.1f\" "
                        "r=\"%.1f\" fill=\"#2b2f77\" stroke=\"#fff\" stroke-width=\"1.5\"/>"
                        "<text x=\"%.1f\" font-size=\"%.0f\" font-weight=\"600\" fill=\"#1d2433\">",
                        H(c.name), c.member_count, kNodeX, cy, std::min(r, 11.0), kNameX, kFont));
    const double top = cy - kLine * (static_cast<double>(names[i].size()) - 1) / 2 + kFont * 0.35;
    for (size_t k = 0; k < names[i].size(); ++k) {
      absl::StrAppend(&out,
                      absl::StrFormat("<tspan x=\"%.1f\" y=\"%.1f\">", kNameX,
                                      top + kLine * static_cast<double>(k)),
                      H(names[i][k]), "</tspan>");
    }
    absl::StrAppend(&out, "</text></g>");
  }
  absl::StrAppend(&out, "</svg>");
  return out;
}

std::string ClusterName(const RegionalMap& map, const std::string& id) {
  for (const MapCluster& c : map.clusters) {
    if (c.id == id) return c.name;
  }
  return id;
}

}  // namespace

std::string RenderRegionalMapHtml(const RegionalMap& map) {
  std::string out;
  out.reserve(64 * 1024);
  std::string as_of = map.as_of;
  if (std::optional<DayNumber> d = ParseDay(map.as_of)) as_of = FrenchLongDate(*d);
  int never = 0, together = 0;
  for (const MapLink& l : map.links) (l.worked_together ? together : never) += 1;
  absl::StrAppend(
      &out, "<!DOCTYPE html>\n<html lang=\"fr\"><head><meta charset=\"utf-8\">", kHtmlSecurityMeta,
      "<meta name=\"viewport\" content=\"width=device-width, initial-scale=1\"><title>Carte "
      "régionale des clusters · Meute</title><style>",
      kMapCss,
      "</style></head><body><div class=\"wrap\"><header><h1>Carte régionale des "
      "clusters</h1><p>",
      map.clusters.size(), " clusters · situation au ", H(as_of), " · ", together,
      " paires ont déjà travaillé ensemble, ", never, " jamais</p></header>");
  absl::StrAppend(
      &out, "<section><h2>Qui est lié à qui</h2>", MapSvg(map),
      absl::StrFormat(
          "<p class=\"legend\">Un arc relie deux clusters dont le lien atteint %d\u202f%% "
          "(seuil). ",
          static_cast<int>(std::lround(map.min_strength * 100))),
      "Trait plus épais : lien plus fort (thèmes et appels partagés). "
      "<span style=\"color:#6b7fb5\">Trait plein</span> : ont déjà travaillé ensemble. "
      "<span style=\"color:#e8590c\">Pointillés</span> : jamais encore. Disque : nombre de "
      "membres.</p></section>");

  absl::StrAppend(
      &out,
      "<section><h2>Paires à rapprocher</h2><p class=\"meta\">Fortement liées par "
      "leurs thèmes et les appels qu’elles pourraient viser ensemble, sans projet "
      "commun connu.</p><table><tr><th>Paire</th><th>Lien</th><th>Thèmes communs</th>"
      "<th class=\"hide-s\">Appels visés ensemble</th><th class=\"hide-s\">Passerelles</th></tr>");
  int shown = 0;
  for (const MapLink& l : map.links) {
    if (l.worked_together || !l.linked || shown >= 12) continue;
    ++shown;
    std::vector<std::string> calls;
    for (const DigestCallRef& c : l.shared_calls) {
      std::string s = H(Shorten(c.title, 60));
      if (c.days_left && *c.days_left >= 0)
        absl::StrAppend(&s, " <b class=\"cd\">", H(Countdown(*c.days_left)), "</b>");
      calls.push_back(std::move(s));
    }
    std::vector<std::string> themes, bridges;
    for (const std::string& t : l.shared_themes)
      themes.push_back(absl::StrCat("<span class=\"chip\">", H(Shorten(t, 40)), "</span>"));
    for (const std::string& b : l.bridges) bridges.push_back(H(Shorten(b, 40)));
    absl::StrAppend(&out, "<tr><td><b>", H(ClusterName(map, l.a)), "</b> + <b>",
                    H(ClusterName(map, l.b)), "</b></td><td>", H(Percent(l.strength)),
                    absl::StrFormat("<br><span class=\"bar\" style=\"width:%dpx\"></span>",
                                    static_cast<int>(std::lround(4 + 56 * l.strength))),
                    "</td><td>", absl::StrJoin(themes, " "), "</td><td class=\"hide-s\">",
                    absl::StrJoin(calls, "<br>"), " <span class=\"meta\">(", l.shared_call_count,
                    " en tout)</span></td><td class=\"hide-s\">", absl::StrJoin(bridges, ", "),
                    "</td></tr>");
  }
  if (shown == 0)
    absl::StrAppend(
        &out, "<tr><td colspan=\"5\">Toutes les paires liées ont déjà un projet commun.</td></tr>");
  absl::StrAppend(&out, "</table></section>");

  absl::StrAppend(
      &out,
      "<section><h2>Déjà partenaires</h2><table><tr><th>Paire</th><th>Lien</th><th>Preuve "
      "dans l’actualité</th></tr>");
  shown = 0;
  for (const MapLink& l : map.links) {
    if (!l.worked_together || shown >= 12) continue;
    ++shown;
    std::vector<std::string> ev;
    for (const MapEvidence& e : l.evidence) {
      std::string s = HtmlLink(Shorten(e.title, 90), e.url, "");
      if (std::optional<DayNumber> d = ParseDay(e.date))
        absl::StrAppend(&s, " <span class=\"meta\">", H(FrenchShortDate(*d)), "</span>");
      ev.push_back(std::move(s));
    }
    absl::StrAppend(&out, "<tr><td><b>", H(ClusterName(map, l.a)), "</b> + <b>",
                    H(ClusterName(map, l.b)), "</b></td><td>", H(Percent(l.strength)),
                    absl::StrFormat("<br><span class=\"bar ok\" style=\"width:%dpx\"></span>",
                                    static_cast<int>(std::lround(4 + 56 * l.strength))),
                    "</td><td>", absl::StrJoin(ev, "<br>"), "</td></tr>");
  }
  absl::StrAppend(&out, "</table></section>");

  absl::StrAppend(&out,
                  "<section><h2>Thèmes transverses</h2><table><tr><th>Thème</th><th>Clusters</th>"
                  "<th class=\"hide-s\">Transversalité</th></tr>");
  for (size_t i = 0; i < map.themes.size() && i < 10; ++i) {
    const MapTheme& t = map.themes[i];
    std::vector<std::string> chips;
    for (const DigestClusterRef& c : t.clusters)
      chips.push_back(absl::StrCat("<span class=\"chip\">", H(c.name), "</span>"));
    absl::StrAppend(&out, "<tr><td><b>", H(Shorten(t.label, 60)), "</b>");
    if (t.rising)
      absl::StrAppend(&out, " <span class=\"meta\">en hausse ", H(FrenchGrowth(t.trend)),
                      "</span>");
    absl::StrAppend(&out, "</td><td>", absl::StrJoin(chips, " "), "</td><td class=\"hide-s\">",
                    H(Percent(t.transversality)), "</td></tr>");
  }
  absl::StrAppend(
      &out,
      "</table></section><section><h2>Méthode</h2><p class=\"meta\">Lien = moitié thèmes "
      "(part commune des thèmes transverses de chaque cluster), moitié appels (appels à "
      "projets pour lesquels les deux clusters sont parmi les trois plus pertinents). "
      "« Ont travaillé ensemble » : une actualité nomme les deux clusters, ou des membres "
      "de chacun, à propos d’un projet commun ou financé (lauréat, consortium, "
      "financement, partenariat…). Un membre commun aux deux clusters n’en est pas un : "
      "il est listé comme passerelle.</p></section></div></body></html>\n");
  return out;
}

}  // namespace meute::digest
