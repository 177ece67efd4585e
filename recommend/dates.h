// Calendar helpers on YYYY-MM-DD strings (proleptic Gregorian, no time zone).
//
// Thread safety: free functions.

#ifndef MEUTE_RECOMMEND_DATES_H_
#define MEUTE_RECOMMEND_DATES_H_

#include <cstdint>
#include <optional>
#include <string>

#include "absl/strings/string_view.h"
#include "ingest/document.h"

namespace meute::recommend {

// Days since 1970-01-01 of a valid YYYY-MM-DD date; nullopt otherwise.
std::optional<int64_t> DayNumber(absl::string_view date);
// The YYYY-MM-DD date of a day number.
std::string DateOfDay(int64_t day);

// True if call `doc` is open on `as_of` (YYYY-MM-DD): opened on or before it
// (or no opening date) and its deadline on or after it (or no deadline).
bool IsOpenOn(const ingest::Document& doc, absl::string_view as_of);

}  // namespace meute::recommend

#endif  // MEUTE_RECOMMEND_DATES_H_
