#include "recommend/dates.h"

namespace meute::recommend {
std::optional<int64_t> DayNumber(absl::string_view date) { return ingest::DayNumber(date); }

std::string DateOfDay(int64_t day) { return ingest::DateOfDay(day); }

bool IsOpenOn(const ingest::Document& doc, absl::string_view as_of) {
  if (!doc.opens.empty() && absl::string_view(doc.opens) > as_of) return false;
  if (!doc.deadline.empty() && absl::string_view(doc.deadline) < as_of) return false;
  return true;
}

}  // namespace meute::recommend
