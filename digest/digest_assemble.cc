#include "digest/digest_assemble.h"

#include <algorithm>
#include <atomic>
#include <set>
#include <string>
#include <thread>
#include <utility>
#include <vector>

#include "absl/status/status.h"
#include "absl/strings/ascii.h"
#include "absl/strings/match.h"
#include "absl/strings/str_cat.h"
#include "absl/strings/str_replace.h"
#include "absl/strings/str_split.h"
#include "absl/strings/strip.h"
#include "absl/types/span.h"
#include "digest/digest_text.h"

namespace meute::digest {
namespace {

using ingest::Document;
using ingest::Kind;

// Sentences of `text` (split after . ! ? and at line breaks), trimmed.
std::vector<std::string> Sentences(absl::string_view text) {
  std::vector<std::string> out;
  std::string current;
  auto flush = [&] {
    std::string s = CollapseSpaces(current);
    if (!s.empty()) out.push_back(std::move(s));
    current.clear();
  };
  for (size_t i = 0; i < text.size(); ++i) {
    const char c = text[i];
    if (c == '\n') {
      flush();
      continue;
    }
    current.push_back(c);
    if ((c == '.' || c == '!' || c == '?') &&
        (i + 1 == text.size() || text[i + 1] == ' ' || text[i + 1] == '\n')) {
      flush();
    }
  }
  flush();
  return out;
}

// Verb phrases by which a title says someone is looking for something.
constexpr absl::string_view kTitleVerbs[] = {
    " cherche ",
    " cherchent ",
    " recherche ",
    " recherchent ",
    " lance un appel d'offres",
    " lance une consultation",
    " lance un appel à candidatures",
    " lance un appel à manifestation",
    " sollicite ",
    " veut des ",
    " consulte ",
};
// Title words of an award, not an open need.
constexpr absl::string_view kAwardWords[] = {" retient ",     " retenu",  " choisit ", " attribue ",
                                             " sélectionne ", " confie ", " désigne "};
// Sentence patterns of a need aimed at suppliers: a verb whose subject is
// the buyer.
constexpr absl::string_view kTextVerbs[] = {"cherche des ",
                                            "cherchent des ",
                                            "recherche des ",
                                            "recherchent des ",
                                            "cherche un ",
                                            "cherche une ",
                                            "recherche un ",
                                            "recherche une ",
                                            "lance un appel d'offres",
                                            "lance une consultation",
                                            "a lancé un appel d'offres",
                                            "a lancé une consultation",
                                            "a publié une consultation",
                                            "lance une nouvelle consultation"};
constexpr absl::string_view kSupplierWords[] = {
    "fournisseur", "sous-traitant", "partenaire", "prestataire",     "intégrateur",
    "entreprises", "candidat",      "offres",     "producteurs",     "industriels",
    "startups",    "start-up",      "opérateur",  "bureau d'études", "solutions"};

bool ContainsAny(absl::string_view folded, absl::Span<const absl::string_view> needles) {
  for (absl::string_view n : needles) {
    if (absl::StrContains(folded, n)) return true;
  }
  return false;
}

// "La communauté de communes X, à cheval sur ..., lance" -> "La communauté de
// communes X"; "" when the words before the verb are no buyer.
std::string SubjectBefore(absl::string_view sentence, size_t verb_at) {
  std::string subject(absl::StripAsciiWhitespace(sentence.substr(0, verb_at)));
  if (const size_t colon = subject.rfind(':'); colon != std::string::npos) {
    subject = std::string(absl::StripAsciiWhitespace(subject.substr(colon + 1)));
  }
  if (const size_t comma = subject.find(','); comma != std::string::npos) subject.resize(comma);
  subject = CollapseSpaces(subject);
  // A quotation or a lone article is no buyer.
  if (subject.empty() || absl::StartsWith(subject, "«") || absl::StartsWith(subject, "\"") ||
      Utf8Length(subject) > 70 || Utf8Length(subject) < 3) {
    return "";
  }
  // Pronouns and prepositions ("Elle", "à Toulouse") name nobody.
  const std::string first_word = FoldForMatching(subject.substr(0, subject.find(' ')));
  for (absl::string_view w :
       {"il", "elle", "ils", "elles", "on", "à", "en", "de", "dans", "pour", "avec", "sur", "et"}) {
    if (first_word == w) return "";
  }
  if (absl::EndsWith(FoldForMatching(subject), " se")) return "";  // "… se cherchent".
  if (absl::ascii_islower(static_cast<unsigned char>(subject[0]))) {
    subject[0] = absl::ascii_toupper(static_cast<unsigned char>(subject[0]));
  }
  return subject;
}

std::optional<DayNumber> DayOf(const std::string& ymd) { return ParseDay(ymd); }

std::optional<int> DaysLeft(const Document& call, DayNumber today) {
  std::optional<DayNumber> deadline = DayOf(call.deadline);
  if (!deadline) return std::nullopt;
  return static_cast<int>(*deadline - today);
}

bool InRange(const std::string& ymd, DayNumber first, DayNumber last) {
  std::optional<DayNumber> d = DayOf(ymd);
  return d && *d >= first && *d <= last;
}

void AddUnique(std::vector<std::string>* v, const std::string& s) {
  if (!s.empty() && std::find(v->begin(), v->end(), s) == v->end()) v->push_back(s);
}

DigestCall MakeCall(const Document& doc, const RankedCall& ranked, DayNumber monday,
                    DayNumber sunday, int window) {
  DigestCall call;
  call.id = doc.id;
  call.title = doc.title;
  call.funder = doc.funder;
  call.programme = doc.programme;
  call.url = doc.url;
  call.opens = doc.opens;
  call.deadline = doc.deadline;
  call.budget_eur = doc.budget_eur;
  call.days_left = DaysLeft(doc, monday);
  call.closing_soon = call.days_left && *call.days_left >= 0 && *call.days_left <= window;
  call.is_new = InRange(doc.opens.empty() ? doc.date : doc.opens, monday, sunday);
  call.score = ranked.score;
  call.reasons = ranked.reasons;
  if (call.reasons.size() > 5) call.reasons.resize(5);
  call.feedback_note = ranked.feedback_note;
  return call;
}

}  // namespace

DigestCorpus::DigestCorpus(std::vector<Document> records) : records_(std::move(records)) {
  std::set<std::string> clusters;
  for (size_t i = 0; i < records_.size(); ++i) {
    const Document& d = records_[i];
    by_id_.emplace(d.id, i);  // The first record of an id wins.
    if (d.kind == Kind::kCluster) clusters.insert(d.id);
    if (d.kind == Kind::kMember) {
      for (const std::string& c : d.clusters) {
        clusters.insert(c);
        ++member_counts_[c];
      }
    }
  }
  cluster_ids_.assign(clusters.begin(), clusters.end());
  for (const Document& d : records_) {
    if (d.kind == Kind::kNews) news_.push_back(&d);
  }
  std::sort(news_.begin(), news_.end(), [](const Document* a, const Document* b) {
    return a->date != b->date ? a->date > b->date : a->id < b->id;
  });
}

const Document* DigestCorpus::Find(absl::string_view id) const {
  const auto it = by_id_.find(id);
  return it == by_id_.end() ? nullptr : &records_[it->second];
}

const Document* DigestCorpus::Cluster(absl::string_view id) const {
  const Document* d = Find(id);
  return d != nullptr && d->kind == Kind::kCluster ? d : nullptr;
}

std::string DigestCorpus::ClusterName(absl::string_view id) const {
  if (const Document* d = Cluster(id)) return !d->name.empty() ? d->name : d->title;
  return std::string(id);
}

int DigestCorpus::MemberCount(absl::string_view id) const {
  const auto it = member_counts_.find(id);
  return it == member_counts_.end() ? 0 : it->second;
}

bool SameStory(absl::string_view title_a, absl::string_view title_b) {
  auto words = [](absl::string_view title) {
    std::set<std::string> out;
    for (absl::string_view w : absl::StrSplit(
             FoldForMatching(title), absl::ByAnyChar(" ,;:.!?«»\"'()"), absl::SkipEmpty())) {
      if (Utf8Length(w) >= 4) out.insert(std::string(w));
    }
    return out;
  };
  const std::set<std::string> a = words(title_a), b = words(title_b);
  if (a.empty() || b.empty()) return false;
  size_t shared = 0;
  for (const std::string& w : a) shared += b.count(w);
  return shared >= 3 && 2 * shared >= std::min(a.size(), b.size());
}

std::string Excerpt(absl::string_view text, size_t max_chars) {
  std::string out;
  for (const std::string& s : Sentences(text)) {
    if (out.empty()) {
      out = s;
    } else if (Utf8Length(out) + 1 + Utf8Length(s) <= max_chars) {
      absl::StrAppend(&out, " ", s);
    } else {
      break;
    }
    if (Utf8Length(out) >= max_chars * 2 / 3) break;
  }
  return Shorten(out, max_chars);
}

std::optional<BuyerSignal> DetectBuyer(const Document& news) {
  if (ContainsAny(" " + FoldForMatching(news.title) + " ", kAwardWords)) return std::nullopt;
  const std::vector<std::string> sentences = Sentences(news.text);
  auto need_sentence = [&]() -> std::string {
    for (const std::string& s : sentences) {
      const std::string f = FoldForMatching(s);
      if (ContainsAny(f, kTextVerbs) || absl::StrContains(f, "cahier des charges") ||
          absl::StrContains(f, "appel d'offres") || absl::StrContains(f, "consultation") ||
          absl::StrContains(f, "appel à manifestation") ||
          absl::StrContains(f, "appel à candidatures")) {
        return s;
      }
    }
    return "";
  };
  const std::string padded_title = " " + CollapseSpaces(news.title) + " ";
  const FoldedText folded_title = FoldWithOrigin(padded_title);
  for (absl::string_view verb : kTitleVerbs) {
    const size_t at = absl::string_view(folded_title.text).find(verb);
    if (at == std::string::npos || at == 0) continue;
    BuyerSignal signal;
    signal.buyer = SubjectBefore(padded_title, folded_title.origin[at]);
    signal.need = need_sentence();
    if (signal.need.empty()) signal.need = CollapseSpaces(news.title);
    return signal;
  }
  for (const std::string& s : sentences) {
    const FoldedText f = FoldWithOrigin(s);
    if (!ContainsAny(f.text, kTextVerbs) || !ContainsAny(f.text, kSupplierWords)) continue;
    BuyerSignal signal;
    signal.need = s;
    for (absl::string_view verb : kTextVerbs) {
      const size_t at = FindWord(f.text, verb);
      if (at != std::string::npos && at > 0) {
        signal.buyer = SubjectBefore(s, f.origin[at]);
        break;
      }
    }
    if (signal.buyer.empty()) continue;  // "Un premier appel…", a quotation: not a buyer.
    return signal;
  }
  return std::nullopt;
}

std::optional<BuyerEvidence> DigestEvidence::BuyerFor(const Document& news,
                                                      absl::string_view cluster_id,
                                                      absl::string_view as_of) const {
  (void)as_of;
  std::optional<BuyerSignal> signal = DetectBuyer(news);
  if (!signal) return std::nullopt;
  RecordMatch match = Match(news.id, cluster_id);
  BuyerEvidence out;
  out.buyer = signal->buyer;
  out.need = signal->need;
  if (match.score < 0.1) return out;  // Not in the cluster's trade.
  out.members = std::move(match.members);
  out.cluster_rank = match.cluster_rank == 0 ? 1 : match.cluster_rank;
  out.group = {std::string(cluster_id)};
  out.score = match.score;
  return out;
}

absl::StatusOr<Digest> AssembleDigest(const DigestCorpus& corpus, const DigestEvidence& evidence,
                                      absl::string_view cluster_id, const IsoWeek& week,
                                      const DigestOptions& options) {
  if (options.closing_window_days < 0 || options.max_calls < 0 || options.news_window_days < 1 ||
      options.buyer_window_days < 1) {
    return absl::InvalidArgumentError("digest options: windows must be positive and sizes >= 0");
  }
  const std::vector<std::string>& ids = corpus.cluster_ids();
  if (!std::binary_search(ids.begin(), ids.end(), std::string(cluster_id))) {
    return absl::NotFoundError(absl::StrCat("no cluster \"", cluster_id, "\" in the database"));
  }
  const DayNumber monday = IsoWeekMonday(week);
  const DayNumber sunday = monday + 6;
  const std::string today = FormatDay(monday);
  const std::string week_end = FormatDay(sunday);

  Digest d;
  d.week = FormatIsoWeek(week);
  d.today = today;
  d.week_end = week_end;
  d.closing_window_days = options.closing_window_days;
  d.cluster = {std::string(cluster_id), corpus.ClusterName(cluster_id)};
  d.feedback_links = options.feedback_links;
  d.feedback_notes = evidence.FeedbackNotes(cluster_id, d.today);
  if (const Document* c = corpus.Cluster(cluster_id)) {
    d.city = c->city;
    d.sectors = c->sectors;
  }
  d.member_count = corpus.MemberCount(cluster_id);
  auto days_left_of = [&](const std::string& call_id) -> std::optional<int> {
    const Document* doc = corpus.Find(call_id);
    return doc != nullptr ? DaysLeft(*doc, monday) : std::nullopt;
  };

  // ---- Calls: open on Monday, or opening during the week.
  std::vector<RankedCall> ranked;
  for (const std::string& as_of : {today, week_end}) {
    absl::StatusOr<std::vector<RankedCall>> calls = evidence.CallsFor(cluster_id, as_of);
    if (!calls.ok()) return calls.status();
    for (RankedCall& r : *calls) {
      auto same = [&](const RankedCall& x) { return x.call_id == r.call_id; };
      if (std::find_if(ranked.begin(), ranked.end(), same) == ranked.end())
        ranked.push_back(std::move(r));
    }
  }
  std::vector<DigestCall> matching;
  for (const RankedCall& r : ranked) {
    const Document* doc = corpus.Find(r.call_id);
    if (doc == nullptr || doc->kind != Kind::kCall) continue;
    const bool rank_ok = r.cluster_rank == 0 || r.cluster_rank <= options.max_cluster_rank;
    if (!rank_ok || r.score < options.min_call_score) continue;
    DigestCall call = MakeCall(*doc, r, monday, sunday, options.closing_window_days);
    if (call.days_left && *call.days_left < 0) continue;
    matching.push_back(std::move(call));
  }
  d.open_calls = static_cast<int>(matching.size());
  std::set<std::string> matching_ids;
  for (const DigestCall& c : matching) matching_ids.insert(c.id);
  auto by_score = [](const DigestCall& a, const DigestCall& b) {
    return a.score != b.score ? a.score > b.score : a.id < b.id;
  };
  std::vector<DigestCall> closing, fresh, others;
  for (DigestCall& c : matching) {
    if (c.closing_soon) {
      closing.push_back(std::move(c));
    } else if (c.is_new) {
      fresh.push_back(std::move(c));
    } else if (c.score >= options.min_other_call_score) {
      others.push_back(std::move(c));
    }
  }
  std::sort(closing.begin(), closing.end(), [](const DigestCall& a, const DigestCall& b) {
    return *a.days_left != *b.days_left ? *a.days_left < *b.days_left : a.id < b.id;
  });
  std::sort(fresh.begin(), fresh.end(), by_score);
  std::sort(others.begin(), others.end(), by_score);
  // Room for new calls even when many close: closing calls leave one place
  // (two from five places on) to the new calls.
  const size_t max_calls = static_cast<size_t>(options.max_calls);
  const size_t keep_fresh =
      std::min<size_t>(fresh.size(), std::min<size_t>(max_calls >= 5 ? 2 : 1, max_calls));
  for (size_t i = 0; i < closing.size() && d.calls.size() + keep_fresh < max_calls; ++i) {
    d.calls.push_back(std::move(closing[i]));
  }
  for (size_t i = 0; i < fresh.size() && d.calls.size() < max_calls; ++i)
    d.calls.push_back(std::move(fresh[i]));
  for (size_t i = 0; i < others.size() && d.calls.size() < std::min<size_t>(max_calls, 3); ++i) {
    d.calls.push_back(std::move(others[i]));
  }
  // Consortia for the best-scored shown calls.
  std::vector<size_t> order(d.calls.size());
  for (size_t i = 0; i < order.size(); ++i) order[i] = i;
  std::stable_sort(order.begin(), order.end(),
                   [&](size_t a, size_t b) { return d.calls[a].score > d.calls[b].score; });
  // A call one cluster answers alone gets none and leaves its place to the
  // next call.
  int suggested = 0;
  for (size_t i = 0; i < order.size() && suggested < options.max_consortia; ++i) {
    DigestCall& call = d.calls[order[i]];
    absl::StatusOr<DigestConsortium> consortium = evidence.ConsortiumFor(call.id, today);
    if (!consortium.ok() || consortium->parts.size() < 2) continue;
    ++suggested;
    // The digest's own cluster first when it is in the consortium.
    std::stable_partition(
        consortium->parts.begin(), consortium->parts.end(),
        [&](const DigestConsortiumPart& p) { return p.cluster.id == cluster_id; });
    for (DigestConsortiumPart& p : consortium->parts) {
      if (p.cluster.name.empty()) p.cluster.name = corpus.ClusterName(p.cluster.id);
    }
    call.consortium = std::move(*consortium);
  }

  // ---- Partners.
  if (absl::StatusOr<std::vector<DigestPartner>> partners = evidence.PartnersFor(cluster_id, today);
      partners.ok()) {
    for (DigestPartner& p : *partners) {
      if (static_cast<int>(d.partners.size()) >= options.max_partners) break;
      if (p.cluster.id == cluster_id) continue;
      if (p.cluster.name.empty()) p.cluster.name = corpus.ClusterName(p.cluster.id);
      std::vector<DigestCallRef> calls;
      for (DigestCallRef& c : p.calls) {
        const Document* doc = corpus.Find(c.id);
        if (doc == nullptr || !matching_ids.count(c.id)) continue;
        c.title = c.title.empty() ? doc->title : c.title;
        c.deadline = doc->deadline;
        c.days_left = days_left_of(c.id);
        if (c.days_left && *c.days_left < 0) continue;
        calls.push_back(std::move(c));
      }
      p.calls = std::move(calls);
      if (p.calls.size() > 3) p.calls.resize(3);
      if (p.shared_themes.size() > 3) p.shared_themes.resize(3);
      if (p.members.size() > 3) p.members.resize(3);
      if (p.terms.size() > 6) p.terms.resize(6);
      d.partners.push_back(std::move(p));
    }
  }

  // ---- Themes: rising ones the cluster is in; then its themes that grow
  // without significance yet; then other rising transverse ones.
  std::vector<ThemeEvidence> themes = evidence.Themes(week_end);
  auto share_of = [&](const ThemeEvidence& t) {
    for (const auto& [id, share] : t.clusters) {
      if (id == cluster_id) return share;
    }
    return 0.0;
  };
  std::vector<std::pair<double, const ThemeEvidence*>> mine, growing, transverse;
  for (const ThemeEvidence& t : themes) {
    const double share = share_of(t);
    if (t.rising && share > 0) {
      mine.push_back({share, &t});
    } else if (!t.rising && share >= options.min_growing_share && t.z >= options.min_growing_z &&
               t.trend > 1.0) {
      growing.push_back({t.z, &t});
    } else if (t.rising && t.clusters.size() >= 3) {
      transverse.push_back({t.z, &t});
    }
  }
  auto by_first = [](const auto& a, const auto& b) {
    return a.first != b.first ? a.first > b.first : a.second->id < b.second->id;
  };
  std::sort(mine.begin(), mine.end(), by_first);
  std::sort(growing.begin(), growing.end(), by_first);
  std::sort(transverse.begin(), transverse.end(), by_first);
  mine.insert(mine.end(), growing.begin(), growing.end());
  mine.insert(mine.end(), transverse.begin(), transverse.end());
  for (const auto& [share, t] : mine) {
    if (static_cast<int>(d.themes.size()) >= options.max_themes) break;
    DigestTheme theme;
    theme.id = t->id;
    theme.label = t->label;
    theme.size = t->size;
    theme.transversality = t->transversality;
    theme.trend = t->trend;
    theme.rising = t->rising;
    theme.involvement = share_of(*t);
    for (const auto& [id, s] : t->clusters) {
      if (s > 0) theme.clusters.push_back({id, corpus.ClusterName(id)});
    }
    d.themes.push_back(std::move(theme));
  }

  // ---- News and buyers.
  const DayNumber news_first = sunday - options.news_window_days + 1;
  const DayNumber buyer_first = sunday - options.buyer_window_days + 1;
  std::vector<DigestNews> news;
  std::vector<DigestBuyer> buyers;
  for (const Document* n : corpus.news()) {
    std::optional<DayNumber> day = DayOf(n->date);
    if (!day || *day > sunday) continue;
    if (*day < std::min(news_first, buyer_first)) break;  // Newest first.
    if (!n->duplicate_of.empty()) continue;
    std::optional<BuyerEvidence> buyer =
        *day >= buyer_first ? evidence.BuyerFor(*n, cluster_id, today) : std::nullopt;
    if (buyer) {
      const bool in_trade =
          buyer->cluster_rank > 0 && buyer->cluster_rank <= options.max_buyer_cluster_rank;
      if (buyer->members.empty() || !in_trade || buyer->score < options.min_news_score) continue;
      DigestBuyer b;
      b.news_id = n->id;
      b.title = n->title;
      b.source = n->source;
      b.date = n->date;
      b.url = n->url;
      b.buyer = buyer->buyer;
      b.need = Shorten(buyer->need, static_cast<size_t>(options.excerpt_chars));
      b.members = std::move(buyer->members);
      if (b.members.size() > 3) b.members.resize(3);
      for (const std::string& c : buyer->group) {
        if (c != cluster_id && b.group.size() < 3) b.group.push_back({c, corpus.ClusterName(c)});
      }
      b.score = buyer->score;
      buyers.push_back(std::move(b));
      continue;
    }
    if (*day < news_first) continue;
    RecordMatch match = evidence.Match(n->id, cluster_id);
    if (match.score < options.min_news_score) continue;
    DigestNews item;
    item.id = n->id;
    item.title = n->title;
    item.source = n->source;
    item.date = n->date;
    item.url = n->url;
    item.excerpt = Excerpt(n->text, static_cast<size_t>(options.excerpt_chars));
    for (const std::string& r : match.reasons) {
      if (item.reasons.size() < 3) AddUnique(&item.reasons, r);
    }
    item.score = match.score;
    news.push_back(std::move(item));
  }
  std::stable_sort(news.begin(), news.end(),
                   [](const DigestNews& a, const DigestNews& b) { return a.score > b.score; });
  std::stable_sort(buyers.begin(), buyers.end(),
                   [](const DigestBuyer& a, const DigestBuyer& b) { return a.score > b.score; });
  // One story told twice (a buyer item and its retelling, two outlets) is
  // shown once: buyers first, then news.
  std::vector<std::string> told;
  for (DigestBuyer& b : buyers) {
    if (d.buyers.size() >= static_cast<size_t>(options.max_buyers)) break;
    if (std::any_of(told.begin(), told.end(),
                    [&](const std::string& t) { return SameStory(t, b.title); })) {
      continue;
    }
    told.push_back(b.title);
    d.buyers.push_back(std::move(b));
  }
  for (DigestNews& n : news) {
    if (d.news.size() >= static_cast<size_t>(options.max_news)) break;
    if (std::any_of(told.begin(), told.end(),
                    [&](const std::string& t) { return SameStory(t, n.title); })) {
      continue;
    }
    told.push_back(n.title);
    d.news.push_back(std::move(n));
  }
  return d;
}

std::vector<absl::StatusOr<Digest>> AssembleDigests(const DigestCorpus& corpus,
                                                    const DigestEvidence& evidence,
                                                    const std::vector<std::string>& cluster_ids,
                                                    const IsoWeek& week,
                                                    const DigestOptions& options, int threads) {
  std::vector<absl::StatusOr<Digest>> out(cluster_ids.size(),
                                          absl::InternalError("digest not assembled"));
  std::atomic<size_t> next{0};
  auto work = [&] {
    for (size_t i = next++; i < cluster_ids.size(); i = next++) {
      out[i] = AssembleDigest(corpus, evidence, cluster_ids[i], week, options);
    }
  };
  const size_t n =
      std::clamp<size_t>(static_cast<size_t>(std::max(threads, 1)), 1, cluster_ids.size());
  std::vector<std::thread> pool;
  for (size_t t = 1; t < n; ++t) pool.emplace_back(work);
  work();
  for (std::thread& t : pool) t.join();
  return out;
}

}  // namespace meute::digest
