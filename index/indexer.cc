#include "index/indexer.h"

#include <algorithm>
#include <filesystem>
#include <functional>
#include <optional>
#include <set>
#include <string>
#include <system_error>
#include <utility>
#include <vector>

#include <xapian.h>

#include "absl/container/flat_hash_map.h"
#include "absl/strings/ascii.h"
#include "absl/strings/str_cat.h"
#include "base/status_macros.h"
#include "index/internal/database.h"
#include "index/internal/terms.h"
#include "index/schema.h"
#include "index/xapian_status.h"

namespace meute::index {
namespace {

namespace fs = std::filesystem;
using ingest::Language;

// Adds the terms of one text field starting at position `*next_pos`, and moves
// `*next_pos` past it plus kFieldGap.
void AddField(const ingest::Analyzer& analyzer, absl::string_view text, Language lang,
              Xapian::termcount weight, bool title, Xapian::termpos* next_pos,
              Xapian::Document* doc) {
  if (text.empty()) return;
  const std::vector<ingest::Token> tokens = analyzer.Analyze(text, lang);
  const std::string stem_prefix(kPrefixStem);
  const std::string title_prefix(kPrefixTitle);
  const std::string title_stem_prefix(kPrefixTitleStem);
  Xapian::termpos last = 0;
  for (const ingest::Token& t : tokens) {
    if (t.form.empty() || t.form.size() > kMaxTermBytes) continue;
    const Xapian::termpos pos = *next_pos + t.position;
    last = std::max(last, pos);
    doc->add_posting(t.form, pos, weight);
    for (const std::string& stem : t.stems) {
      if (stem.empty() || stem.size() > kMaxTermBytes) continue;
      doc->add_term(stem_prefix + stem, weight);
      if (title) doc->add_term(title_stem_prefix + stem, 1);
    }
    if (title) doc->add_posting(title_prefix + t.form, pos, 1);
  }
  if (last >= *next_pos) *next_pos = last + 1 + kFieldGap;
}

void AddBoolean(absl::string_view prefix, absl::string_view value, Xapian::Document* doc) {
  if (value.empty()) return;
  std::string term = absl::StrCat(prefix, value);
  if (term.size() > kMaxTermBytes) term.resize(kMaxTermBytes);
  doc->add_boolean_term(term);
}

void AddNormalized(const ingest::Analyzer& analyzer, absl::string_view prefix,
                   absl::string_view value, Xapian::Document* doc) {
  AddBoolean(prefix, internal::NormalizeValue(analyzer, value), doc);
}

// The forms of `doc` that go to the spelling dictionary. Computed from the
// document's own terms, so that replacing a record removes exactly what
// adding it added.
std::vector<std::string> SpellingWords(const ingest::Analyzer& analyzer,
                                       const Xapian::Document& doc, Language lang) {
  std::vector<std::string> words;
  for (auto it = doc.termlist_begin(); it != doc.termlist_end(); ++it) {
    const std::string term = *it;
    if (term.empty() || absl::ascii_isupper(static_cast<unsigned char>(term[0]))) continue;
    if (!internal::IsSpellingWord(term) || analyzer.IsStopword(term, lang)) continue;
    words.push_back(term);
  }
  return words;
}

Language LanguageOfStoredDocument(const Xapian::Document& doc) {
  const std::string lang_prefix(kPrefixLang);
  auto it = doc.termlist_begin();
  it.skip_to(lang_prefix);
  if (it != doc.termlist_end() && *it == lang_prefix + "en") return Language::kEnglish;
  return Language::kFrench;
}

}  // namespace

std::string RecordHash(const ingest::Document& record) {
  return ContentHash(
      absl::StrCat(ingest::ToJson(record), "\n", ingest::kAnalyzerVersion, ".", kSchemaVersion));
}

ingest::Language RecordLanguage(const ingest::Analyzer& analyzer, const ingest::Document& record) {
  if (record.lang == "fr") return Language::kFrench;
  if (record.lang == "en") return Language::kEnglish;
  // Stop words are the most frequent words of a language: count both lists'
  // words in the first few kilobytes.
  std::string sample = record.title;
  sample.push_back('\n');
  sample.append(record.text.substr(0, 4000));
  int fr = 0, en = 0;
  for (const ingest::Token& t : analyzer.Analyze(sample, Language::kFrench)) {
    if (t.joined) continue;
    if (analyzer.IsStopword(t.form, Language::kFrench)) ++fr;
    if (analyzer.IsStopword(t.form, Language::kEnglish)) ++en;
  }
  return (en >= 3 && en > 2 * fr) ? Language::kEnglish : Language::kFrench;
}

struct Indexer::Impl {
  Impl(std::string dir, const ingest::Analyzer& a, const IndexerOptions& o)
      : db_dir(std::move(dir)), analyzer(a), options(o) {}

