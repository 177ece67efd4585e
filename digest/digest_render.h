// Renderers of a Digest (digest.h): Markdown, a self-contained HTML page with
// an inline SVG picture, an RFC 5322 e-mail (MIME multipart/alternative, text
// and HTML) and JSON (documented in doc/digest.md).
//
// Renderers are pure: the same Digest always gives the same bytes. Every
// string from the corpus is escaped for its context (digest_text.h); in HTML
// only http(s) URLs become links, and the page carries a Content-Security-
// Policy that forbids scripts and every external resource.
//
// Thread safety: pure functions.

#ifndef MEUTE_DIGEST_DIGEST_RENDER_H_
#define MEUTE_DIGEST_DIGEST_RENDER_H_

#include <string>

#include "absl/status/statusor.h"
#include "absl/strings/string_view.h"
#include "digest/digest.h"

namespace meute::digest {

// One plain-text sentence saying what to act on this week, e.g. "2 appels se
// ferment d’ici 30 jours (le premier à J-11) ; 3 nouveaux appels ; en hausse :
// hydrogène". Raw text: escape it for the output.
std::string DigestHeadline(const Digest& digest);

// The e-mail subject, e.g. "Meute · Mipyrail · semaine 48 — 2 appels à
// échéance, 3 nouveaux". Raw UTF-8 text.
std::string DigestSubject(const Digest& digest);

// Markdown (CommonMark), readable as plain text too; every section fits a
// phone screen given the limits the assembly applies.
std::string RenderDigestMarkdown(const Digest& digest);

// The inline SVG picture: the cluster (left), the themes that link it to its
// suggested partners (middle) and those partners (right). An <svg> element
// with a <title>, meant to sit inside the HTML page.
std::string RenderDigestSvg(const Digest& digest);

// One self-contained HTML5 page: inline CSS, the inline SVG, no script, no
// external resource (a CSP meta tag forbids them), readable at 375 px.
std::string RenderDigestHtml(const Digest& digest);

struct EmailOptions {
  // RFC 5322 mailbox ("Name <addr>" or "addr"); non-ASCII names are encoded
  // (RFC 2047). Default: "Meute <meute@localhost>".
  std::string from = "Meute <meute@localhost>";
  // Recipient; "{cluster}" is replaced by the cluster id and "{name}" by its
  // name. Default: "{cluster}@localhost".
  std::string to = "{cluster}@localhost";
  // Local hour (Europe/Paris) of the Date header on the digest's Monday.
  // Default: 7.
  int hour = 7;
};

// The digest as one e-mail ready for sendmail -t: headers From, To, Subject
// (RFC 2047 encoded-words, UTF-8), Date (the Monday at `hour`, Paris time),
// Message-ID (derived from the week, the cluster and the From domain, so a
// re-run gives the same id), MIME-Version, Content-Type multipart/alternative
// with a text/plain part (the Markdown) and a text/html part (the page), both
// UTF-8 and quoted-printable; CRLF line ends.
// kInvalidArgument if `from` or `to` holds a line break or no address.
absl::StatusOr<std::string> RenderDigestEmail(const Digest& digest,
                                              const EmailOptions& options = {});

// JSON (UTF-8, two-space indent, keys in a fixed order, final newline):
// see doc/digest.md. Stable: the same Digest gives the same bytes.
std::string DigestToJson(const Digest& digest);

// Parses what DigestToJson() wrote. kInvalidArgument if `json` is not such an
// object (unknown keys are ignored; missing keys take their defaults);
// kFailedPrecondition if its format_version is newer than this build knows.
absl::StatusOr<Digest> DigestFromJson(absl::string_view json);

}  // namespace meute::digest

#endif  // MEUTE_DIGEST_DIGEST_RENDER_H_
