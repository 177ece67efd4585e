#include "index/searcher.h"

#include <algorithm>
#include <map>
#include <utility>

#include <xapian.h>

#include "absl/strings/str_cat.h"
#include "absl/strings/str_join.h"
#include "absl/strings/str_split.h"
#include "base/status_macros.h"
#include "index/internal/database.h"
#include "index/internal/query_builder.h"
#include "index/internal/shards.h"
#include "index/internal/terms.h"
#include "index/query_parser.h"
#include "index/schema.h"
#include "index/synonyms.h"
#include "index/xapian_status.h"

namespace meute::index {
namespace {

using Q = Xapian::Query;

constexpr int kMaxAttempts = 3;   // Reopen-and-retry on DatabaseModifiedError.
constexpr int kMaxLimit = 10000;  // Hits per page.
// Matches examined at least, so that totals up to this are exact.
constexpr Xapian::doccount kCheckAtLeast = 200;

// BM25 parameters: Xapian's defaults except b, the length normalisation. Our
// records mix short member profiles and long news items; 0.75 (the classic
// value) penalises long texts more than Xapian's 0.5.
Xapian::BM25Weight Weighting() { return Xapian::BM25Weight(1.2, 0, 1, 0.75, 0.5); }

// Counts each item of a list-valued slot (a member's clusters).
class ListCountSpy : public Xapian::MatchSpy {
 public:
  explicit ListCountSpy(Xapian::valueno slot) : slot_(slot) {}
  void operator()(const Xapian::Document& doc, double) override {
    const std::string v = doc.get_value(slot_);
    if (v.empty()) return;
    for (absl::string_view item : absl::StrSplit(v, kListSeparator)) {
      if (!item.empty()) ++counts_[std::string(item)];
    }
  }
  Xapian::MatchSpy* clone() const override { return new ListCountSpy(slot_); }
  std::string name() const override { return "meute.ListCountSpy"; }
  const std::map<std::string, uint64_t>& counts() const { return counts_; }

 private:
  Xapian::valueno slot_;
  std::map<std::string, uint64_t> counts_;
};

std::vector<FacetValue> TopValues(std::vector<FacetValue> values, int limit) {
  std::sort(values.begin(), values.end(), [](const FacetValue& a, const FacetValue& b) {
    return a.count > b.count || (a.count == b.count && a.value < b.value);
  });
  if (static_cast<int>(values.size()) > limit) values.resize(limit);
  return values;
}

std::vector<FacetValue> SpyValues(const Xapian::ValueCountMatchSpy& spy) {
  std::vector<FacetValue> out;
  for (auto it = spy.values_begin(); it != spy.values_end(); ++it) {
    out.push_back({*it, it.get_termfreq()});
  }
  return out;
}

struct Spies {
  Xapian::ValueCountMatchSpy kind{kSlotKind};
  Xapian::ValueCountMatchSpy funder{kSlotFunder};
  Xapian::ValueCountMatchSpy source{kSlotSource};
  Xapian::ValueCountMatchSpy month{kSlotMonth};
  ListCountSpy cluster{kSlotClusters};

  void Attach(Xapian::Enquire* e) {
    e->add_matchspy(&kind);
    e->add_matchspy(&cluster);
    e->add_matchspy(&funder);
    e->add_matchspy(&source);
    e->add_matchspy(&month);
  }
  std::vector<Facet> Facets(int limit) const {
    std::vector<Facet> out;
    out.push_back({"kind", TopValues(SpyValues(kind), limit)});
    std::vector<FacetValue> clusters;
    for (const auto& [v, n] : cluster.counts()) clusters.push_back({v, n});
    out.push_back({"cluster", TopValues(std::move(clusters), limit)});
    out.push_back({"funder", TopValues(SpyValues(funder), limit)});
    out.push_back({"source", TopValues(SpyValues(source), limit)});
    std::vector<FacetValue> months = SpyValues(month);
    std::sort(months.begin(), months.end(),
              [](const FacetValue& a, const FacetValue& b) { return a.value > b.value; });
    if (static_cast<int>(months.size()) > limit) months.resize(limit);
    out.push_back({"month", std::move(months)});
    return out;
  }
};

// The text a snippet is cut from: the record's text, or its descriptive
// fields when it has none.
std::string SnippetSource(const ingest::Document& r) {
  if (!r.text.empty()) return r.text;
  std::vector<std::string> parts;
  for (const std::string* s : {&r.name, &r.organisation, &r.city, &r.programme, &r.funder}) {
    if (!s->empty()) parts.push_back(*s);
  }
  for (const std::vector<std::string>* l : {&r.sectors, &r.skills, &r.themes}) {
    parts.insert(parts.end(), l->begin(), l->end());
  }
  return absl::StrJoin(parts, ", ");
}

}  // namespace

struct Searcher::Impl {
  std::string db_dir;
  std::unique_ptr<ingest::Analyzer> owned_analyzer;
  const ingest::Analyzer* analyzer = nullptr;
  Synonyms synonyms;
  Xapian::Database db;

