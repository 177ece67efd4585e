// Renderers of a Digest (digest.h): Markdown, a self-contained HTML page with
// inline styles and an inline SVG picture, an RFC 5322 e-mail (MIME
// multipart/alternative, text and HTML with the picture as a cid: PNG) and
// JSON (documented in doc/digest.md).
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

// The picture of the digest's cluster: the cluster in the middle (left),
// each of its suggested partners (at most 4, in the digest's order, the
// recommender's) on the right, and on each link the themes the two share
// (DigestPartner::shared_themes, at most 2; "sans thème commun nommé" and a
// dashed link without). One standalone <svg> document (xmlns, width, height
// and viewBox, 360 wide): every text is 12 units high, so 12 px when shown
// 360 px wide, and wrapped, never cut (WrapText()).
std::string RenderDigestSvg(const Digest& digest);

// The same picture as a PNG (twice the SVG's size), drawn from the SVG by
// librsvg and cairo, which are loaded with dlopen() on first use, so that
// other commands never map them. kFailedPrecondition if librsvg is not
// installed (or the build had no librsvg headers).
absl::StatusOr<std::string> RenderDigestPng(const Digest& digest);

// Whether RenderDigestPng() can work (librsvg loads).
bool PictureRasterizerAvailable();

// The same picture as an HTML table with inline styles only, for mail
// without the PNG: a row per partner, the cluster spanning the rows.
std::string RenderDigestPictureTable(const Digest& digest);

// How the HTML page shows the picture.
enum class HtmlPicture {
  kInlineSvg,  // RenderDigestSvg() inline (the web page).
  kImage,      // <img src=HtmlOptions::image_src> (e-mail: a cid: URL).
  kTable,      // RenderDigestPictureTable().
};

struct HtmlOptions {
  HtmlPicture picture = HtmlPicture::kInlineSvg;
  std::string image_src;  // For kImage, e.g. "cid:picture.x@meute".
};

// One self-contained HTML5 page, readable at 360 px, as mail clients show
// it: no <style> element (every element carries its inline style=
// attribute), no script, no external resource (a CSP meta tag forbids them;
// with kImage it allows cid: images).
std::string RenderDigestHtml(const Digest& digest, const HtmlOptions& options = {});

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
  // The picture: kAuto draws it as a PNG part when librsvg loads, else as a
  // table; kPng fails (kFailedPrecondition) without librsvg.
  enum class Picture { kAuto, kPng, kTable };
  Picture picture = Picture::kAuto;
};

// The digest as one e-mail ready for sendmail -t: headers From, To, Subject
// (RFC 2047 encoded-words, UTF-8), Date (the Monday at `hour`, Paris time),
// Message-ID (derived from the week, the cluster and the From domain, so a
// re-run gives the same id), MIME-Version, Content-Type multipart/alternative
// with a text/plain part (the Markdown) and the page (RenderDigestHtml(), no
// <style>, no SVG), both UTF-8 and quoted-printable. With a PNG picture, the
// page is a multipart/related holding the text/html part and an image/png
// part (base64) whose Content-ID the page's <img src="cid:..."> names;
// otherwise the page is the text/html part itself, with the table picture.
// CRLF line ends. kInvalidArgument if `from` or `to` holds a line break or no
// address; kFailedPrecondition if Picture::kPng and librsvg is absent.
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
