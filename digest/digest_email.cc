// The digest as an RFC 5322 / MIME message (RFC 2045-2047, 2387): multipart/
// alternative with the Markdown as text/plain and the page as text/html, both
// UTF-8 and quoted-printable, the page and its PNG picture in a
// multipart/related, headers encoded with RFC 2047 encoded-words.

#include <algorithm>
#include <cstdint>
#include <string>
#include <vector>

#include "absl/status/status.h"
#include "absl/status/statusor.h"
#include "absl/strings/ascii.h"
#include "absl/strings/escaping.h"
#include "absl/strings/match.h"
#include "absl/strings/str_cat.h"
#include "absl/strings/str_format.h"
#include "absl/strings/str_join.h"
#include "absl/strings/str_replace.h"
#include "absl/strings/strip.h"
#include "digest/digest.h"
#include "digest/digest_calendar.h"
#include "digest/digest_render.h"
#include "digest/digest_text.h"

namespace meute::digest {
namespace {

constexpr absl::string_view kCrlf = "\r\n";

uint64_t Fnv1a64(absl::string_view data, uint64_t h = 0xcbf29ce484222325ULL) {
  for (char c : data) {
    h ^= static_cast<uint8_t>(c);
    h *= 0x100000001b3ULL;
  }
  return h;
}

bool IsAsciiPrintable(absl::string_view s) {
  for (char c : s) {
    const unsigned char u = static_cast<unsigned char>(c);
    if (u < 0x20 || u > 0x7e) return false;
  }
  return true;
}

// Length of the UTF-8 sequence starting with lead byte `c` (1 for stray bytes).
size_t SequenceLength(unsigned char c) {
  if (c >= 0xF0) return 4;
  if (c >= 0xE0) return 3;
  if (c >= 0xC0) return 2;
  return 1;
}

// RFC 2047 "B" encoded-words for `text`, joined by CRLF SPACE (a folded
// header). Each word is at most 75 characters and never splits a UTF-8
// sequence; the first one also fits in a 78-character line after `used`
// characters (the header name).
std::string EncodedWords(absl::string_view text, size_t used) {
  constexpr size_t kFraming = 12;  // "=?UTF-8?B?" and "?=".
  auto bytes_for = [](size_t room) {
    return room <= kFraming ? size_t{3} : (room - kFraming) / 4 * 3;
  };
  std::vector<std::string> words;
  size_t budget = std::min(bytes_for(78 - std::min<size_t>(used, 60)), bytes_for(75));
  size_t i = 0;
  while (i < text.size()) {
    size_t end = i;
    while (end < text.size()) {
      const size_t len = SequenceLength(static_cast<unsigned char>(text[end]));
      if (end + len - i > budget) break;
      end += len;
    }
    if (end == i)
      end = std::min(text.size(), i + SequenceLength(static_cast<unsigned char>(text[i])));
    words.push_back(absl::StrCat("=?UTF-8?B?", absl::Base64Escape(text.substr(i, end - i)), "?="));
    i = end;
    budget = bytes_for(75);  // Continuation lines: one space, then the word.
  }
  return absl::StrJoin(words, absl::StrCat(kCrlf, " "));
}

// A header value from raw text: as is when short printable ASCII, otherwise
// encoded-words.
std::string HeaderText(absl::string_view text, size_t used) {
  if (IsAsciiPrintable(text) && used + text.size() <= 78 && !absl::StrContains(text, "=?")) {
    return std::string(text);
  }
  return EncodedWords(text, used);
}

struct Mailbox {
  std::string display;  // Raw.
  std::string address;  // local@domain
};

absl::StatusOr<Mailbox> ParseMailbox(absl::string_view what, absl::string_view text) {
  if (text.find_first_of(std::string("\r\n\0", 3)) != absl::string_view::npos) {
    return absl::InvalidArgumentError(
        absl::StrCat(what, " address \"", absl::CEscape(text), "\" holds a line break"));
  }
  text = absl::StripAsciiWhitespace(text);
  Mailbox box;
  const size_t lt = text.rfind('<');
  if (lt != absl::string_view::npos && absl::EndsWith(text, ">")) {
    box.address =
        std::string(absl::StripAsciiWhitespace(text.substr(lt + 1, text.size() - lt - 2)));
    box.display = std::string(absl::StripAsciiWhitespace(text.substr(0, lt)));
    if (box.display.size() >= 2 && box.display.front() == '"' && box.display.back() == '"') {
      box.display = box.display.substr(1, box.display.size() - 2);
    }
  } else {
    box.address = std::string(text);
  }
  const size_t at = box.address.find('@');
  const bool ok = at != std::string::npos && at > 0 && at + 1 < box.address.size() &&
                  box.address.find('@', at + 1) == std::string::npos &&
                  IsAsciiPrintable(box.address) &&
                  box.address.find_first_of(" <>()[]\\,;:\"") == std::string::npos;
  if (!ok) {
    return absl::InvalidArgumentError(absl::StrCat(
        what, " address \"", text, "\" is not a mailbox such as Name <user@example.org>"));
  }
  return box;
}

// The mailbox for a header whose name takes `used` characters; a long or
// encoded display name puts the address on a continuation line.
std::string FormatMailbox(const Mailbox& box, size_t used) {
  if (box.display.empty()) return box.address;
  std::string name;
  if (IsAsciiPrintable(box.display)) {
    if (box.display.find_first_of("()<>[]:;@\\,.\"") == std::string::npos) {
      name = box.display;
    } else {
      name = absl::StrCat("\"", absl::StrReplaceAll(box.display, {{"\\", "\\\\"}, {"\"", "\\\""}}),
                          "\"");
    }
  } else {
    name = EncodedWords(box.display, used);
  }
  const size_t nl = name.rfind('\n');
  const size_t line_len = nl == std::string::npos ? used + name.size() : name.size() - nl - 1;
  const bool fold = line_len + box.address.size() + 3 > 78;
  return absl::StrCat(name, fold ? absl::StrCat(kCrlf, " <") : std::string(" <"), box.address, ">");
}

// Only [A-Za-z0-9.-] survive, for ids and boundaries.
std::string Token(absl::string_view s) {
  std::string out;
  for (char c : s) {
    if (absl::ascii_isalnum(static_cast<unsigned char>(c)) || c == '.' || c == '-')
      out.push_back(c);
  }
  return out.empty() ? "x" : out;
}

// Quoted-printable (RFC 2045 6.7) of UTF-8 text whose lines end in \n (a
// lone \r is dropped); lines at most 76 characters, CRLF line ends. A leading
// '.' and "From " are encoded too, so no mail transport ever alters them.
std::string QuotedPrintable(absl::string_view text) {
  static constexpr char kHex[] = "0123456789ABCDEF";
  std::string out;
  out.reserve(text.size() * 11 / 10);
  size_t line_len = 0;
  auto emit = [&](absl::string_view piece) {
    if (line_len + piece.size() > 75) {
      absl::StrAppend(&out, "=", kCrlf);
      line_len = 0;
    }
    out.append(piece.data(), piece.size());
    line_len += piece.size();
  };
  for (size_t i = 0; i < text.size(); ++i) {
    const unsigned char c = static_cast<unsigned char>(text[i]);
    if (c == '\r') continue;
    if (c == '\n') {
      absl::StrAppend(&out, kCrlf);
      line_len = 0;
      continue;
    }
    const bool at_line_end = i + 1 == text.size() || text[i + 1] == '\n' || text[i + 1] == '\r';
    const bool at_line_start = line_len == 0;
    bool encode = c == '=' || c > 126 || (c < 32 && c != '\t') ||
                  ((c == ' ' || c == '\t') && at_line_end) || (at_line_start && c == '.') ||
                  (at_line_start && c == 'F' && text.substr(i, 5) == "From ");
    if (encode) {
      const char hex[3] = {'=', kHex[c >> 4], kHex[c & 15]};
      // Keep a multi-byte character's encoded bytes on one line when possible.
      size_t len = c >= 0xC0 ? SequenceLength(c) : 1;
      if (len > 1 && i + len <= text.size() && line_len + 3 * len > 75) {
        absl::StrAppend(&out, "=", kCrlf);
        line_len = 0;
      }
      emit(absl::string_view(hex, 3));
    } else {
      const char ch = static_cast<char>(c);
      emit(absl::string_view(&ch, 1));
    }
  }
  return out;
}

// Base64 (RFC 2045 6.8) in lines of 76 characters, CRLF line ends.
std::string Base64Lines(absl::string_view data) {
  const std::string b64 = absl::Base64Escape(data);
  std::string out;
  for (size_t i = 0; i < b64.size(); i += 76) absl::StrAppend(&out, b64.substr(i, 76), kCrlf);
  return out;
}

}  // namespace

absl::StatusOr<std::string> RenderDigestEmail(const Digest& d, const EmailOptions& options) {
  if (options.hour < 0 || options.hour > 23) {
    return absl::InvalidArgumentError(absl::StrCat("e-mail hour ", options.hour, " is not 0..23"));
  }
  const std::optional<DayNumber> today = ParseDay(d.today);
  if (!today) {
    return absl::InvalidArgumentError(
        absl::StrCat("digest date \"", d.today, "\" is not YYYY-MM-DD"));
  }
  auto from = ParseMailbox("from", options.from);
  if (!from.ok()) return from.status();
  const std::string to_text =
      absl::StrReplaceAll(options.to, {{"{cluster}", d.cluster.id}, {"{name}", d.cluster.name}});
  auto to = ParseMailbox("to", to_text);
  if (!to.ok()) return to.status();

  // The picture: a PNG part the page names by its Content-ID, or a table.
  const std::string cid =
      absl::StrCat("partenaires.", Token(d.week), ".", Token(d.cluster.id), "@meute");
  std::string png;
  if (!d.partners.empty() && options.picture != EmailOptions::Picture::kTable) {
    absl::StatusOr<std::string> drawn = RenderDigestPng(d);
    if (drawn.ok()) {
      png = *std::move(drawn);
    } else if (options.picture == EmailOptions::Picture::kPng) {
      return drawn.status();
    }
  }
  HtmlOptions html_options;
  if (!png.empty()) {
    html_options.picture = HtmlPicture::kImage;
    html_options.image_src = absl::StrCat("cid:", cid);
  } else {
    html_options.picture = HtmlPicture::kTable;
  }
  const std::string text = RenderDigestMarkdown(d);
  const std::string html = RenderDigestHtml(d, html_options);
  const uint64_t hash = Fnv1a64(png, Fnv1a64(html, Fnv1a64(text)));
  const std::string hash_hex = absl::StrFormat("%016x", hash);
  const std::string domain = Token(from->address.substr(from->address.find('@') + 1));
  const std::string boundary = absl::StrCat("=_meute_", hash_hex);
  const std::string related = absl::StrCat("=_meute_rel_", hash_hex);

  std::string out;
  auto header = [&](absl::string_view name, absl::string_view value) {
    absl::StrAppend(&out, name, ": ", value, kCrlf);
  };
  header("Date", Rfc5322Date(*today, options.hour));
  header("From", FormatMailbox(*from, 6));
  header("To", FormatMailbox(*to, 4));
  header("Subject", HeaderText(DigestSubject(d), 9));
  header("Message-ID", absl::StrCat("<digest.", Token(d.week), ".", Token(d.cluster.id), ".",
                                    hash_hex, "@", domain, ">"));
  header("MIME-Version", "1.0");
  header("Content-Type", absl::StrCat("multipart/alternative; boundary=\"", boundary, "\""));
  header("Content-Language", "fr");
  header("Auto-Submitted", "auto-generated");
  header("X-Meute-Digest", absl::StrCat(Token(d.week), " ", Token(d.cluster.id)));
  absl::StrAppend(&out, kCrlf, "Digest Meute : ouvrez ce message dans un lecteur MIME.", kCrlf);
  auto part = [&](absl::string_view bound, absl::string_view type, absl::string_view body) {
    absl::StrAppend(&out, kCrlf, "--", bound, kCrlf, "Content-Type: ", type, "; charset=UTF-8",
                    kCrlf, "Content-Transfer-Encoding: quoted-printable", kCrlf, kCrlf,
                    QuotedPrintable(body));
  };
  part(boundary, "text/plain", text);
  if (png.empty()) {
    part(boundary, "text/html", html);
  } else {
    absl::StrAppend(&out, kCrlf, "--", boundary, kCrlf,
                    "Content-Type: multipart/related; type=\"text/html\";", kCrlf, " boundary=\"",
                    related, "\"", kCrlf, kCrlf, "Page et image.", kCrlf);
    part(related, "text/html", html);
    absl::StrAppend(&out, kCrlf, "--", related, kCrlf, "Content-Type: image/png", kCrlf,
                    "Content-Transfer-Encoding: base64", kCrlf, "Content-ID: <", cid, ">", kCrlf,
                    "Content-Disposition: inline; filename=\"partenaires.png\"", kCrlf, kCrlf,
                    Base64Lines(png));
    absl::StrAppend(&out, kCrlf, "--", related, "--", kCrlf);
  }
  absl::StrAppend(&out, kCrlf, "--", boundary, "--", kCrlf);
  return out;
}

}  // namespace meute::digest
