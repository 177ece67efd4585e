#include "index/schema.h"

#include <cstdint>

#include "absl/strings/str_cat.h"
#include "absl/strings/str_format.h"
#include "ingest/document.h"

namespace meute::index {

std::string DateValue(absl::string_view date) {
  if (!ingest::IsValidDate(date)) return "";
  return absl::StrCat(date.substr(0, 4), date.substr(5, 2), date.substr(8, 2));
}

std::string ContentHash(absl::string_view data) {
  uint64_t h = 14695981039346656037ULL;
  for (char c : data) {
    h ^= static_cast<uint8_t>(c);
    h *= 1099511628211ULL;
  }
  return absl::StrFormat("%016x", h);
}

}  // namespace meute::index
