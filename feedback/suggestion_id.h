// Stable ids of the suggestions a digest makes: CLUSTER/KIND/TARGET, e.g.
// "mipyrail/partner/automotech" or "mipyrail/call/call-readynov-h2". They are
// shown in every digest format and carried by the answers of cluster
// managers (feedback_store.h), so they never change for the same cluster and
// target. DO NOT CHANGE the spelling of the kinds: stored answers use them.
//
// Thread safety: plain functions.

#ifndef MEUTE_FEEDBACK_SUGGESTION_ID_H_
#define MEUTE_FEEDBACK_SUGGESTION_ID_H_

#include <string>

#include "absl/status/statusor.h"
#include "absl/strings/string_view.h"

namespace meute::feedback {

enum class SuggestionKind { kPartner, kCall, kBuyer };

// "partner", "call", "buyer".
absl::string_view KindName(SuggestionKind kind);

struct SuggestionId {
  std::string cluster;  // The cluster the digest is for.
  SuggestionKind kind = SuggestionKind::kPartner;
  std::string target;  // A cluster id (partner), a call id, a news id (buyer).

  std::string ToString() const;  // "cluster/kind/target".
  bool operator==(const SuggestionId&) const = default;
};

// Parses "cluster/kind/target". kInvalidArgument (naming the part) when a
// part is empty, holds a space, a '/' (cluster, kind) or a control character,
// or the kind is unknown.
absl::StatusOr<SuggestionId> ParseSuggestionId(absl::string_view text);

// Parses "kind:target" (as `meute feedback --reject partner:automotech`
// takes it) for `cluster`. kInvalidArgument as above.
absl::StatusOr<SuggestionId> ParseKindTarget(absl::string_view cluster, absl::string_view text);

}  // namespace meute::feedback

#endif  // MEUTE_FEEDBACK_SUGGESTION_ID_H_