  // Writes the record `id_term` with content `hash` unless the database has it
  // already; `build` makes the document and its spelling words when needed.
  using BuildFn = std::function<void(Xapian::Document* doc, std::vector<std::string>* spelling)>;
  absl::StatusOr<AddOutcome> Write(absl::string_view id, const std::string& id_term,
                                   const std::string& hash, const BuildFn& build,
                                   bool new_id = false);
  absl::Status BeginBatchIfNeeded();
  absl::Status CommitBatch();
  absl::Status SwapRebuilt();
  static Xapian::Document Build(const ingest::Analyzer& analyzer, const ingest::Document& record,
                                const std::string& hash);

  std::string db_dir;
  std::string write_dir;  // db_dir, or the rebuild directory beside it.
  const ingest::Analyzer& analyzer;
  IndexerOptions options;
  Xapian::WritableDatabase db;
  std::optional<Xapian::WritableDatabase> lock_holder;  // rebuild: keeps others out of db_dir.
  // The spelling words added since the last ApplySpelling(), with their
  // counts: one add_spelling() per word and batch instead of one per word and
  // record (Xapian keeps its pending spelling changes in an ordered map; that
  // was a third of the writer thread's time). The dictionary ends the same:
  // additions commute, and they are applied before any removal and commit.
  absl::flat_hash_map<std::string, Xapian::termcount> spelling_adds;
  void ApplySpelling();
  bool in_transaction = false;
  bool failed = false;
  int pending = 0;
};

Xapian::Document Indexer::Impl::Build(const ingest::Analyzer& analyzer,
                                      const ingest::Document& record, const std::string& hash) {
  Xapian::Document doc;
  const Language lang = RecordLanguage(analyzer, record);
  ingest::Document stored = record;
  if (stored.lang.empty()) stored.lang = std::string(ingest::LanguageCode(lang));
  doc.set_data(ingest::ToJson(stored));

  Xapian::termpos pos = 1;
  AddField(analyzer, record.title, lang, kTitleWeight, /*title=*/true, &pos, &doc);
  AddField(analyzer, record.text, lang, 1, false, &pos, &doc);
  for (const std::string* field :
       {&record.name, &record.organisation, &record.city, &record.programme, &record.funder}) {
    AddField(analyzer, *field, lang, 1, false, &pos, &doc);
  }
  for (const std::vector<std::string>* list : {&record.sectors, &record.skills, &record.themes}) {
    for (const std::string& item : *list) AddField(analyzer, item, lang, 1, false, &pos, &doc);
  }

  AddBoolean(kPrefixId, record.id, &doc);
  if (!record.duplicate_of.empty()) doc.add_boolean_term(std::string(kTermDuplicate));
  AddBoolean(kPrefixKind, ingest::KindName(record.kind), &doc);
  AddBoolean(kPrefixLang, ingest::LanguageCode(lang), &doc);
  std::vector<std::string> clusters = record.clusters;
  if (record.kind == ingest::Kind::kCluster) clusters.insert(clusters.begin(), record.id);
  for (const std::string& c : clusters) {
    AddBoolean(kPrefixCluster, c, &doc);
    AddNormalized(analyzer, kPrefixCluster, c, &doc);
  }
  if (record.kind == ingest::Kind::kCluster) {
    AddNormalized(analyzer, kPrefixCluster, record.name, &doc);
  }
  AddNormalized(analyzer, kPrefixFunder, record.funder, &doc);
  for (const std::string& name : internal::FunderNames(analyzer, record.funder)) {
    AddBoolean(kPrefixFunder, name, &doc);
  }
  // A programme names who pays as much as the funder does ("France 2030").
  AddNormalized(analyzer, kPrefixFunder, record.programme, &doc);
  for (const std::string& name : internal::FunderNames(analyzer, record.programme)) {
    AddBoolean(kPrefixFunder, name, &doc);
  }
  AddNormalized(analyzer, kPrefixSource, record.source, &doc);
  for (const std::string& theme : record.themes) {
    AddNormalized(analyzer, kPrefixTheme, theme, &doc);
  }
  AddNormalized(analyzer, kPrefixSize, record.size, &doc);
  AddNormalized(analyzer, kPrefixCity, record.city, &doc);

  if (const std::string date = DateValue(record.date); !date.empty()) {
    doc.add_value(kSlotDate, date);
    doc.add_value(kSlotMonth, record.date.substr(0, 7));
  }
  std::string deadline = DateValue(record.deadline);
  std::string opens = DateValue(record.opens);
  if (record.kind == ingest::Kind::kCall) {
    if (deadline.empty()) deadline = std::string(kNoDeadline);
    if (opens.empty()) opens = std::string(kNoOpens);
  }
  if (!deadline.empty()) doc.add_value(kSlotDeadline, deadline);
  if (!opens.empty()) doc.add_value(kSlotOpens, opens);
  if (record.budget_eur.has_value()) {
    doc.add_value(kSlotBudget, Xapian::sortable_serialise(*record.budget_eur));
  }
  doc.add_value(kSlotContentHash, hash);
  doc.add_value(kSlotCollapse, record.duplicate_of.empty() ? record.id : record.duplicate_of);
  doc.add_value(kSlotKind, std::string(ingest::KindName(record.kind)));
  if (!record.funder.empty()) doc.add_value(kSlotFunder, record.funder);
  if (!record.source.empty()) doc.add_value(kSlotSource, record.source);
  if (!record.clusters.empty() || record.kind == ingest::Kind::kCluster) {
    std::string packed;
    for (const std::string& c : clusters) {
      if (!packed.empty()) packed.push_back(kListSeparator);
      packed += c;
    }
    doc.add_value(kSlotClusters, packed);
  }
  return doc;
}

void Indexer::Impl::ApplySpelling() {
  for (const auto& [word, count] : spelling_adds) db.add_spelling(word, count);
  spelling_adds.clear();
}

absl::Status Indexer::Impl::BeginBatchIfNeeded() {
  if (failed) return absl::FailedPreconditionError("indexer stopped after an earlier error");
  if (in_transaction) return absl::OkStatus();
  MEUTE_RETURN_IF_ERROR(CallXapian(absl::StrCat("writing index \"", db_dir, "\""),
                                   [&] { db.begin_transaction(/*flushed=*/true); }));
  in_transaction = true;
  return absl::OkStatus();
}

absl::Status Indexer::Impl::CommitBatch() {
  if (failed) return absl::FailedPreconditionError("indexer stopped after an earlier error");
  absl::Status s = CallXapian(absl::StrCat("committing index \"", db_dir, "\""), [&] {
    if (!in_transaction) db.begin_transaction(true);
    in_transaction = true;
    ApplySpelling();
    db.set_metadata(std::string(kMetaAnalyzerVersion), std::to_string(ingest::kAnalyzerVersion));
    db.set_metadata(std::string(kMetaSchemaVersion), std::to_string(kSchemaVersion));
    db.commit_transaction();
    in_transaction = false;
  });
  if (!s.ok()) failed = true;
  pending = 0;
  return s;
}

absl::StatusOr<AddOutcome> Indexer::Impl::Write(absl::string_view id, const std::string& id_term,
                                                const std::string& hash, const BuildFn& build,
                                                bool new_id) {
  MEUTE_RETURN_IF_ERROR(BeginBatchIfNeeded());
  AddOutcome outcome = AddOutcome::kAdded;
  absl::Status s = CallXapian(absl::StrCat("indexing \"", id, "\""), [&] {
    if (new_id) {
      // No document has the id term: replace_document() would look it up
      // and add the document; add it directly (same document id).
      Xapian::Document doc;
      std::vector<std::string> spelling;
      build(&doc, &spelling);
      for (std::string& w : spelling) ++spelling_adds[std::move(w)];
      db.add_document(doc);
      return;
    }
    Xapian::PostingIterator it = db.postlist_begin(id_term);
    if (it != db.postlist_end(id_term)) {
      const Xapian::Document old = db.get_document(*it);
      if (old.get_value(kSlotContentHash) == hash) {
        outcome = AddOutcome::kUnchanged;
        return;
      }
      outcome = AddOutcome::kReplaced;
      if (options.spelling) {
        ApplySpelling();
        for (const std::string& w : SpellingWords(analyzer, old, LanguageOfStoredDocument(old))) {
          db.remove_spelling(w);
        }
      }
    }
    Xapian::Document doc;
    std::vector<std::string> spelling;
    build(&doc, &spelling);
    for (std::string& w : spelling) ++spelling_adds[std::move(w)];
    db.replace_document(id_term, doc);
  });
  if (!s.ok()) {
    failed = true;
    return s;
  }
  if (outcome != AddOutcome::kUnchanged && ++pending >= options.batch_size) {
    MEUTE_RETURN_IF_ERROR(CommitBatch());
  }
  return outcome;
}

absl::Status Indexer::Impl::SwapRebuilt() {
  // Close both databases (releasing the locks) before moving directories.
  MEUTE_RETURN_IF_ERROR(CallXapian("closing rebuilt index", [&] {
    db.close();
    if (lock_holder.has_value()) lock_holder->close();
  }));
  MEUTE_RETURN_IF_ERROR(internal::SwapInRebuilt(write_dir, db_dir));
  // Reopen so that the Indexer stays usable after the swap.
  write_dir = db_dir;
  options.rebuild = false;
  lock_holder.reset();
  return CallXapian(absl::StrCat("reopening index \"", db_dir, "\""),
                    [&] { db = Xapian::WritableDatabase(db_dir, Xapian::DB_OPEN); });
}

Indexer::Indexer(std::unique_ptr<Impl> impl) : impl_(std::move(impl)) {}

Indexer::~Indexer() {
  if (impl_ == nullptr) return;
  // Discard the open batch: WritableDatabase's destructor would commit it.
  (void)CallXapian("discarding uncommitted changes", [&] {
    if (impl_->in_transaction) impl_->db.cancel_transaction();
    impl_->db.close();
    if (impl_->lock_holder.has_value()) impl_->lock_holder->close();
  });
  if (impl_->options.rebuild) {
    std::error_code ec;
    fs::remove_all(impl_->write_dir, ec);
  }
}

absl::StatusOr<std::unique_ptr<Indexer>> Indexer::Open(absl::string_view db_dir,
                                                       const ingest::Analyzer& analyzer,
                                                       const IndexerOptions& options) {
  if (db_dir.empty()) return absl::InvalidArgumentError("no index directory given");
  auto impl = std::make_unique<Impl>(std::string(db_dir), analyzer, options);
  if (impl->options.batch_size < 1) impl->options.batch_size = 1;
  std::error_code ec;
  const bool exists = fs::exists(impl->db_dir, ec);
  if (exists && !fs::is_directory(impl->db_dir, ec)) {
    return absl::InvalidArgumentError(
        absl::StrCat("index path \"", db_dir, "\" exists and is not a directory"));
  }
  const std::string where = absl::StrCat("opening index \"", db_dir, "\" for writing");
  auto locked = [&](const absl::Status& s) {
    if (s.code() != absl::StatusCode::kUnavailable) return s;
    return absl::UnavailableError(absl::StrCat(
        "index \"", db_dir, "\" is locked by another writer (is another `meute index` running?)"));
  };
  if (options.rebuild) {
    if (exists && !fs::is_empty(impl->db_dir, ec)) {
      absl::Status s =
          CallXapian(where, [&] { impl->lock_holder.emplace(impl->db_dir, Xapian::DB_OPEN); });
      if (!s.ok()) return locked(s);
    }
    impl->write_dir = internal::RebuildDir(impl->db_dir);
    fs::remove_all(impl->write_dir, ec);
    absl::Status s = CallXapian(
        where, [&] { impl->db = Xapian::WritableDatabase(impl->write_dir, Xapian::DB_CREATE); });
    if (!s.ok()) return locked(s);
  } else {
    impl->write_dir = impl->db_dir;
    absl::Status s = CallXapian(where, [&] {
      impl->db = Xapian::WritableDatabase(impl->db_dir, Xapian::DB_CREATE_OR_OPEN);
    });
    if (!s.ok()) return locked(s);
    MEUTE_RETURN_IF_ERROR(internal::CheckVersions(impl->db, db_dir));
  }
  return std::unique_ptr<Indexer>(new Indexer(std::move(impl)));
}

absl::StatusOr<AddOutcome> Indexer::Add(const ingest::Document& record) {
  const std::string hash = RecordHash(record);
  return impl_->Write(record.id, absl::StrCat(kPrefixId, record.id), hash,
                      [&](Xapian::Document* doc, std::vector<std::string>* spelling) {
                        *doc = Impl::Build(impl_->analyzer, record, hash);
                        if (impl_->options.spelling) {
                          *spelling =
                              SpellingWords(impl_->analyzer, *doc, LanguageOfStoredDocument(*doc));
                        }
                      });
}

struct PreparedRecord::Impl {
  std::string id;
  std::string hash;
  Xapian::Document doc;
  std::vector<std::string> spelling;
};

PreparedRecord::PreparedRecord(std::unique_ptr<Impl> impl) : impl_(std::move(impl)) {}
PreparedRecord::PreparedRecord(PreparedRecord&&) noexcept = default;
PreparedRecord& PreparedRecord::operator=(PreparedRecord&&) noexcept = default;
PreparedRecord::~PreparedRecord() = default;

PreparedRecord Indexer::Prepare(const ingest::Analyzer& analyzer, const ingest::Document& record,
                                bool spelling) {
  auto p = std::make_unique<PreparedRecord::Impl>();
  p->id = record.id;
  p->hash = RecordHash(record);
  p->doc = Impl::Build(analyzer, record, p->hash);
  if (spelling) p->spelling = SpellingWords(analyzer, p->doc, LanguageOfStoredDocument(p->doc));
  return PreparedRecord(std::move(p));
}

absl::StatusOr<AddOutcome> Indexer::Add(PreparedRecord prepared, bool new_id) {
  PreparedRecord::Impl& p = *prepared.impl_;
  return impl_->Write(
      p.id, absl::StrCat(kPrefixId, p.id), p.hash,
      [&](Xapian::Document* doc, std::vector<std::string>* spelling) {
        *doc = std::move(p.doc);
        if (impl_->options.spelling) *spelling = std::move(p.spelling);
      },
      new_id);
}

absl::StatusOr<bool> Indexer::Delete(absl::string_view id) {
  MEUTE_RETURN_IF_ERROR(impl_->BeginBatchIfNeeded());
  const std::string id_term = absl::StrCat(kPrefixId, id);
  bool found = false;
  absl::Status s = CallXapian(absl::StrCat("deleting \"", id, "\""), [&] {
    Xapian::PostingIterator it = impl_->db.postlist_begin(id_term);
    if (it == impl_->db.postlist_end(id_term)) return;
    found = true;
    if (impl_->options.spelling) {
      impl_->ApplySpelling();
      const Xapian::Document old = impl_->db.get_document(*it);
      for (const std::string& w :
           SpellingWords(impl_->analyzer, old, LanguageOfStoredDocument(old))) {
        impl_->db.remove_spelling(w);
      }
    }
    impl_->db.delete_document(id_term);
  });
  if (!s.ok()) {
    impl_->failed = true;
    return s;
  }
  if (found) ++impl_->pending;
  return found;
}

absl::Status Indexer::SetMetadata(absl::string_view key, absl::string_view value) {
  MEUTE_RETURN_IF_ERROR(impl_->BeginBatchIfNeeded());
  absl::Status s = CallXapian(absl::StrCat("setting metadata \"", key, "\""), [&] {
    impl_->db.set_metadata(std::string(key), std::string(value));
  });
  if (!s.ok()) {
    impl_->failed = true;
    return s;
  }
  ++impl_->pending;
  return absl::OkStatus();
}

absl::Status Indexer::Flush() { return impl_->CommitBatch(); }

absl::Status Indexer::Commit() {
  MEUTE_RETURN_IF_ERROR(impl_->CommitBatch());
  if (impl_->options.rebuild) MEUTE_RETURN_IF_ERROR(impl_->SwapRebuilt());
  return absl::OkStatus();
}

uint64_t Indexer::DocCount() const {
  Xapian::doccount n = 0;
  (void)CallXapian("counting", [&] { n = impl_->db.get_doccount(); });
  return n;
}

}  // namespace meute::index
