#include "feedback/suggestion_id.h"

#include <string>
#include <vector>

#include "absl/status/status.h"
#include "absl/strings/str_cat.h"
#include "absl/strings/str_split.h"

namespace meute::feedback {
namespace {

absl::Status CheckPart(absl::string_view what, absl::string_view part, bool allow_slash) {
  if (part.empty()) return absl::InvalidArgumentError(absl::StrCat("empty ", what));
  for (char c : part) {
    const auto u = static_cast<unsigned char>(c);
    if (u <= ' ' || u == 0x7f || (!allow_slash && c == '/')) {
      return absl::InvalidArgumentError(
          absl::StrCat(what, " \"", part, "\" holds a space, a '/' or a control character"));
    }
  }
  return absl::OkStatus();
}

absl::StatusOr<SuggestionKind> ParseKind(absl::string_view name) {
  for (SuggestionKind k :
       {SuggestionKind::kPartner, SuggestionKind::kCall, SuggestionKind::kBuyer}) {
    if (name == KindName(k)) return k;
  }
  return absl::InvalidArgumentError(
      absl::StrCat("unknown suggestion kind \"", name, "\" (partner, call or buyer)"));
}

}  // namespace

absl::string_view KindName(SuggestionKind kind) {
  switch (kind) {
    case SuggestionKind::kPartner:
      return "partner";
    case SuggestionKind::kCall:
      return "call";
    case SuggestionKind::kBuyer:
      return "buyer";
  }
  return "partner";
}

std::string SuggestionId::ToString() const {
  return absl::StrCat(cluster, "/", KindName(kind), "/", target);
}

absl::StatusOr<SuggestionId> ParseSuggestionId(absl::string_view text) {
  const std::vector<absl::string_view> parts = absl::StrSplit(text, absl::MaxSplits('/', 2));
  if (parts.size() != 3) {
    return absl::InvalidArgumentError(
        absl::StrCat("suggestion id \"", text, "\" is not CLUSTER/KIND/TARGET"));
  }
  if (absl::Status s = CheckPart("cluster", parts[0], false); !s.ok()) return s;
  SuggestionId id;
  id.cluster = std::string(parts[0]);
  absl::StatusOr<SuggestionKind> kind = ParseKind(parts[1]);
  if (!kind.ok()) return kind.status();
  id.kind = *kind;
  if (absl::Status s = CheckPart("target", parts[2], true); !s.ok()) return s;
  id.target = std::string(parts[2]);
  return id;
}

absl::StatusOr<SuggestionId> ParseKindTarget(absl::string_view cluster, absl::string_view text) {
  const size_t colon = text.find(':');
  if (colon == absl::string_view::npos) {
    return absl::InvalidArgumentError(
        absl::StrCat("\"", text, "\" is not KIND:TARGET, e.g. partner:automotech"));
  }
  return ParseSuggestionId(
      absl::StrCat(cluster, "/", text.substr(0, colon), "/", text.substr(colon + 1)));
}

}  // namespace meute::feedback
