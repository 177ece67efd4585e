// Applies a Mapping (ingest/csv_mapping.h) to one source record held as a JSON
// object: a CSV row (column -> string), an API object, or front matter.
//
// Thread safety: free functions.

#ifndef MEUTE_INGEST_READERS_MAPPED_RECORD_H_
#define MEUTE_INGEST_READERS_MAPPED_RECORD_H_

#include <optional>
#include <string>
#include <vector>

#include <nlohmann/json.hpp>

#include "absl/strings/string_view.h"
#include "ingest/csv_mapping.h"
#include "ingest/document.h"
#include "ingest/internal/json_record.h"

namespace meute::ingest::internal {

// The scalar values at `path` in `obj`: the member named `path` if there is
// one, else the dotted path, mapped over arrays ("tags.title" collects the
// title of every element of tags). Strings as they are, numbers and booleans
// as their JSON text; nulls, empty strings and objects are left out.
std::vector<std::string> ValuesAt(const nlohmann::json& obj, absl::string_view path);

// Fills `doc` from `obj` following `mapping`. Problems are appended to
// `problems`; returns false if one is fatal (the record must be skipped): a
// kind that is missing (and `default_kind` is nullopt) or unknown. A value
// that cannot be read (a date, a budget, a size, a language) is a warning and
// the field stays empty. Ids are left empty when the mapping gives none.
bool MapRecord(const nlohmann::json& obj, const Mapping& mapping, std::optional<Kind> default_kind,
               Document* doc, std::vector<FieldProblem>* problems);

// Fills the fields of `doc` that are still empty from mapping.defaults (a
// default kind replaces the reader's unless `kind_from_input`). For readers
// whose format has no place for these fields (feeds, pages, PDF, text).
// Problems with the defaults themselves are appended as warnings.
void ApplyDefaults(const Mapping& mapping, bool kind_from_input, Document* doc,
                   std::vector<FieldProblem>* problems);

// "call", "appel", "appel à projets", "AAP", "news", "actualité", "member",
// "membre", "adhérent", "cluster", "pôle" -> the kind; nullopt otherwise.
std::optional<Kind> ParseKindName(absl::string_view name);

// Reads an amount of euros as people write it: "250000", "250 000 €",
// "1,5 M€", "2 millions d'euros", "300 k€", "12.5". nullopt if unreadable.
std::optional<double> ParseEuros(absl::string_view text);

}  // namespace meute::ingest::internal

#endif  // MEUTE_INGEST_READERS_MAPPED_RECORD_H_
