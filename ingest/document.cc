#include "ingest/document.h"

#include <string>

#include <nlohmann/json.hpp>

#include "absl/strings/str_cat.h"
#include "absl/strings/str_format.h"
#include "ingest/internal/json_record.h"

namespace meute::ingest {

absl::string_view KindName(Kind kind) {
  switch (kind) {
    case Kind::kCluster:
      return "cluster";
    case Kind::kMember:
      return "member";
    case Kind::kCall:
      return "call";
    case Kind::kNews:
      return "news";
  }
  return "news";
}

std::optional<Kind> ParseKind(absl::string_view name) {
  if (name == "cluster") return Kind::kCluster;
  if (name == "member") return Kind::kMember;
  if (name == "call") return Kind::kCall;
  if (name == "news") return Kind::kNews;
  return std::nullopt;
}

bool IsValidDate(absl::string_view date) {
  if (date.size() != 10 || date[4] != '-' || date[7] != '-') return false;
  for (size_t i : {0, 1, 2, 3, 5, 6, 8, 9}) {
    if (date[i] < '0' || date[i] > '9') return false;
  }
  auto num = [&](size_t pos, size_t len) {
    int v = 0;
    for (size_t i = pos; i < pos + len; ++i) v = v * 10 + (date[i] - '0');
    return v;
  };
  const int year = num(0, 4), month = num(5, 2), day = num(8, 2);
  if (year < 1900 || month < 1 || month > 12 || day < 1) return false;
  static constexpr int kDays[] = {31, 28, 31, 30, 31, 30, 31, 31, 30, 31, 30, 31};
  const bool leap = (year % 4 == 0 && year % 100 != 0) || year % 400 == 0;
  const int max_day = kDays[month - 1] + (month == 2 && leap ? 1 : 0);
  return day <= max_day;
}

// Howard Hinnant's days_from_civil and civil_from_days.
std::optional<int64_t> DayNumber(absl::string_view date) {
  if (!IsValidDate(date)) return std::nullopt;
  auto num = [&](size_t pos, size_t len) {
    int64_t v = 0;
    for (size_t i = pos; i < pos + len; ++i) v = v * 10 + (date[i] - '0');
    return v;
  };
  const int64_t m = num(5, 2), d = num(8, 2);
  const int64_t y = num(0, 4) - (m <= 2);
  const int64_t era = (y >= 0 ? y : y - 399) / 400;
  const int64_t yoe = y - era * 400;
  const int64_t doy = (153 * (m + (m > 2 ? -3 : 9)) + 2) / 5 + d - 1;
  const int64_t doe = yoe * 365 + yoe / 4 - yoe / 100 + doy;
  return era * 146097 + doe - 719468;
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

std::string ToJson(const Document& doc) {
  return internal::DocumentToJsonObject(doc).dump(-1, ' ', false,
                                                  nlohmann::json::error_handler_t::replace);
}

absl::StatusOr<Document> FromJson(absl::string_view json) {
  nlohmann::json obj = nlohmann::json::parse(json.begin(), json.end(), nullptr,
                                             /*allow_exceptions=*/false);
  if (obj.is_discarded() || !obj.is_object()) {
    return absl::InvalidArgumentError("stored record is not a JSON object");
  }
  Document doc;
  std::vector<internal::FieldProblem> problems;
  if (!internal::DocumentFromJsonObject(obj, std::string::npos, &doc, &problems)) {
    return absl::InvalidArgumentError(
        absl::StrCat("stored record is invalid: ", problems.front().message));
  }
  return doc;
}

}  // namespace meute::ingest
