#include "recommend/dates.h"

#include "absl/strings/numbers.h"
#include "absl/strings/str_format.h"

namespace meute::recommend {
namespace {

// Howard Hinnant's days_from_civil / civil_from_days.
int64_t DaysFromCivil(int64_t y, int64_t m, int64_t d) {
  y -= m <= 2;
  const int64_t era = (y >= 0 ? y : y - 399) / 400;
  const int64_t yoe = y - era * 400;
  const int64_t doy = (153 * (m + (m > 2 ? -3 : 9)) + 2) / 5 + d - 1;
  const int64_t doe = yoe * 365 + yoe / 4 - yoe / 100 + doy;
  return era * 146097 + doe - 719468;
}

}  // namespace

std::optional<int64_t> DayNumber(absl::string_view date) {
  if (!ingest::IsValidDate(date)) return std::nullopt;
  int y = 0, m = 0, d = 0;
  if (!absl::SimpleAtoi(date.substr(0, 4), &y) || !absl::SimpleAtoi(date.substr(5, 2), &m) ||
      !absl::SimpleAtoi(date.substr(8, 2), &d)) {
    return std::nullopt;
  }
  return DaysFromCivil(y, m, d);
}

std::string DateOfDay(int64_t z) {
  z += 719468;
  const int64_t era = (z >= 0 ? z : z - 146096) / 146097;
  const int64_t doe = z - era * 146097;
  const int64_t yoe = (doe - doe / 1460 + doe / 36524 - doe / 146096) / 365;
  const int64_t doy = doe - (365 * yoe + yoe / 4 - yoe / 100);
  const int64_t mp = (5 * doy + 2) / 153;
  const int64_t d = doy - (153 * mp + 2) / 5 + 1;
  const int64_t m = mp + (mp < 10 ? 3 : -9);
  const int64_t y = yoe + era * 400 + (m <= 2);
  return absl::StrFormat("%04d-%02d-%02d", y, m, d);
}

bool IsOpenOn(const ingest::Document& doc, absl::string_view as_of) {
  if (!doc.opens.empty() && absl::string_view(doc.opens) > as_of) return false;
  if (!doc.deadline.empty() && absl::string_view(doc.deadline) < as_of) return false;
  return true;
}

}  // namespace meute::recommend
