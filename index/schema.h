// The layout of a Meute Xapian database: term prefixes, value slots and
// metadata keys. doc/formats.md ("Index") describes the same layout for
// people; keep the two in step.
//
// Everything here is persisted: DO NOT CHANGE a prefix, a slot number or a key
// without bumping kSchemaVersion (databases store it and are refused when it
// differs).
//
// Thread safety: constants and pure functions only.

#ifndef MEUTE_INDEX_SCHEMA_H_
#define MEUTE_INDEX_SCHEMA_H_

#include <string>

#include "absl/strings/string_view.h"

namespace meute::index {

// Bump when the terms, values or data written for a record change.
// 2: funder terms (XF) also hold the funder's other names and the programme.
inline constexpr int kSchemaVersion = 2;

// Title words count this many times in the body terms (and once more under
// the title prefixes): a word of the title says more about a record than one
// of its text. Document labels weigh titles the same way.
inline constexpr unsigned kTitleWeight = 3;

// Term prefixes. Unprefixed terms are Token::form, with positions.
inline constexpr absl::string_view kPrefixStem = "Z";        // Z + stem, no positions.
inline constexpr absl::string_view kPrefixTitle = "S";       // S + title form, positions.
inline constexpr absl::string_view kPrefixTitleStem = "SZ";  // SZ + title stem.
inline constexpr absl::string_view kPrefixId = "Q";          // Q + record id (unique).
inline constexpr absl::string_view kPrefixKind = "K";        // K + kind name.
inline constexpr absl::string_view kPrefixCluster = "XC";    // XC + normalised cluster id/name.
inline constexpr absl::string_view kPrefixFunder = "XF";     // XF + normalised funder, programme
                                                             // and their names (FunderNames()).
inline constexpr absl::string_view kPrefixSource = "XS";     // XS + normalised source.
inline constexpr absl::string_view kPrefixLang = "L";        // L + "fr" | "en".
inline constexpr absl::string_view kPrefixTheme = "XT";      // XT + normalised theme.
inline constexpr absl::string_view kPrefixSize = "XM";       // XM + normalised member size.
inline constexpr absl::string_view kPrefixCity = "XV";       // XV + normalised city.
// The term "XD" alone marks records with a `duplicate_of`: searches collapse
// near-duplicates only when some exist (Xapian's match counts are estimates
// when collapsing).
inline constexpr absl::string_view kTermDuplicate = "XD";

// Value slots.
inline constexpr unsigned kSlotDate = 0;         // "YYYYMMDD" of `date`.
inline constexpr unsigned kSlotDeadline = 1;     // "YYYYMMDD"; calls without one: "99999999".
inline constexpr unsigned kSlotBudget = 2;       // Xapian::sortable_serialise(budget_eur).
inline constexpr unsigned kSlotMonth = 3;        // "YYYY-MM" of `date` (facets).
inline constexpr unsigned kSlotContentHash = 4;  // 16 hex digits (see ContentHash()).
inline constexpr unsigned kSlotCollapse = 5;     // `duplicate_of`, or the record's own id.
inline constexpr unsigned kSlotKind = 6;         // Kind name (facets).
inline constexpr unsigned kSlotFunder = 7;       // `funder` as written (facets).
inline constexpr unsigned kSlotSource = 8;       // `source` as written (facets).
inline constexpr unsigned kSlotClusters = 9;     // Cluster ids joined by kListSeparator.
inline constexpr unsigned kSlotOpens = 10;  // "YYYYMMDD" of `opens`; calls without: "00000000".

// Separates the items of a list-valued slot.
inline constexpr char kListSeparator = '\x1f';

// Sentinels so that calls without dates sort and filter sensibly: a call
// without a deadline is a rolling call (always open), one without an opening
// date opened long ago.
inline constexpr absl::string_view kNoDeadline = "99999999";
inline constexpr absl::string_view kNoOpens = "00000000";

// Metadata keys.
inline constexpr absl::string_view kMetaAnalyzerVersion = "meute.analyzer_version";
inline constexpr absl::string_view kMetaSchemaVersion = "meute.schema_version";
// `meute index`: the ids an input file produced (index/index_files.cc), one key
// per file: this prefix and ContentHash() of its absolute path.
inline constexpr absl::string_view kMetaSourcePrefix = "meute.source.";

// Positions: the title starts at 0; each further text field starts kFieldGap
// positions after the previous one ended, so phrases never span two fields.
inline constexpr unsigned kFieldGap = 100;

// Longest term Xapian accepts is 245 bytes; longer boolean values are cut.
inline constexpr size_t kMaxTermBytes = 240;

// "2026-03-31" -> "20260331"; "" for anything that is not YYYY-MM-DD.
std::string DateValue(absl::string_view date);

// FNV-1a 64-bit hash of `data`, as 16 lower-case hex digits. Stable across
// platforms: persisted in kSlotContentHash.
std::string ContentHash(absl::string_view data);

}  // namespace meute::index

#endif  // MEUTE_INDEX_SCHEMA_H_
