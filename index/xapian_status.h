// The only place Xapian exceptions are caught and turned into absl::Status.
//
// Codes: DatabaseLockError -> kUnavailable (another writer); DatabaseModified
// -> kAborted (reopen and retry); DatabaseCorrupt -> kDataLoss;
// DatabaseNotFound / DatabaseOpening -> kNotFound; QueryParserError ->
// kInvalidArgument; any other Xapian::Error -> kInternal.

#ifndef MEUTE_INDEX_XAPIAN_STATUS_H_
#define MEUTE_INDEX_XAPIAN_STATUS_H_

#include <utility>

#include <xapian.h>

#include "absl/status/status.h"
#include "absl/strings/str_cat.h"
#include "absl/strings/string_view.h"

namespace meute::index {

template <typename Fn>
absl::Status CallXapian(absl::string_view what, Fn&& fn) {
  auto msg = [&](const Xapian::Error& e) { return absl::StrCat(what, ": ", e.get_msg()); };
  try {
    std::forward<Fn>(fn)();
    return absl::OkStatus();
  } catch (const Xapian::DatabaseLockError& e) {
    return absl::UnavailableError(msg(e));
  } catch (const Xapian::DatabaseModifiedError& e) {
    return absl::AbortedError(msg(e));
  } catch (const Xapian::DatabaseCorruptError& e) {
    return absl::DataLossError(msg(e));
  } catch (const Xapian::DatabaseNotFoundError& e) {
    return absl::NotFoundError(msg(e));
  } catch (const Xapian::DatabaseOpeningError& e) {
    return absl::NotFoundError(msg(e));
  } catch (const Xapian::QueryParserError& e) {
    return absl::InvalidArgumentError(msg(e));
  } catch (const Xapian::Error& e) {
    return absl::InternalError(absl::StrCat(what, ": ", e.get_description()));
  }
}

}  // namespace meute::index

#endif  // MEUTE_INDEX_XAPIAN_STATUS_H_