  // Runs `fn`, reopening the database and retrying when a writer committed
  // underneath (kAborted).
  template <typename Fn>
  absl::Status WithReopen(Fn&& fn) {
    absl::Status s;
    for (int attempt = 0; attempt < kMaxAttempts; ++attempt) {
      s = fn();
      if (s.code() != absl::StatusCode::kAborted) return s;
      MEUTE_RETURN_IF_ERROR(CallXapian("reopening index", [&] { db.reopen(); }));
    }
    return s;
  }

  absl::StatusOr<Hit> MakeHit(const Xapian::MSetIterator& it, int rank, const SnippetTerms& terms,
                              size_t snippet_bytes) const;
  absl::StatusOr<Hit> HitOf(const Xapian::Document& doc, Xapian::docid did,
                            const SnippetTerms& terms, size_t snippet_bytes) const;
  absl::Status SearchOnce(const SearchRequest& request, SearchResponse* response);
  absl::Status SimilarOnce(const SimilarRequest& request, SimilarResponse* response);
  absl::StatusOr<std::vector<std::string>> KindNames(const std::vector<std::string>& kinds) const;
  absl::StatusOr<Q> KindFilter(const std::vector<std::string>& kinds) const;
};

absl::StatusOr<Hit> Searcher::Impl::MakeHit(const Xapian::MSetIterator& it, int rank,
                                            const SnippetTerms& terms, size_t snippet_bytes) const {
  MEUTE_ASSIGN_OR_RETURN(Hit h, HitOf(it.get_document(), *it, terms, snippet_bytes));
  h.rank = rank;
  h.score = it.get_weight();
  h.percent = it.get_percent();
  h.collapsed = static_cast<int>(it.get_collapse_count());
  return h;
}

absl::StatusOr<Hit> Searcher::Impl::HitOf(const Xapian::Document& doc, Xapian::docid did,
                                          const SnippetTerms& terms, size_t snippet_bytes) const {
  absl::StatusOr<ingest::Document> record = ingest::FromJson(doc.get_data());
  if (!record.ok()) {
    return absl::DataLossError(
        absl::StrCat("document ", did, " of index \"", db_dir, "\": ", record.status().message()));
  }
  Hit h;
  h.id = record->id;
  h.kind = std::string(ingest::KindName(record->kind));
  h.title = record->title;
  h.date = record->date;
  if (snippet_bytes > 0) {
    h.snippet = MakeSnippet(*analyzer, SnippetSource(*record),
                            ingest::LanguageFromCode(record->lang), terms, snippet_bytes);
  }
  h.record = *std::move(record);
  return h;
}

absl::StatusOr<std::vector<std::string>> Searcher::Impl::KindNames(
    const std::vector<std::string>& kinds) const {
  std::vector<std::string> out;
  for (const std::string& k : kinds) {
    for (absl::string_view part : absl::StrSplit(k, ',', absl::SkipWhitespace())) {
      std::string kind = internal::KindFromAlias(*analyzer, part);
      if (kind.empty()) {
        return absl::InvalidArgumentError(
            absl::StrCat("unknown kind \"", part, "\" (known: cluster, member, call, news)"));
      }
      out.push_back(std::move(kind));
    }
  }
  return out;
}

absl::StatusOr<Q> Searcher::Impl::KindFilter(const std::vector<std::string>& kinds) const {
  MEUTE_ASSIGN_OR_RETURN(const std::vector<std::string> names, KindNames(kinds));
  std::vector<Q> qs;
  for (const std::string& kind : names) qs.emplace_back(absl::StrCat(kPrefixKind, kind));
  if (qs.empty()) return Q();
  return Q(Q::OP_OR, qs.begin(), qs.end());
}

absl::Status Searcher::Impl::SearchOnce(const SearchRequest& request, SearchResponse* response) {
  *response = SearchResponse();
  response->query = request.query;
  const ParsedQuery parsed = ParseQuery(request.query);
  internal::BuildContext ctx;
  ctx.analyzer = analyzer;
  ctx.synonyms = synonyms.rule_count() > 0 ? &synonyms : nullptr;
  ctx.db = &db;
  ctx.spelling = request.spelling;
  MEUTE_ASSIGN_OR_RETURN(internal::BuiltQuery built,
                         internal::BuildQuery(parsed, request.query, ctx));
  response->notices = built.notices;
  response->expansions = built.expansions;
  response->suggestion = built.suggestion;

  std::vector<Q> filters;
  MEUTE_ASSIGN_OR_RETURN(Q kinds, KindFilter(request.kinds));
  if (!kinds.empty()) filters.push_back(kinds);
  if (request.open_only) {
    const std::string as_of = DateValue(request.as_of);
    if (as_of.empty()) {
      return absl::InvalidArgumentError(
          absl::StrCat("--as-of: expected YYYY-MM-DD, got \"", request.as_of, "\""));
    }
    filters.push_back(Q(Q::OP_AND, Q(absl::StrCat(kPrefixKind, "call")),
                        Q(Q::OP_VALUE_GE, kSlotDeadline, as_of)));
  }
  auto filtered = [&](Q q) {
    if (filters.empty()) return q;
    return Q(Q::OP_FILTER, q, Q(Q::OP_AND, filters.begin(), filters.end()));
  };
  const Q strict = filtered(built.strict);
  response->explain = strict.get_description();

  SnippetTerms terms;
  terms.forms = built.highlight_forms;
  terms.stems = built.highlight_stems;
  const int offset = std::max(0, request.offset);
  const int limit = std::clamp(request.limit, 0, kMaxLimit);

  bool has_duplicates = true;
  MEUTE_RETURN_IF_ERROR(CallXapian(
      "searching", [&] { has_duplicates = db.term_exists(std::string(kTermDuplicate)); }));
  Xapian::MultiValueKeyMaker deadline_key;
  deadline_key.add_value(kSlotDeadline, false, std::string(kNoDeadline));
  auto configure = [&](Xapian::Enquire* e, const Q& q) {
    e->set_query(q);
    e->set_weighting_scheme(Weighting());
    if (has_duplicates) e->set_collapse_key(kSlotCollapse);
    SortOrder sort = request.sort;
    if (sort == SortOrder::kRelevance && !built.weighted) sort = SortOrder::kDate;
    switch (sort) {
      case SortOrder::kRelevance:
        e->set_sort_by_relevance();
        break;
      case SortOrder::kDate:
        e->set_sort_by_value_then_relevance(kSlotDate, /*reverse=*/true);
        break;
      case SortOrder::kDeadline:
        e->set_sort_by_key_then_relevance(&deadline_key, /*reverse=*/false);
        break;
    }
  };

  return CallXapian("searching", [&] {
    const Xapian::doccount doc_count = db.get_doccount();
    Spies spies;
    Xapian::Enquire enquire(db);
    configure(&enquire, strict);
    if (request.facets) spies.Attach(&enquire);
    // Enough candidates for an exact count on small result lists.
    const Xapian::doccount check =
        request.facets ? doc_count : std::max<Xapian::doccount>(offset + limit, kCheckAtLeast);
    const Xapian::MSet mset = enquire.get_mset(offset, limit, check);
    response->strict_total = mset.get_matches_estimated();
    response->total_exact = mset.get_matches_lower_bound() == mset.get_matches_upper_bound();
    if (!response->total_exact && has_duplicates &&
        mset.get_uncollapsed_matches_lower_bound() < check) {
      // Every candidate was seen: Xapian's bounds stay loose when collapsing,
      // but the lower bound is then the exact count.
      response->strict_total = mset.get_matches_lower_bound();
      response->total_exact = true;
    }
    response->total = response->strict_total;
    int rank = offset;
    for (auto it = mset.begin(); it != mset.end(); ++it) {
      absl::StatusOr<Hit> h = MakeHit(it, ++rank, terms, request.snippet_bytes);
      if (!h.ok()) throw Xapian::DatabaseCorruptError(std::string(h.status().message()));
      response->hits.push_back(*std::move(h));
    }
    bool facets_done = false;
    if (request.facets && response->strict_total > 0) {
      response->facets = spies.Facets(request.facet_limit);
      facets_done = true;
    }
    const uint64_t wanted = static_cast<uint64_t>(offset) + static_cast<uint64_t>(limit);
    const uint64_t strict_bound =
        response->total_exact ? response->strict_total : mset.get_matches_upper_bound();
    if (request.relax && built.relaxable && strict_bound < wanted) {
      const uint64_t strict_total = strict_bound;
      Spies relaxed_spies;
      Xapian::Enquire relaxed(db);
      configure(&relaxed, filtered(Q(Q::OP_AND_NOT, built.relaxed, built.strict)));
      if (request.facets && !facets_done) relaxed_spies.Attach(&relaxed);
      const Xapian::doccount r_offset = static_cast<Xapian::doccount>(
          offset > static_cast<int>(strict_total) ? offset - strict_total : 0);
      const Xapian::doccount r_limit = static_cast<Xapian::doccount>(limit - response->hits.size());
      const Xapian::MSet more = relaxed.get_mset(
          r_offset, r_limit, request.facets && !facets_done ? doc_count : r_offset + r_limit);
      for (auto it = more.begin(); it != more.end(); ++it) {
        absl::StatusOr<Hit> h = MakeHit(it, ++rank, terms, request.snippet_bytes);
        if (!h.ok()) throw Xapian::DatabaseCorruptError(std::string(h.status().message()));
        h->relaxed = true;
        response->hits.push_back(*std::move(h));
      }
      response->total += more.get_matches_estimated();
      response->total_exact =
          response->total_exact && more.get_matches_lower_bound() == more.get_matches_upper_bound();
      if (request.facets && !facets_done)
        response->facets = relaxed_spies.Facets(request.facet_limit);
      if (more.get_matches_estimated() > 0) {
        response->notices.push_back(
            strict_total == 0
                ? "no record has all the words: showing records with some of them"
                : absl::StrCat(strict_total, strict_total == 1 ? " record has" : " records have",
                               " all the words; the others have some of them"));
      }
    }
  });
}

absl::Status Searcher::Impl::SimilarOnce(const SimilarRequest& request, SimilarResponse* response) {
  *response = SimilarResponse();
  const std::string id_term = absl::StrCat(kPrefixId, request.id);
  MEUTE_ASSIGN_OR_RETURN(Q kinds, KindFilter(request.kinds));
  bool found = false;
  absl::Status parse_status;
  MEUTE_RETURN_IF_ERROR(CallXapian("finding similar records", [&] {
    Xapian::PostingIterator p = db.postlist_begin(id_term);
    if (p == db.postlist_end(id_term)) return;
    found = true;
    const Xapian::docid source_id = *p;
    const Xapian::Document source = db.get_document(source_id);
    absl::StatusOr<ingest::Document> record = ingest::FromJson(source.get_data());
    if (!record.ok()) {
      parse_status = absl::DataLossError(
          absl::StrCat("record \"", request.id, "\": ", record.status().message()));
      return;
    }
    response->source = *record;

    // Stem -> how the source record writes it, for people.
    std::map<std::string, std::map<std::string, int>> surfaces;
    const ingest::Language lang = ingest::LanguageFromCode(record->lang);
    for (const std::string& text : {record->title, SnippetSource(*record)}) {
      for (const ingest::Token& t : analyzer->Analyze(text, lang)) {
        for (const std::string& s : t.stems) ++surfaces[s][t.surface];
      }
    }
    // The most frequent way of writing it, lower case preferred (a title or
    // a sentence start capitalises words).
    auto readable = [&](const std::string& stem) {
      auto it = surfaces.find(stem);
      if (it == surfaces.end()) return stem;
      std::string best;
      int best_score = -1;
      for (const auto& [surface, count] : it->second) {
        const unsigned char c0 = surface.empty() ? 0 : surface[0];
        const unsigned char c1 = surface.size() > 1 ? surface[1] : 0;
        const bool lower = (c0 >= 'a' && c0 <= 'z') || (c0 == 0xC3 && c1 >= 0xA0);
        const int score = 2 * count + (lower ? 1 : 0);
        if (score > best_score) {
          best = surface;
          best_score = score;
        }
      }
      return best;
    };

    Xapian::Enquire enquire(db);
    enquire.set_weighting_scheme(Weighting());
    Xapian::RSet rset;
    rset.add_document(source_id);
    Xapian::ExpandDeciderFilterPrefix stems_only{std::string(kPrefixStem)};
    const Xapian::ESet eset = enquire.get_eset(std::max(1, request.terms), rset, &stems_only);
    std::vector<Q> terms;
    for (auto it = eset.begin(); it != eset.end(); ++it) {
      const std::string stem = (*it).substr(kPrefixStem.size());
      response->terms.push_back({readable(stem), stem, it.get_weight()});
      terms.emplace_back(*it);
    }
    if (terms.empty()) return;
    Q q(Q::OP_OR, terms.begin(), terms.end());
    // Leave out the source and its near-duplicates.
    const std::string collapse = source.get_value(kSlotCollapse);
    Q exclude(id_term);
    if (!collapse.empty()) {
      exclude = Q(Q::OP_OR, exclude, Q(Q::OP_VALUE_RANGE, kSlotCollapse, collapse, collapse));
    }
    q = Q(Q::OP_AND_NOT, q, exclude);
    if (!kinds.empty()) q = Q(Q::OP_FILTER, q, kinds);
    enquire.set_query(q);
    enquire.set_collapse_key(kSlotCollapse);
    const int limit = std::clamp(request.limit, 0, kMaxLimit);
    const Xapian::MSet mset = enquire.get_mset(0, limit);
    response->total = mset.get_matches_estimated();
    SnippetTerms snippet_terms;
    for (const SimilarTerm& t : response->terms) snippet_terms.stems.insert(t.stem);
    int rank = 0;
    for (auto it = mset.begin(); it != mset.end(); ++it) {
      absl::StatusOr<Hit> h = MakeHit(it, ++rank, snippet_terms, request.snippet_bytes);
      if (!h.ok()) {
        parse_status = h.status();
        return;
      }
      for (auto t = enquire.get_matching_terms_begin(it); t != enquire.get_matching_terms_end(it);
           ++t) {
        h->matched_terms.push_back(readable((*t).substr(kPrefixStem.size())));
      }
      response->hits.push_back(*std::move(h));
    }
  }));
  if (!parse_status.ok()) return parse_status;
  if (!found) {
    return absl::NotFoundError(
        absl::StrCat("no record with id \"", request.id, "\" in index \"", db_dir, "\""));
  }
  return absl::OkStatus();
}

Searcher::Searcher(std::unique_ptr<Impl> impl) : impl_(std::move(impl)) {}
Searcher::~Searcher() = default;

absl::StatusOr<std::unique_ptr<Searcher>> Searcher::Open(absl::string_view db_dir,
                                                         const SearcherOptions& options) {
  auto impl = std::make_unique<Impl>();
  impl->db_dir = std::string(db_dir);
  // Shards: "idx,tcp://host:port,..." (index/shards.h); a sharded directory
  // opens as one database by itself.
  MEUTE_ASSIGN_OR_RETURN(impl->db, internal::IsDatabaseList(db_dir)
                                       ? internal::OpenDatabaseList(db_dir)
                                       : internal::OpenForReading(db_dir));
  if (options.analyzer != nullptr) {
    impl->analyzer = options.analyzer;
  } else {
    MEUTE_ASSIGN_OR_RETURN(impl->owned_analyzer, ingest::Analyzer::Create());
    impl->analyzer = impl->owned_analyzer.get();
  }
  if (options.default_synonyms) {
    // Analysed at build time by a default analyzer; a caller's analyzer may
    // analyse differently.
    if (options.analyzer == nullptr) {
      MEUTE_ASSIGN_OR_RETURN(impl->synonyms, Synonyms::Builtin());
    } else {
      MEUTE_ASSIGN_OR_RETURN(impl->synonyms, Synonyms::Parse(Synonyms::BuiltinText(),
                                                             "built-in synonyms", *impl->analyzer));
    }
  }
  for (const std::string& file : options.synonym_files) {
    MEUTE_ASSIGN_OR_RETURN(Synonyms more, Synonyms::Load(file, *impl->analyzer));
    impl->synonyms.Merge(more);
  }
  return std::unique_ptr<Searcher>(new Searcher(std::move(impl)));
}

absl::StatusOr<SearchResponse> Searcher::Search(const SearchRequest& request) {
  SearchResponse response;
  MEUTE_RETURN_IF_ERROR(impl_->WithReopen([&] { return impl_->SearchOnce(request, &response); }));
  if (response.strict_total == 0 && !response.suggestion.empty() && request.spelling) {
    SearchRequest corrected = request;
    corrected.query = response.suggestion;
    corrected.spelling = false;
    SearchResponse second;
    MEUTE_RETURN_IF_ERROR(impl_->WithReopen([&] { return impl_->SearchOnce(corrected, &second); }));
    if (second.total > 0 && second.strict_total > 0) {
      second.query = request.query;
      second.suggestion = response.suggestion;
      second.corrected = true;
      second.notices.insert(second.notices.begin(),
                            absl::StrCat("no results for \"", request.query,
                                         "\": showing results for \"", response.suggestion, "\""));
      return second;
    }
  }
  return response;
}

absl::StatusOr<SimilarResponse> Searcher::Similar(const SimilarRequest& request) {
  SimilarResponse response;
  MEUTE_RETURN_IF_ERROR(impl_->WithReopen([&] { return impl_->SimilarOnce(request, &response); }));
  return response;
}

absl::StatusOr<std::vector<Hit>> Searcher::Records(const std::vector<std::string>& ids,
                                                   const std::vector<std::string>& stems,
                                                   size_t snippet_bytes) {
  SnippetTerms snippet_terms;
  for (const std::string& s : stems) snippet_terms.stems.insert(s);
  std::vector<Hit> hits;
  absl::Status parse_status;
  MEUTE_RETURN_IF_ERROR(impl_->WithReopen([&] {
    hits.clear();
    return CallXapian("reading records", [&] {
      for (const std::string& id : ids) {
        const std::string id_term = absl::StrCat(kPrefixId, id);
        Xapian::PostingIterator p = impl_->db.postlist_begin(id_term);
        if (p == impl_->db.postlist_end(id_term)) continue;
        absl::StatusOr<Hit> h =
            impl_->HitOf(impl_->db.get_document(*p), *p, snippet_terms, snippet_bytes);
        if (!h.ok()) {
          parse_status = h.status();
          return;
        }
        hits.push_back(*std::move(h));
      }
    });
  }));
  if (!parse_status.ok()) return parse_status;
  return hits;
}

absl::StatusOr<std::vector<std::string>> Searcher::KindNames(
    const std::vector<std::string>& kinds) const {
  return impl_->KindNames(kinds);
}

uint64_t Searcher::DocCount() const {
  Xapian::doccount n = 0;
  (void)CallXapian("counting", [&] { n = impl_->db.get_doccount(); });
  return n;
}

const ingest::Analyzer& Searcher::analyzer() const { return *impl_->analyzer; }

}  // namespace meute::index
